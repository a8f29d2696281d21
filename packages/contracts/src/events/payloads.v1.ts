// orders.v1: the public payload (`data` of the envelope) of every order event type. One schema
// per type; the compiler refuses a domain event type without one (`satisfies Record<…>` below)
// and a test checks the same at run time. A payload change that breaks consumers is a new
// version (orders.v2, a new topic); adding an optional field is not.
import {
  docStatuses,
  docTypes,
  driverStatuses,
  handoverReasons,
  invoicePlatforms,
  ledgerEntryTypes,
  loadActionTypes,
  loadStatuses,
  loadTypes,
  noticeReasons,
  offerSides,
  offerStatuses,
  operationTypes,
  orderStatuses,
  paymentMethods,
  paymentStatuses,
  sourceTypes,
  waybillTypes,
  type OrderEventType,
} from '@orders/domain';
import { z } from 'zod';
import { hourMinute } from '../http/common.ts';
import {
  calendarDate,
  currencyCode,
  minorUnits,
  publicLedgerPricing,
  publicLoad,
  publicOrderAttributes,
  ref,
  vatPercent,
} from './public-fields.ts';

/** The version of the public event contract: the topic `orders.events.v1` carries it. */
export const orderEventsContractVersion = 'orders.v1';

const status = z.enum(orderStatuses);
const loadNos = z.array(z.string());

const orderCreated = z
  .object({ order_no: z.string(), ...publicOrderAttributes.shape })
  .meta({ description: 'A new order with its public fields; its loads follow as LoadCreated events.' });

const orderUpdated = z
  .object({
    changed_fields: z.array(z.string()).meta({
      description:
        'snake_case names of every field that changed, including those not published here (e.g. note, a route’s person)',
    }),
    changes: publicOrderAttributes.partial(),
  })
  .meta({ description: 'The public fields that changed, with their new values (collections whole).' });

const loadLog = z.object({
  load_log_id: ref,
  load_id: ref,
  load_no: z.string(),
  load_type: z.enum(loadTypes),
  load_status: z.enum(loadStatuses),
  load_action_type: z.enum(loadActionTypes),
  leg_id: ref.optional(),
});

const waybill = z.object({
  waybill_id: ref,
  serial_no: z.string().optional(),
  sequence_no: z.string(),
  waybill_type: z.enum(waybillTypes),
  shipment_date: calendarDate.optional(),
  shipment_hour: hourMinute.optional(),
  currency: currencyCode,
  amount: minorUnits.optional(),
});

const expense = z.object({
  expense_id: ref,
  supplier_id: ref,
  expense_type: z.enum(ledgerEntryTypes),
  date: calendarDate.optional(),
  pricing: publicLedgerPricing,
});

const income = z.object({
  income_id: ref,
  supplier_id: ref.optional(),
  customer_id: ref.optional(),
  income_type: z.enum(ledgerEntryTypes),
  date: calendarDate.optional(),
  pricing: publicLedgerPricing,
});

const operation = z.object({
  operation_id: ref,
  operation_type: z.enum(operationTypes),
  source_type: z.enum(sourceTypes),
  vehicle_id: ref.optional(),
  user_id: ref.optional(),
  supplier_id: ref.optional(),
});

const invoice = z.object({
  invoice_id: ref,
  issue_date: calendarDate,
  quantity: z.number().optional(),
  unit_price: minorUnits.optional(),
  vat: vatPercent.optional(),
  due_date: calendarDate.optional(),
  invoice_series: z.string().optional(),
  invoice_sequence: z.string().optional(),
  currency: currencyCode,
  invoice_platform: z.enum(invoicePlatforms),
});

const driver = z.object({ user_id: ref, driver_status: z.enum(driverStatuses) });

const payment = z
  .object({
    payment_id: ref,
    payment_method: z.enum(paymentMethods),
    payment_status: z.enum(paymentStatuses),
    currency: currencyCode,
    amount: minorUnits.optional(),
    due_date: calendarDate.optional(),
    reference_code: z.string().optional(),
    error_code: z.string().optional(),
  })
  .meta({ description: 'A payment without card data or the virtual POS authorisation code.' });

const offer = z.object({
  offer_id: ref,
  prev_price: minorUnits.optional(),
  price: minorUnits,
  users: z.array(z.object({ user_id: ref, user_type: z.string(), side: z.enum(offerSides) })),
  offer_status: z.enum(offerStatuses),
});

