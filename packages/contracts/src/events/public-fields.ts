// The building blocks of the public event payloads (orders.v1): references, enums, amounts and
// dates only. Names are the v3 spec's snake_case, as in the HTTP bodies. Nothing here can hold a
// name, a phone, an e-mail, an address line, coordinates, a TCKN/VKN or card data: the order
// service keeps those, and a consumer that needs them asks order-api with its own client.
import {
  addressTypes,
  assignTypes,
  branchRouteTypes,
  containerTypes,
  contentTypes,
  customerTypes,
  loadTypes,
  orderTypes,
  paymentMethods,
  paymentTypes,
  penTypes,
  routeTypes,
  serviceTypes,
  shippingTypes,
  transportModes,
  transportTypes,
  uploadTypes,
  vehicleBodies,
  vehicleTypes,
} from '@orders/domain';
import { z } from 'zod';
import { hourMinute } from '../http/common.ts';

/** An id of another record (order, load, customer, user, …): an opaque string. */
export const ref = z.string().min(1).max(200);

/** Money as an integer number of minor units: kuruş for TRY (159300 = 1593.00 TL). */
export const minorUnits = z
  .number()
  .int()
  .meta({ description: 'Integer minor units: kuruş for TRY (159300 = 1,593.00 TL); never a float.' });

/** A VAT rate in percent (0, 1, 10, 20; 8 and 18 before 2023-07-10). */
export const vatPercent = z.number().min(0).max(100).meta({ description: 'VAT rate in percent.' });

export const currencyCode = z.string().regex(/^[A-Z]{3}$/, 'expected an ISO 4217 code such as TRY');
export const calendarDate = z.iso.date();

export const publicOrderPricing = z.object({
  base_amount: minorUnits,
  commission: minorUnits,
  services_amount: minorUnits,
  delivery_amount: minorUnits,
  discount_amount: minorUnits,
  sub_total_amount: minorUnits,
  vat: vatPercent,
  vat_amount: minorUnits,
  total_amount: minorUnits,
  est_amount: minorUnits.optional(),
  holding_amount: minorUnits.optional(),
});

export const publicLoadPricing = z.object({
  base_amount: minorUnits,
  postal_service_amount: minorUnits,
  sub_total_amount: minorUnits,
  vat: vatPercent,
  vat_amount: minorUnits,
  total_amount: minorUnits,
});

export const publicServicePricing = z.object({
  base_amount: minorUnits.meta({ description: 'Per unit, in minor units.' }),
  quantity: z.number().int(),
  vat: vatPercent,
  vat_amount: minorUnits,
  total_amount: minorUnits,
});

export const publicLedgerPricing = z.object({
  unit_type: z.string(),
  quantity: z.number(),
  unit_price: minorUnits,
  vat: vatPercent,
  vat_price: minorUnits,
  total_price: minorUnits,
  holding_price: minorUnits,
  currency: currencyCode,
});

/**
 * A route of the order as a reference: where (country, city, district ids), what kind, and the
 * ids of the saved address, customer or user it came from. No street, no coordinates, no person.
 */
export const publicRoute = z.object({
  route_type: z.enum(routeTypes),
  country_id: z.number().int().optional(),
  city_id: z.number().int().optional(),
  district_id: z.number().int().optional(),
  address_type: z.enum(addressTypes).optional(),
  address_id: ref.optional(),
  customer_id: ref.optional(),
  user_id: ref.optional(),
});

export const publicOrderDates = z.object({
  departure_date: calendarDate.optional(),
  departure_hour: hourMinute.optional(),
  arrival_date: calendarDate.optional(),
  arrival_hour: hourMinute.optional(),
});

/** The order's own fields that may leave the order service (no note, no coupon code, no person). */
export const publicOrderAttributes = z.object({
  order_type: z.enum(orderTypes),
  transport_mode: z.enum(transportModes).optional(),
  transport_type: z.enum(transportTypes).optional(),
  content_type: z.enum(contentTypes).optional(),
  vehicle_type: z.enum(vehicleTypes).optional(),
  vehicle_body: z.enum(vehicleBodies).optional(),
  upload_type: z.enum(uploadTypes).optional(),
  container_type: z.enum(containerTypes).optional(),
  pen_type: z.enum(penTypes).optional(),
  shipping_type: z.enum(shippingTypes).optional(),
  assign_type: z.enum(assignTypes).optional(),
  third_party_channel: z.string().optional(),
  vehicle_quantity: z.number().int().optional(),
  is_suborder: z.boolean(),
  prev_order_id: ref.optional(),
  is_draft: z.boolean(),
  distance: z.number().meta({ description: 'Kilometres.' }).optional(),
  sales_manager_id: ref.optional(),
  operation_manager_id: ref.optional(),
  receipt_number: z.string().optional(),
  send_sms_to_sender: z.boolean().optional(),
  send_sms_to_receiver: z.boolean().optional(),
  payment_type: z.enum(paymentTypes).optional(),
  payment_method: z.enum(paymentMethods).optional(),
  dates: publicOrderDates.optional(),
  pricing: publicOrderPricing.optional(),
  services: z.array(
    z.object({ service_type: z.enum(serviceTypes), pricing: publicServicePricing.optional() }),
  ),
  routes: z.array(publicRoute),
  customers: z.array(
    z.object({ customer_id: ref, customer_type: z.enum(customerTypes), has_invoice: z.boolean() }),
  ),
  branches: z.array(
    z.object({ branch_id: ref, route_type: z.enum(branchRouteTypes), in_branch: z.boolean() }),
  ),
});
export type PublicOrderAttributes = z.infer<typeof publicOrderAttributes>;

export const publicLoad = z.object({
  load_id: ref,
  load_no: z.string(),
  load_type: z.enum(loadTypes),
  height: z.number().meta({ description: 'cm' }).optional(),
  width: z.number().meta({ description: 'cm' }).optional(),
  length: z.number().meta({ description: 'cm' }).optional(),
  weight: z.number().meta({ description: 'kg' }).optional(),
  quantity: z.number().int().optional(),
  stackable: z.boolean().optional(),
  density: z.string().optional(),
  pricing: publicLoadPricing.optional(),
});
