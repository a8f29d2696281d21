import { assertKurus, multiplyKurus, percentOf, type Kurus } from './money.ts';
import { DomainError, type ErrorDetail } from './order/errors.ts';
import { assertVatRate } from './vat.ts';

/** An order's pricing block (spec: create body `pricing`). */
export interface OrderPricing {
  baseAmount: Kurus;
  commission: Kurus;
  servicesAmount: Kurus;
  deliveryAmount: Kurus;
  discountAmount: Kurus;
  couponCode?: string;
  subTotalAmount: Kurus;
  /** Percent: 0, 1, 10, 20 (8, 18 before 2023-07-10). */
  vat: number;
  vatAmount: Kurus;
  totalAmount: Kurus;
  estAmount?: Kurus;
  holdingAmount?: Kurus;
}

/** What a caller sends when it lets {@link computeOrderPricing} fill the derived fields. */
export interface OrderPricingParts {
  baseAmount: Kurus;
  commission?: Kurus;
  servicesAmount?: Kurus;
  deliveryAmount?: Kurus;
  discountAmount?: Kurus;
  couponCode?: string;
  vat: number;
  estAmount?: Kurus;
  holdingAmount?: Kurus;
}

/** A load's pricing block (spec: `loads[].pricing`). */
export interface LoadPricing {
  baseAmount: Kurus;
  postalServiceAmount: Kurus;
  subTotalAmount: Kurus;
  vat: number;
  vatAmount: Kurus;
  totalAmount: Kurus;
}

/** A service's pricing block (spec: `services[].pricing`); `baseAmount` is per unit. */
export interface ServicePricing {
  baseAmount: Kurus;
  quantity: number;
  vat: number;
  vatAmount: Kurus;
  totalAmount: Kurus;
}

/** An expense's or income's pricing block (spec: `pricing` of expenses and incomes). */
export interface LedgerPricing {
  unitType: string;
  quantity: number;
  unitPrice: Kurus;
  vat: number;
  vatPrice: Kurus;
  totalPrice: Kurus;
  holdingPrice: Kurus;
  currency: string;
}

/** Where a block sits (`pricing`, `loads[0].pricing`) and the date that decides its VAT rates. */
export interface PricingCheck {
  path: string;
  date: string;
}

type Expected = Record<string, Kurus>;

function assertAmounts(block: object, fields: readonly string[], path: string): void {
  const values = block as Record<string, unknown>;
  for (const field of fields) {
    if (values[field] !== undefined) assertKurus(values[field], { path: `${path}.${field}` });
  }
}

function assertQuantity(quantity: number, path: string): void {
  if (Number.isSafeInteger(quantity) && quantity > 0) return;
  const reason = 'must be a whole number above zero';
  throw new DomainError('VALIDATION_FAILED', `${path}.quantity: ${reason}`, [
    { path: `${path}.quantity`, reason },
  ]);
}

function assertMatches(block: object, expected: Expected, path: string): void {
  const values = block as Record<string, unknown>;
  const details: ErrorDetail[] = Object.entries(expected)
    .filter(([field, value]) => values[field] !== value)
    .map(([field, value]) => ({
      path: `${path}.${field}`,
      reason: `expected ${value}, got ${values[field]}`,
    }));
  const first = details[0];
  if (!first) return;
  const field = first.path.slice(path.length + 1);
  throw new DomainError('PRICING_MISMATCH', `${first.path}: ${first.reason}`, details, {
    field: first.path,
    expected: expected[field],
    actual: values[field],
  });
}

function orderDerived(parts: OrderPricingParts, path: string): Expected {
  const { baseAmount, commission = 0, servicesAmount = 0, deliveryAmount = 0, discountAmount = 0 } = parts;
  const subTotalAmount = baseAmount + commission + servicesAmount + deliveryAmount - discountAmount;
  if (subTotalAmount < 0) assertKurus(subTotalAmount, { path: `${path}.discountAmount` });
  const vatAmount = percentOf(subTotalAmount, parts.vat);
  return { subTotalAmount, vatAmount, totalAmount: subTotalAmount + vatAmount };
}

const orderAmountFields = [
  'baseAmount',
  'commission',
  'servicesAmount',
  'deliveryAmount',
  'discountAmount',
  'subTotalAmount',
  'vatAmount',
  'totalAmount',
  'estAmount',
  'holdingAmount',
] as const;

/**
 * Checks an order pricing block: amounts are kuruş, VAT is a rate in force on `date`, and
 * subTotal = base + commission + services + delivery − discount, vatAmount = percentOf(subTotal,
 * vat), total = subTotal + vatAmount (PRICING_MISMATCH names every field that disagrees).
 */
export function assertOrderPricing(pricing: OrderPricing, { path, date }: PricingCheck): void {
  assertAmounts(pricing, orderAmountFields, path);
  assertVatRate(pricing.vat, date, `${path}.vat`);
  assertMatches(pricing, orderDerived(pricing, path), path);
}