const orderDocument = z.object({
  document_id: ref,
  doc_type: z.enum(docTypes),
  doc_status: z.enum(docStatuses),
  user_types: z.array(z.string()).meta({ description: 'Who may see the document.' }),
});

/** The payload parts that several event types share, by the name the AsyncAPI document gives them. */
export const sharedPayloadSchemas = {
  LoadV1: publicLoad,
  LoadLogV1: loadLog,
  WaybillV1: waybill,
  ExpenseV1: expense,
  IncomeV1: income,
  OperationV1: operation,
  InvoiceV1: invoice,
  DriverV1: driver,
  PaymentV1: payment,
  OfferV1: offer,
  DocumentV1: orderDocument,
} as const;

/** The public payload schema of each order event type (orders.v1). */
export const orderEventPayloadSchemas = {
  OrderCreated: orderCreated,
  OrderUpdated: orderUpdated,
  OrderDeleted: z.object({}).meta({ description: 'Soft delete: the order accepts no more commands.' }),
  OrderStatusChanged: z.object({ from: status, to: status }),
  OrderCancelled: z.object({ from: status }).meta({ description: '`from` → cancelled.' }),
  LoadsDelivered: z
    .object({ load_nos: loadNos })
    .meta({ description: 'Some loads delivered; the recipient stays in the order service.' }),
  OrderDelivered: z
    .object({ from: status })
    .meta({ description: 'Every load is delivered: `from` → delivered.' }),
  DeliveryCancelled: z
    .object({ restored_status: status })
    .meta({ description: 'delivered → `restored_status`; the loads are undelivered again.' }),
  LoadsNoticed: z.object({ notice_id: ref, load_nos: loadNos, notice_reason: z.enum(noticeReasons) }),
  HandoverCreated: z.object({ handover_id: ref, handover_reason: z.enum(handoverReasons), from: status }),
  LoadCreated: publicLoad,
  LoadUpdated: publicLoad,
  LoadDeleted: z.object({ load_id: ref }).meta({ description: 'Its logs are deleted with it.' }),
  LoadLogCreated: loadLog,
  LoadLogUpdated: loadLog,
  LoadLogDeleted: z.object({ load_id: ref, load_log_id: ref }),
  WaybillCreated: waybill,
  WaybillUpdated: waybill,
  WaybillDeleted: z.object({ waybill_id: ref }),
  ExpenseCreated: expense,
  ExpenseUpdated: expense,
  ExpenseDeleted: z.object({ expense_id: ref }),
  IncomeCreated: income,
  IncomeUpdated: income,
  IncomeDeleted: z.object({ income_id: ref }),
  OperationCreated: operation,
  OperationUpdated: operation,
  OperationDeleted: z.object({ operation_id: ref }),
  InvoiceCreated: invoice,
  InvoiceUpdated: invoice,
  InvoiceDeleted: z.object({ invoice_id: ref }),
  DriverAssigned: driver,
  DriverUpdated: driver,
  DriverRemoved: z.object({ user_id: ref }),
  PaymentCreated: payment,
  PaymentUpdated: payment,
  PaymentDeleted: z.object({ payment_id: ref }),
  PaymentSucceeded: z.object({ payment_id: ref, reference_code: z.string(), amount: minorUnits }),
  PaymentFailed: z.object({ payment_id: ref, error_code: z.string().optional() }),
  OfferCreated: offer,
  OfferApproved: z.object({ offer_id: ref, price: minorUnits, rejected_offer_ids: z.array(ref) }),
  OfferUpdated: z
    .object({ offer_id: ref, offer_status: z.enum(offerStatuses) })
    .meta({ description: 'Rejected or cancelled.' }),
  OfferDeleted: z.object({ offer_id: ref }),
  DocumentCreated: orderDocument,
  DocumentUpdated: orderDocument,
  DocumentDeleted: z.object({ document_id: ref }),
} as const satisfies Record<OrderEventType, z.ZodObject>;

/** The public payload of an event of type `K`. */
export type PublicPayload<K extends OrderEventType> = z.infer<(typeof orderEventPayloadSchemas)[K]>;

/**
 * The version of each type's public payload within orders.v1, carried as the envelope's
 * `schemaVersion` and the `schema-version` header. It is the public contract's version, not the
 * version the order service stores the event with (PaymentCreated is stored as v2 and published
 * as v1): stored versions are upcast before they are mapped.
 */
export const publicSchemaVersions = Object.fromEntries(
  Object.keys(orderEventPayloadSchemas).map((type) => [type, 1]),
) as Record<OrderEventType, 1>;
