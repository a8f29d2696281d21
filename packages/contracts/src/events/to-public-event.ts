// The one mapping from a domain event (as the order service stores it, upcast to the current
// version) to the event other teams receive. It copies references, enums, amounts and dates
// field by field; it never spreads a domain object, so a personal field added to the domain later
// cannot leak by accident. Every public field is named here (`compact` takes them all), so a
// field added to a public schema without a mapping fails to compile.
import type {
  EventOfType,
  LedgerPricing,
  LoadInput,
  LoadLog,
  Offer,
  OrderAttributes,
  OrderDocument,
  OrderEvent,
  OrderEventType,
  Payment,
  Route,
  Waybill,
  Expense,
  Income,
  Operation,
  Invoice,
  Driver,
} from '@orders/domain';
import type { z } from 'zod';
import { publicSchemaVersions, type PublicPayload } from './payloads.v1.ts';
import type { publicLedgerPricing, publicLoad, PublicOrderAttributes, publicRoute } from './public-fields.ts';
import type { PublicOrderEvent } from './public-event.ts';

/** What the envelope needs besides the domain event: where the event is stored and why it happened. */
export interface PublicEventMeta {
  /** The stored event's id (a UUID): consumers dedupe by it. */
  eventId: string;
  tenantId: string;
  /** The event's version in its order's stream (1 = OrderCreated). */
  streamVersion: number | bigint;
  /** The event's global position in the event store. */
  position: number | bigint | string;
  correlationId?: string | undefined;
  causationId?: string | undefined;
}

type Loose<T> = { [K in keyof T]-?: T[K] | undefined };

/** `value` without its undefined members: every key of `T` must be named, optional ones may be undefined. */
function compact<T extends object>(value: Loose<T>): T {
  const out: Record<string, unknown> = {};
  for (const [key, member] of Object.entries(value)) if (member !== undefined) out[key] = member;
  return out as T;
}

/** camelCase → snake_case, for the names of changed fields. */
export function snakeCase(name: string): string {
  return name.replace(/[A-Z]/g, (letter) => `_${letter.toLowerCase()}`);
}

const ledgerPricing = (p: LedgerPricing): z.infer<typeof publicLedgerPricing> =>
  compact({
    unit_type: p.unitType,
    quantity: p.quantity,
    unit_price: p.unitPrice,
    vat: p.vat,
    vat_price: p.vatPrice,
    total_price: p.totalPrice,
    holding_price: p.holdingPrice,
    currency: p.currency,
  });

/** A route as a reference: kind, region ids and saved-record ids; no address lines, coordinates or person. */
const route = (r: Route): z.infer<typeof publicRoute> =>
  compact({
    route_type: r.routeType,
    country_id: r.address?.countryId,
    city_id: r.address?.cityId,
    district_id: r.address?.districtId,
    address_type: r.address?.addressType,
    address_id: r.includes?.addressId,
    customer_id: r.includes?.customerId,
    user_id: r.includes?.userId,
  });

const load = (l: LoadInput): z.infer<typeof publicLoad> =>
  compact({
    load_id: l.loadId,
    load_no: l.loadNo,
    load_type: l.loadType,
    height: l.height,
    width: l.width,
    length: l.length,
    weight: l.weight,
    quantity: l.quantity,
    stackable: l.stackable,
    density: l.density,
    pricing:
      l.pricing &&
      compact({
        base_amount: l.pricing.baseAmount,
        postal_service_amount: l.pricing.postalServiceAmount,
        sub_total_amount: l.pricing.subTotalAmount,
        vat: l.pricing.vat,
        vat_amount: l.pricing.vatAmount,
        total_amount: l.pricing.totalAmount,
      }),
  });