/** Fills subTotalAmount, vatAmount and totalAmount from the parts (missing parts count as 0). */
export function computeOrderPricing(parts: OrderPricingParts): OrderPricing {
  assertAmounts(parts, orderAmountFields, 'pricing');
  return {
    commission: 0,
    servicesAmount: 0,
    deliveryAmount: 0,
    discountAmount: 0,
    ...parts,
    ...orderDerived(parts, 'pricing'),
  } as OrderPricing;
}

function loadDerived(parts: Pick<LoadPricing, 'baseAmount' | 'postalServiceAmount' | 'vat'>): Expected {
  const subTotalAmount = parts.baseAmount + parts.postalServiceAmount;
  const vatAmount = percentOf(subTotalAmount, parts.vat);
  return { subTotalAmount, vatAmount, totalAmount: subTotalAmount + vatAmount };
}

const loadAmountFields = ['baseAmount', 'postalServiceAmount', 'subTotalAmount', 'vatAmount', 'totalAmount'];

/** Checks a load pricing block: subTotal = base + postal, vatAmount = percentOf(subTotal, vat), total = subTotal + vatAmount. */
export function assertLoadPricing(pricing: LoadPricing, { path, date }: PricingCheck): void {
  assertAmounts(pricing, loadAmountFields, path);
  assertVatRate(pricing.vat, date, `${path}.vat`);
  assertMatches(pricing, loadDerived(pricing), path);
}

/** Fills a load pricing block's derived fields. */
export function computeLoadPricing(
  parts: Pick<LoadPricing, 'baseAmount' | 'postalServiceAmount' | 'vat'>,
): LoadPricing {
  assertAmounts(parts, loadAmountFields, 'pricing');
  return { ...parts, ...loadDerived(parts) } as LoadPricing;
}

function serviceDerived(
  parts: Pick<ServicePricing, 'baseAmount' | 'quantity' | 'vat'>,
  path: string,
): Expected {
  const net = multiplyKurus(parts.baseAmount, parts.quantity, `${path}.baseAmount`);
  const vatAmount = percentOf(net, parts.vat);
  return { vatAmount, totalAmount: net + vatAmount };
}

const serviceAmountFields = ['baseAmount', 'vatAmount', 'totalAmount'];

/** Checks a service pricing block: vatAmount = percentOf(base × quantity, vat), total = base × quantity + vatAmount. */
export function assertServicePricing(pricing: ServicePricing, { path, date }: PricingCheck): void {
  assertAmounts(pricing, serviceAmountFields, path);
  assertQuantity(pricing.quantity, path);
  assertVatRate(pricing.vat, date, `${path}.vat`);
  assertMatches(pricing, serviceDerived(pricing, path), path);
}

/** Fills a service pricing block's derived fields. */
export function computeServicePricing(
  parts: Pick<ServicePricing, 'baseAmount' | 'quantity' | 'vat'>,
): ServicePricing {
  assertAmounts(parts, serviceAmountFields, 'pricing');
  assertQuantity(parts.quantity, 'pricing');
  return { ...parts, ...serviceDerived(parts, 'pricing') } as ServicePricing;
}

function ledgerDerived(parts: Pick<LedgerPricing, 'unitPrice' | 'quantity' | 'vat'>, path: string): Expected {
  const net = multiplyKurus(parts.unitPrice, parts.quantity, `${path}.unitPrice`);
  const vatPrice = percentOf(net, parts.vat);
  return { vatPrice, totalPrice: net + vatPrice };
}

const ledgerAmountFields = ['unitPrice', 'vatPrice', 'totalPrice', 'holdingPrice'];

/** Checks an expense/income pricing block: vatPrice = percentOf(unitPrice × quantity, vat), total = unitPrice × quantity + vatPrice. */
export function assertLedgerPricing(pricing: LedgerPricing, { path, date }: PricingCheck): void {
  assertAmounts(pricing, ledgerAmountFields, path);
  assertQuantity(pricing.quantity, path);
  assertVatRate(pricing.vat, date, `${path}.vat`);
  assertMatches(pricing, ledgerDerived(pricing, path), path);
}

/** Fills an expense/income pricing block's derived fields (holdingPrice 0 and currency TRY by default). */
export function computeLedgerPricing(
  parts: Pick<LedgerPricing, 'unitType' | 'unitPrice' | 'quantity' | 'vat'> &
    Partial<Pick<LedgerPricing, 'holdingPrice' | 'currency'>>,
): LedgerPricing {
  assertAmounts(parts, ledgerAmountFields, 'pricing');
  assertQuantity(parts.quantity, 'pricing');
  return { holdingPrice: 0, currency: 'TRY', ...parts, ...ledgerDerived(parts, 'pricing') } as LedgerPricing;
}
