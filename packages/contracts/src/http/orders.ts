import {
  addressTypes,
  assignTypes,
  branchRouteTypes,
  companyTypes,
  containerTypes,
  contentTypes,
  customerTypes,
  handoverReasons,
  loadTypes,
  noticeReasons,
  orderStatuses,
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
import {
  booleanQuery,
  hourMinute,
  isoDate,
  liraAmount,
  oneOrMany,
  pageQuery,
  percent,
  uuid,
} from './common.ts';

// 1. Create Order — every field of the spec's body.

export const orderPricingBody = z.strictObject({
  base_amount: liraAmount,
  commission: liraAmount.optional(),
  services_amount: liraAmount.optional(),
  delivery_amount: liraAmount.optional(),
  discount_amount: liraAmount.optional(),
  coupon_code: z.string().max(50).optional(),
  sub_total_amount: liraAmount.optional(),
  vat: percent,
  vat_amount: liraAmount.optional(),
  total_amount: liraAmount.optional(),
  est_amount: liraAmount.optional(),
  holding_amount: liraAmount.optional(),
});

export const servicePricingBody = z.strictObject({
  base_amount: liraAmount,
  vat: percent,
  vat_amount: liraAmount.optional(),
  total_amount: liraAmount.optional(),
  quantity: z.number().int().min(1).max(10_000).default(1),
});

export const orderServiceBody = z.strictObject({
  service_type: z.enum(serviceTypes),
  pricing: servicePricingBody,
});

export const companyBody = z.strictObject({
  title_legal: z.string().max(250).optional(),
  title_brand: z.string().max(250).optional(),
  tax_no: z
    .string()
    .regex(/^\d{10,11}$/, 'expected a 10-digit VKN or 11-digit TCKN')
    .optional(),
  tax_office: z.string().max(120).optional(),
  address: z.string().max(500).optional(),
  company_type: z.enum(companyTypes).optional(),
});

export const personBody = z.strictObject({
  firstname: z.string().max(100).optional(),
  lastname: z.string().max(100).optional(),
  fullname: z.string().max(200).optional(),
  identity: z
    .string()
    .regex(/^\d{10,11}$/, 'expected an 11-digit TCKN or a 10-digit VKN')
    .optional(),
  phone: z.string().max(30).optional(),
  email: z.email().optional(),
  company: companyBody.optional(),
});

export const addressBody = z.strictObject({
  latitude: z.number().min(-90).max(90).optional(),
  longitude: z.number().min(-180).max(180).optional(),
  tag: z.string().max(100).optional(),
  description: z.string().max(1000).optional(),
  note: z.string().max(1000).optional(),
  country_id: z.number().int().positive().optional(),
  city_id: z.number().int().positive().optional(),
  district_id: z.number().int().positive().optional(),
  quarter_id: z.number().int().positive().optional(),
  apartment: z.string().max(100).optional(),
  floor: z.string().max(20).optional(),
  flat: z.string().max(20).optional(),
  zip_code: z.string().max(10).optional(),
  full_address: z.string().max(1000).optional(),
  address_type: z.enum(addressTypes).optional(),
});

export const routeBody = z.strictObject({
  route_type: z.enum(routeTypes),
  address: addressBody.optional(),
  person: personBody.optional(),
  includes: z
    .strictObject({ address_id: uuid.optional(), customer_id: uuid.optional(), user_id: uuid.optional() })
    .optional(),
});

export const orderCustomerBody = z.strictObject({
  customer_id: uuid,
  customer_type: z.enum(customerTypes),
  has_invoice: z.boolean().default(false),
});

export const orderBranchBody = z.strictObject({
  branch_id: uuid,
  route_type: z.enum(branchRouteTypes),
  in_branch: z.boolean().default(false),
});

export const loadPricingBody = z.strictObject({
  base_amount: liraAmount,
  postal_service_amount: liraAmount.optional(),
  sub_total_amount: liraAmount.optional(),
  vat: percent,
  vat_amount: liraAmount.optional(),
  total_amount: liraAmount.optional(),
});

export const loadBody = z.strictObject({
  load_type: z.enum(loadTypes).default('parcel'),
  height: z.number().positive().max(10_000).optional(),
  width: z.number().positive().max(10_000).optional(),
  length: z.number().positive().max(10_000).optional(),
  weight: z.number().positive().max(1_000_000).optional(),
  quantity: z.number().int().min(1).max(100_000).default(1),
  stackable: z.boolean().optional(),
  density: z.string().max(50).optional(),
  /** Unique within the order; generated from the order number when absent. */
  load_no: z.string().min(1).max(64).optional(),
  pricing: loadPricingBody.optional(),
});

export const orderDatesBody = z.strictObject({
  departure_date: isoDate.optional(),
  departure_hour: hourMinute.optional(),
  arrival_date: isoDate.optional(),
  arrival_hour: hourMinute.optional(),
});

const orderFields = {
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
  order_status: z.enum(orderStatuses).optional(),
  third_party_channel: z.string().min(1).max(50).optional(),
  vehicle_quantity: z.number().int().min(1).max(1_000).optional(),
  note: z.string().max(2_000).optional(),
  is_suborder: z.boolean().optional(),
  prev_order_id: uuid.optional(),
  is_draft: z.boolean().optional(),
  distance: z.number().min(0).max(100_000).optional(),
  sales_manager_id: uuid.optional(),
  operation_manager_id: uuid.optional(),
  receipt_number: z.string().max(51).optional(),
  send_sms_to_sender: z.boolean().optional(),
  send_sms_to_receiver: z.boolean().optional(),
  payment_type: z.enum(paymentTypes).optional(),
  payment_method: z.enum(paymentMethods).optional(),
  dates: orderDatesBody.optional(),
  pricing: orderPricingBody.optional(),
  services: z.array(orderServiceBody).max(20).optional(),
  routes: z.array(routeBody).max(20).optional(),
  customers: z.array(orderCustomerBody).max(20).optional(),
  branches: z.array(orderBranchBody).max(10).optional(),
  loads: z.array(loadBody).max(500).optional(),
};

export const createOrderBody = z.strictObject(orderFields);
export type CreateOrderBody = z.infer<typeof createOrderBody>;

// 4. Update Order: every field optional, the same structure.
export const updateOrderBody = z.strictObject(orderFields).partial();
export type UpdateOrderBody = z.infer<typeof updateOrderBody>;

// 7. Cancel Delivery
export const cancelDeliveryBody = z.strictObject({ cancel_reason: z.string().max(500).optional() });

// 8. Deliver Loads
export const deliverLoadsBody = z.strictObject({
  loads: z.array(z.string().min(1).max(64)).min(1).max(500),
  recipient_name: z.string().max(200).optional(),
  recipient_phone: z.string().max(30).optional(),
});

// 9. Notice Loads
export const noticeLoadsBody = z.strictObject({
  loads: z.array(z.string().min(1).max(64)).min(1).max(500),
  notice_reason: z.enum(noticeReasons),
  description: z.string().max(2_000).optional(),
});

// 10. Handover Create
export const handoverBody = z.strictObject({ handover_reason: z.enum(handoverReasons) });

// 17. Calculate Order Price
export const coordinates = z.strictObject({
  latitude: z.number().min(-90).max(90),
  longitude: z.number().min(-180).max(180),
});
export const calculateOrderPriceBody = z.strictObject({
  origin: coordinates,
  destination: coordinates,
  vehicle_type: z.enum(vehicleTypes),
  weight: z.number().positive().max(1_000_000).optional(),
  loads: z
    .array(
      z.strictObject({
        length: z.number().positive(),
        width: z.number().positive(),
        height: z.number().positive(),
        weight: z.number().positive(),
        quantity: z.number().int().min(1).default(1),
      }),
    )
    .max(500)
    .optional(),
  services: z.array(z.enum(serviceTypes)).max(20).optional(),
  vat: percent.optional(),
});

/** Columns `sort[id]` accepts on the order list (and export). */
export const orderSortColumns = [
  'order_no',
  'created_at',
  'updated_at',
  'status',
  'order_type',
  'transport_mode',
  'transport_type',
  'shipping_type',
  'payment_type',
  'departure_date',
  'arrival_date',
  'delivered_at',
  'total_amount',
  'paid_amount',
  'invoice_status',
  'collection_status',
  'sender_name',
  'receiver_name',
  'load_count',
] as const;

/** An order's invoicing: none asked and none issued, asked (a customer has has_invoice) but none issued, or issued. */
export const invoiceStatuses = ['none', 'pending', 'invoiced'] as const;
/** What was collected of the order's total: nothing, part of it, all of it (paid payments). */
export const collectionStatuses = ['unpaid', 'partial', 'paid'] as const;

// 2. List Orders — every filter and deep search of the spec.
export const orderListFilters = z.strictObject({
  start_date: isoDate.optional(),
  end_date: isoDate.optional(),
  created_at: isoDate.optional(),
  min_date: isoDate.optional(),
  max_date: isoDate.optional(),
  customer_id: uuid.optional(),
  user_id: uuid.optional(),
  driver_id: uuid.optional(),
  branch_id: uuid.optional(),
  order_type: z.enum(orderTypes).optional(),
  transport_mode: z.enum(transportModes).optional(),
  content_type: z.enum(contentTypes).optional(),
  transport_type: z.enum(transportTypes).optional(),
  vehicle_type: z.enum(vehicleTypes).optional(),
  vehicle_body: z.enum(vehicleBodies).optional(),
  upload_type: z.enum(uploadTypes).optional(),
  container_type: z.enum(containerTypes).optional(),
  pen_type: z.enum(penTypes).optional(),
  shipping_type: z.enum(shippingTypes).optional(),
  assign_type: z.enum(assignTypes).optional(),
  status: oneOrMany(z.enum(orderStatuses)).optional(),
  payment_type: oneOrMany(z.enum(paymentTypes)).optional(),
  has_invoice: booleanQuery.optional(),
  invoice_status: oneOrMany(z.enum(invoiceStatuses)).optional(),
  collection_status: oneOrMany(z.enum(collectionStatuses)).optional(),
  transfer_center_id: oneOrMany(uuid).optional(),
});

export const orderDeepSearch = z.strictObject({
  sender_customer: z.string().min(1).max(200).optional(),
  receiver_customer: z.string().min(1).max(200).optional(),
  origin_branch: z.string().min(1).max(200).optional(),
  destination_branch: z.string().min(1).max(200).optional(),
  order_no: z.string().min(1).max(64).optional(),
  invoice_customer: z.string().min(1).max(200).optional(),
  created_by: z.string().min(1).max(200).optional(),
});

export const orderListQuery = z.strictObject({
  page: pageQuery.optional(),
  search: z.string().max(200).optional(),
  filter: orderListFilters.optional(),
  deep_search: orderDeepSearch.optional(),
  sort: z
    .strictObject({ id: z.enum(orderSortColumns).optional(), type: z.enum(['asc', 'desc']).default('desc') })
    .optional(),
  min_position: z.coerce.number().int().min(0).optional(),
});

export const exportQuery = orderListQuery.extend({ format: z.enum(['csv', 'xlsx']).default('csv') });

// 12. Report
export const reportQuery = z.strictObject({
  filter: z
    .strictObject({
      customer_id: uuid.optional(),
      has_invoice: booleanQuery.optional(),
      branch_id: uuid.optional(),
      report_year: z.coerce.number().int().min(2000).max(2100).optional(),
      status: oneOrMany(z.enum(orderStatuses)).optional(),
      min_date: isoDate.optional(),
      max_date: isoDate.optional(),
    })
    .optional(),
  min_position: z.coerce.number().int().min(0).optional(),
});

// 13. Suspended Report
export const suspendedReportQuery = z.strictObject({
  page: pageQuery.optional(),
  search: z.string().max(200).optional(),
  min_position: z.coerce.number().int().min(0).optional(),
});

// 14. Print Load Barcode — unauthenticated, so reachable only through a signed, expiring link
// (`expires`: unix seconds; `signature`: HMAC-SHA256, base64url) that GET /:order_id/print-links hands out.
export const printLoadBarcodeQuery = z.strictObject({
  barcodes: z.string().min(1).max(2_000),
  expires: z.coerce.number().int().optional(),
  signature: z.string().max(200).optional(),
});

// 15. Print Receipt — the same signed link, without barcodes.
export const printReceiptQuery = z.strictObject({
  expires: z.coerce.number().int().optional(),
  signature: z.string().max(200).optional(),
});

/** The authenticated route that signs print links: `barcodes` (comma-separated load numbers; all loads when absent). */
export const printLinksQuery = z.strictObject({
  barcodes: z.string().min(1).max(2_000).optional(),
});

// 16. Order Logs
export const orderLogsQuery = z.strictObject({
  page: pageQuery.optional(),
  min_position: z.coerce.number().int().min(0).optional(),
});

// 18–19. Calculate Balance — customers / branches
export const balanceSortColumns = [
  'party_id',
  'orders',
  'incomes',
  'expenses',
  'invoiced',
  'paid',
  'balance',
  'profit',
] as const;
export const balancesQuery = z.strictObject({
  page: pageQuery.optional(),
  filter: z
    .strictObject({
      customer_id: oneOrMany(uuid).optional(),
      branch_id: oneOrMany(uuid).optional(),
      min_date: isoDate.optional(),
      max_date: isoDate.optional(),
    })
    .optional(),
  sort: z
    .strictObject({ id: z.enum(balanceSortColumns).optional(), type: z.enum(['asc', 'desc']).default('asc') })
    .optional(),
  min_position: z.coerce.number().int().min(0).optional(),
});

/** The cross-order routes the spec writes under `/:order_id/` (report, export, …): any placeholder is accepted. */
export const anyOrderIdParams = z.strictObject({ order_id: z.string().min(1).max(100) });

export const orderIdParams = z.strictObject({ order_id: uuid });
export const orderNoParams = z.strictObject({ order_no: z.string().min(1).max(64) });