/** The public fields among `a` (all of them for OrderCreated, the changed ones for OrderUpdated). */
function attributes(a: Partial<OrderAttributes>): Partial<PublicOrderAttributes> {
  return compact<Partial<PublicOrderAttributes>>({
    order_type: a.orderType,
    transport_mode: a.transportMode,
    transport_type: a.transportType,
    content_type: a.contentType,
    vehicle_type: a.vehicleType,
    vehicle_body: a.vehicleBody,
    upload_type: a.uploadType,
    container_type: a.containerType,
    pen_type: a.penType,
    shipping_type: a.shippingType,
    assign_type: a.assignType,
    third_party_channel: a.thirdPartyChannel,
    vehicle_quantity: a.vehicleQuantity,
    is_suborder: a.isSuborder,
    prev_order_id: a.prevOrderId,
    is_draft: a.isDraft,
    distance: a.distance,
    sales_manager_id: a.salesManagerId,
    operation_manager_id: a.operationManagerId,
    receipt_number: a.receiptNumber,
    send_sms_to_sender: a.sendSmsToSender,
    send_sms_to_receiver: a.sendSmsToReceiver,
    payment_type: a.paymentType,
    payment_method: a.paymentMethod,
    dates:
      a.dates &&
      compact({
        departure_date: a.dates.departureDate,
        departure_hour: a.dates.departureHour,
        arrival_date: a.dates.arrivalDate,
        arrival_hour: a.dates.arrivalHour,
      }),
    pricing:
      a.pricing &&
      compact({
        base_amount: a.pricing.baseAmount,
        commission: a.pricing.commission,
        services_amount: a.pricing.servicesAmount,
        delivery_amount: a.pricing.deliveryAmount,
        discount_amount: a.pricing.discountAmount,
        sub_total_amount: a.pricing.subTotalAmount,
        vat: a.pricing.vat,
        vat_amount: a.pricing.vatAmount,
        total_amount: a.pricing.totalAmount,
        est_amount: a.pricing.estAmount,
        holding_amount: a.pricing.holdingAmount,
      }),
    services: a.services?.map((s) =>
      compact({
        service_type: s.serviceType,
        pricing:
          s.pricing &&
          compact({
            base_amount: s.pricing.baseAmount,
            quantity: s.pricing.quantity,
            vat: s.pricing.vat,
            vat_amount: s.pricing.vatAmount,
            total_amount: s.pricing.totalAmount,
          }),
      }),
    ),
    routes: a.routes?.map(route),
    customers: a.customers?.map((c) => ({
      customer_id: c.customerId,
      customer_type: c.customerType,
      has_invoice: c.hasInvoice,
    })),
    branches: a.branches?.map((b) => ({
      branch_id: b.branchId,
      route_type: b.routeType,
      in_branch: b.inBranch,
    })),
  });
}

const loadLog = (l: LoadLog): PublicPayload<'LoadLogCreated'> =>
  compact({
    load_log_id: l.loadLogId,
    load_id: l.loadId,
    load_no: l.loadNo,
    load_type: l.loadType,
    load_status: l.loadStatus,
    load_action_type: l.loadActionType,
    leg_id: l.legId,
  });

const waybill = (w: Waybill): PublicPayload<'WaybillCreated'> =>
  compact({
    waybill_id: w.waybillId,
    serial_no: w.serialNo,
    sequence_no: w.sequenceNo,
    waybill_type: w.waybillType,
    shipment_date: w.shipmentDate,
    shipment_hour: w.shipmentHour,
    currency: w.currency,
    amount: w.amount,
  });

const expense = (e: Expense): PublicPayload<'ExpenseCreated'> =>
  compact({
    expense_id: e.expenseId,
    supplier_id: e.supplierId,
    expense_type: e.expenseType,
    date: e.date,
    pricing: ledgerPricing(e.pricing),
  });

const income = (i: Income): PublicPayload<'IncomeCreated'> =>
  compact({
    income_id: i.incomeId,
    supplier_id: i.supplierId,
    customer_id: i.customerId,
    income_type: i.incomeType,
    date: i.date,
    pricing: ledgerPricing(i.pricing),
  });

const operation = (o: Operation): PublicPayload<'OperationCreated'> =>
  compact({
    operation_id: o.operationId,
    operation_type: o.operationType,
    source_type: o.sourceType,
    vehicle_id: o.vehicleId,
    user_id: o.userId,
    supplier_id: o.supplierId,
  });

const invoice = (i: Invoice): PublicPayload<'InvoiceCreated'> =>
  compact({
    invoice_id: i.invoiceId,
    issue_date: i.issueDate,
    quantity: i.quantity,
    unit_price: i.unitPrice,
    vat: i.vat,
    due_date: i.dueDate,
    invoice_series: i.invoiceSeries,
    invoice_sequence: i.invoiceSequence,
    currency: i.currency,
    invoice_platform: i.invoicePlatform,
  });

const driver = (d: Driver): PublicPayload<'DriverAssigned'> => ({
  user_id: d.userId,
  driver_status: d.driverStatus,
});

/** No card (holder, last four digits) and no authorisation code. */
const payment = (p: Payment): PublicPayload<'PaymentCreated'> =>
  compact({
    payment_id: p.paymentId,
    payment_method: p.paymentMethod,
    payment_status: p.paymentStatus,
    currency: p.currency,
    amount: p.amount,
    due_date: p.dueDate,
    reference_code: p.referenceCode,
    error_code: p.errorCode,
  });

const offer = (o: Offer): PublicPayload<'OfferCreated'> =>
  compact({
    offer_id: o.offerId,
    prev_price: o.prevPrice,
    price: o.price,
    users: o.users.map((u) => ({ user_id: u.userId, user_type: u.userType, side: u.side })),
    offer_status: o.offerStatus,
  });

/** No title or description: free text may name people. */
const orderDocument = (d: OrderDocument): PublicPayload<'DocumentCreated'> => ({
  document_id: d.documentId,
  doc_type: d.docType,
  doc_status: d.docStatus,
  user_types: [...d.userTypes],
});

type Mappers = { [K in OrderEventType]: (data: EventOfType<K>['data']) => PublicPayload<K> };

