// Checks and normalises the order's own fields (create and update bodies).
import { isValidIdentityOrTaxNo } from '../validators/identity.ts';
import { normalizeTurkishMobile } from '../validators/phone.ts';
import { isValidEmail, isValidReceiptNumber } from '../validators/text.ts';
import { isValidLatitude, isValidLongitude } from '../validators/geo.ts';
import { assertOrderPricing, assertServicePricing } from '../pricing.ts';
import type {
  Address,
  OrderAttributes,
  OrderAttributesInput,
  OrderDates,
  Person,
  Route,
} from './attributes.ts';
import {
  check,
  checkDate,
  checkHour,
  checkNonNegative,
  checkNotBefore,
  checkPositiveInteger,
  checkText,
  type Problems,
} from './validate.ts';

function checkAddress(problems: Problems, address: Address, path: string): void {
  const { latitude, longitude } = address;
  if (latitude !== undefined)
    check(problems, isValidLatitude(latitude), `${path}.latitude`, 'expected −90 to 90');
  if (longitude !== undefined) {
    check(problems, isValidLongitude(longitude), `${path}.longitude`, 'expected −180 to 180');
  }
}

const identityReason = 'expected a valid TCKN (11 digits) or VKN (10 digits)';

function normalizePerson(problems: Problems, person: Person, path: string): Person {
  const { identity, phone, email, company } = person;
  if (identity !== undefined)
    check(problems, isValidIdentityOrTaxNo(identity), `${path}.identity`, identityReason);
  if (email !== undefined)
    check(problems, isValidEmail(email), `${path}.email`, 'expected an e-mail address');
  const taxNo = company?.taxNo;
  if (taxNo !== undefined)
    check(problems, isValidIdentityOrTaxNo(taxNo), `${path}.company.taxNo`, identityReason);
  if (phone === undefined) return person;
  const mobile = normalizeTurkishMobile(phone);
  check(problems, mobile !== null, `${path}.phone`, 'expected a Turkish mobile number');
  return { ...person, phone: mobile ?? phone };
}

function normalizeRoute(problems: Problems, route: Route, path: string): Route {
  if (route.address) checkAddress(problems, route.address, `${path}.address`);
  return route.person
    ? { ...route, person: normalizePerson(problems, route.person, `${path}.person`) }
    : route;
}

function checkDates(problems: Problems, dates: OrderDates): void {
  checkDate(problems, dates.departureDate, 'dates.departureDate');
  checkDate(problems, dates.arrivalDate, 'dates.arrivalDate');
  checkHour(problems, dates.departureHour, 'dates.departureHour');
  checkHour(problems, dates.arrivalHour, 'dates.arrivalHour');
  checkNotBefore(problems, dates.departureDate, dates.arrivalDate, 'dates.arrivalDate');
}

/**
 * The provided fields of a create or update body, checked and normalised: phones as
 * +905XXXXXXXXX, `hasInvoice` / `inBranch` defaulted to false. Problems are collected.
 */
export function normalizeAttributes(
  problems: Problems,
  input: Partial<OrderAttributesInput>,
): Partial<OrderAttributes> {
  const { routes, customers, branches, dates } = input;
  checkText(problems, input.thirdPartyChannel, 'thirdPartyChannel');
  checkText(problems, input.prevOrderId, 'prevOrderId');
  checkPositiveInteger(problems, input.vehicleQuantity, 'vehicleQuantity');
  checkNonNegative(problems, input.distance, 'distance');
  if (input.receiptNumber !== undefined) {
    check(problems, isValidReceiptNumber(input.receiptNumber), 'receiptNumber', 'must be 1 to 51 characters');
  }
  if (dates) checkDates(problems, dates);
  customers?.forEach((customer, i) => checkText(problems, customer.customerId, `customers[${i}].customerId`));
  branches?.forEach((branch, i) => checkText(problems, branch.branchId, `branches[${i}].branchId`));
  const normalized: Partial<OrderAttributes> = { ...input } as Partial<OrderAttributes>;
  if (routes) normalized.routes = routes.map((route, i) => normalizeRoute(problems, route, `routes[${i}]`));
  if (customers) normalized.customers = customers.map((customer) => ({ hasInvoice: false, ...customer }));
  if (branches) normalized.branches = branches.map((branch) => ({ inBranch: false, ...branch }));
  return normalized;
}

/** Rules across fields, on the order as it would be: a suborder names its parent order. */
export function checkOrderRules(problems: Problems, order: OrderAttributes & { orderId: string }): void {
  if (order.isSuborder) {
    check(problems, order.prevOrderId !== undefined, 'prevOrderId', 'a suborder needs prevOrderId');
  }
  check(problems, order.prevOrderId !== order.orderId, 'prevOrderId', 'must not be the order itself');
}

/** Checks the order's pricing block and its services' pricing against the VAT rates of `date`. */
export function assertOrderMoney(order: Pick<OrderAttributes, 'pricing' | 'services'>, date: string): void {
  if (order.pricing) assertOrderPricing(order.pricing, { path: 'pricing', date });
  order.services.forEach((service, i) => {
    if (service.pricing) assertServicePricing(service.pricing, { path: `services[${i}].pricing`, date });
  });
}