/** The public payload of each event type, built from the domain event's data. */
export const publicPayloadMappers: Mappers = {
  OrderCreated: (d) => ({ order_no: d.orderNo, ...(attributes(d.attributes) as PublicOrderAttributes) }),
  OrderUpdated: (d) => ({
    changed_fields: Object.keys(d.changes).map(snakeCase),
    changes: attributes(d.changes),
  }),
  OrderDeleted: () => ({}),
  OrderStatusChanged: (d) => ({ from: d.from, to: d.to }),
  OrderCancelled: (d) => ({ from: d.from }),
  LoadsDelivered: (d) => ({ load_nos: [...d.loadNos] }),
  OrderDelivered: (d) => ({ from: d.from }),
  DeliveryCancelled: (d) => ({ restored_status: d.restoredStatus }),
  LoadsNoticed: (d) => ({
    notice_id: d.notice.noticeId,
    load_nos: [...d.notice.loadNos],
    notice_reason: d.notice.noticeReason,
  }),
  HandoverCreated: (d) => ({ handover_id: d.handoverId, handover_reason: d.handoverReason, from: d.from }),
  LoadCreated: (d) => load(d.load),
  LoadUpdated: (d) => load(d.load),
  LoadDeleted: (d) => ({ load_id: d.loadId }),
  LoadLogCreated: (d) => loadLog(d.loadLog),
  LoadLogUpdated: (d) => loadLog(d.loadLog),
  LoadLogDeleted: (d) => ({ load_id: d.loadId, load_log_id: d.loadLogId }),
  WaybillCreated: (d) => waybill(d.waybill),
  WaybillUpdated: (d) => waybill(d.waybill),
  WaybillDeleted: (d) => ({ waybill_id: d.waybillId }),
  ExpenseCreated: (d) => expense(d.expense),
  ExpenseUpdated: (d) => expense(d.expense),
  ExpenseDeleted: (d) => ({ expense_id: d.expenseId }),
  IncomeCreated: (d) => income(d.income),
  IncomeUpdated: (d) => income(d.income),
  IncomeDeleted: (d) => ({ income_id: d.incomeId }),
  OperationCreated: (d) => operation(d.operation),
  OperationUpdated: (d) => operation(d.operation),
  OperationDeleted: (d) => ({ operation_id: d.operationId }),
  InvoiceCreated: (d) => invoice(d.invoice),
  InvoiceUpdated: (d) => invoice(d.invoice),
  InvoiceDeleted: (d) => ({ invoice_id: d.invoiceId }),
  DriverAssigned: (d) => driver(d.driver),
  DriverUpdated: (d) => driver(d.driver),
  DriverRemoved: (d) => ({ user_id: d.userId }),
  PaymentCreated: (d) => payment(d.payment),
  PaymentUpdated: (d) => payment(d.payment),
  PaymentDeleted: (d) => ({ payment_id: d.paymentId }),
  PaymentSucceeded: (d) => ({ payment_id: d.paymentId, reference_code: d.referenceCode, amount: d.amount }),
  PaymentFailed: (d) => compact({ payment_id: d.paymentId, error_code: d.errorCode }),
  OfferCreated: (d) => offer(d.offer),
  OfferApproved: (d) => ({
    offer_id: d.offerId,
    price: d.price,
    rejected_offer_ids: [...d.rejectedOfferIds],
  }),
  OfferUpdated: (d) => ({ offer_id: d.offerId, offer_status: d.offerStatus }),
  OfferDeleted: (d) => ({ offer_id: d.offerId }),
  DocumentCreated: (d) => orderDocument(d.document),
  DocumentUpdated: (d) => orderDocument(d.document),
  DocumentDeleted: (d) => ({ document_id: d.documentId }),
};

/**
 * The event other teams receive for a domain event (upcast to the current domain version first):
 * the envelope from `meta` and the event's context, and the type's public payload (references
 * only, never personal data). Pure; throws a TypeError for a type it does not know.
 */
export function toPublicEvent(event: OrderEvent, meta: PublicEventMeta): PublicOrderEvent {
  const mapper = publicPayloadMappers[event.type] as ((data: unknown) => object) | undefined;
  if (mapper === undefined) throw new TypeError(`no public schema for event type ${String(event.type)}`);
  const published: Record<string, unknown> = {
    eventId: meta.eventId,
    type: event.type,
    schemaVersion: publicSchemaVersions[event.type],
    orderId: event.data.orderId,
    tenantId: meta.tenantId,
    streamVersion: Number(meta.streamVersion),
    position: String(meta.position),
    occurredAt: new Date(event.data.at).toISOString(),
    actorId: event.data.actorId,
  };
  if (meta.correlationId !== undefined) published['correlationId'] = meta.correlationId;
  if (meta.causationId !== undefined) published['causationId'] = meta.causationId;
  published['data'] = mapper(event.data);
  return published as PublicOrderEvent;
}
