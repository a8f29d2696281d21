import { eventSchemaVersions, orderEventTypes, type OrderEvent, type OrderEventType } from '@orders/domain';
import { describe, expect, it } from 'vitest';
import { orderEventEnvelope } from './envelope.ts';
import { orderEventPayloadSchemas, publicSchemaVersions, type PublicPayload } from './payloads.v1.ts';
import { publicOrderEvent, publicOrderEventSchemaOf } from './public-event.ts';
import { actorId, at, meta, orderId, personalValues, samples } from './test-support/domain-events.ts';
import { publicPayloadMappers, snakeCase, toPublicEvent } from './to-public-event.ts';

const ledger = {
  unit_type: 'trip',
  quantity: 2,
  unit_price: 50_000,
  vat: 20,
  vat_price: 20_000,
  total_price: 120_000,
  holding_price: 0,
  currency: 'TRY',
};
const load = {
  load_id: 'load-1',
  load_no: 'YUK-001',
  load_type: 'parcel',
  height: 50,
  width: 40,
  length: 60,
  weight: 10,
  quantity: 2,
  stackable: true,
  density: 'light',
  pricing: {
    base_amount: 10_000,
    postal_service_amount: 1_000,
    sub_total_amount: 11_000,
    vat: 20,
    vat_amount: 2_200,
    total_amount: 13_200,
  },
} as const;
const senderRoute = {
  route_type: 'origin',
  country_id: 90,
  city_id: 34,
  district_id: 3410,
  address_type: 'individual',
  address_id: 'addr-1',
  customer_id: 'cust-1',
  user_id: 'user-9',
} as const;
const payment = {
  payment_id: 'pay-1',
  payment_method: 'card',
  payment_status: 'pending',
  currency: 'TRY',
  amount: 162_000,
  due_date: '2025-03-20',
  reference_code: 'REF-1',
} as const;
const waybill = {
  waybill_id: 'wb-1',
  serial_no: 'A',
  sequence_no: '000123',
  waybill_type: 'shipment',
  shipment_date: '2025-03-15',
  shipment_hour: '10:30',
  currency: 'TRY',
  amount: 50_000,
} as const;
const invoice = {
  invoice_id: 'inv-1',
  issue_date: '2025-03-15',
  quantity: 1,
  unit_price: 135_000,
  vat: 20,
  due_date: '2025-04-15',
  invoice_series: 'ABC',
  invoice_sequence: '2025000001',
  currency: 'TRY',
  invoice_platform: 'parasut',
} as const;
const loadLog = {
  load_log_id: 'log-1',
  load_id: 'load-1',
  load_no: 'YUK-001',
  load_type: 'parcel',
  load_status: 'loaded',
  load_action_type: 'load',
  leg_id: 'leg-1',
} as const;
const operation = {
  operation_id: 'op-1',
  operation_type: 'picking',
  source_type: 'outsource',
  vehicle_id: 'veh-1',
  user_id: 'user-3',
  supplier_id: 'sup-2',
} as const;
const offer: PublicPayload<'OfferCreated'> = {
  offer_id: 'offer-1',
  prev_price: 120_000,
  price: 110_000,
  users: [
    { user_id: 'u-s', user_type: 'shipper', side: 'sender' },
    { user_id: 'u-r', user_type: 'admin', side: 'receiver' },
  ],
  offer_status: 'created',
};
const orderDocument: PublicPayload<'DocumentCreated'> = {
  document_id: 'doc-1',
  doc_type: 'driving-licence-front',
  doc_status: 'created',
  user_types: ['admin', 'driver'],
};

/** What each sample of test-support/domain-events.ts publishes as `data`. */
const expected: { [K in OrderEventType]: PublicPayload<K> } = {
  OrderCreated: {
    order_no: 'ORD-0001',
    order_type: 'delivery',
    transport_mode: 'fast',
    vehicle_type: 'motorbike',
    shipping_type: 'express',
    third_party_channel: 'vigo',
    is_suborder: false,
    is_draft: false,
    distance: 12.5,
    receipt_number: 'FIS-77',
    payment_type: 'cash',
    payment_method: 'card',
    dates: { departure_date: '2025-03-15', departure_hour: '09:00' },
    pricing: {
      base_amount: 100_000,
      commission: 10_000,
      services_amount: 5_000,
      delivery_amount: 20_000,
      discount_amount: 0,
      sub_total_amount: 135_000,
      vat: 20,
      vat_amount: 27_000,
      total_amount: 162_000,
    },
    services: [
      {
        service_type: 'insurance',
        pricing: { base_amount: 5_000, quantity: 1, vat: 20, vat_amount: 1_000, total_amount: 6_000 },
      },
    ],
    routes: [senderRoute, { route_type: 'destination', city_id: 6, district_id: 601 }],
    customers: [{ customer_id: 'cust-1', customer_type: 'sender', has_invoice: true }],
    branches: [{ branch_id: 'br-1', route_type: 'origin', in_branch: false }],
  },
  OrderUpdated: {
    changed_fields: ['note', 'vehicle_type', 'routes', 'send_sms_to_receiver'],
    changes: { vehicle_type: 'van', routes: [senderRoute], send_sms_to_receiver: true },
  },
  OrderDeleted: {},
  OrderStatusChanged: { from: 'assigned', to: 'to-picking' },
  OrderCancelled: { from: 'pending' },
  LoadsDelivered: { load_nos: ['YUK-001'] },
  OrderDelivered: { from: 'on-delivery' },
  DeliveryCancelled: { restored_status: 'on-delivery' },
  LoadsNoticed: { notice_id: 'n-1', load_nos: ['YUK-001', 'YUK-002'], notice_reason: 'damaged' },
  HandoverCreated: { handover_id: 'h-1', handover_reason: 'unreachable', from: 'on-delivery' },
  LoadCreated: load,
  LoadUpdated: { ...load, weight: 12 },
  LoadDeleted: { load_id: 'load-1' },
  LoadLogCreated: loadLog,
  LoadLogUpdated: { ...loadLog, load_status: 'unloaded' },
  LoadLogDeleted: { load_id: 'load-1', load_log_id: 'log-1' },
  WaybillCreated: waybill,
  WaybillUpdated: { ...waybill, amount: 60_000 },
  WaybillDeleted: { waybill_id: 'wb-1' },
  ExpenseCreated: {
    expense_id: 'exp-1',
    supplier_id: 'sup-1',
    expense_type: 'freight',
    date: '2025-03-15',
    pricing: ledger,
  },
  ExpenseUpdated: {
    expense_id: 'exp-1',
    supplier_id: 'sup-1',
    expense_type: 'spot',
    date: '2025-03-15',
    pricing: ledger,
  },
  ExpenseDeleted: { expense_id: 'exp-1' },
  IncomeCreated: {
    income_id: 'inc-1',
    customer_id: 'cust-1',
    income_type: 'porterage',
    date: '2025-03-15',
    pricing: ledger,
  },
  IncomeUpdated: {
    income_id: 'inc-1',
    customer_id: 'cust-1',
    income_type: 'porterage',
    date: '2025-03-16',
    pricing: ledger,
  },
  IncomeDeleted: { income_id: 'inc-1' },
  OperationCreated: operation,
  OperationUpdated: { ...operation, source_type: 'insource' },
  OperationDeleted: { operation_id: 'op-1' },
  InvoiceCreated: invoice,
  InvoiceUpdated: { ...invoice, invoice_platform: 'arf' },
  InvoiceDeleted: { invoice_id: 'inv-1' },
  DriverAssigned: { user_id: 'drv-1', driver_status: 'atandı' },
  DriverUpdated: { user_id: 'drv-1', driver_status: 'approved' },
  DriverRemoved: { user_id: 'drv-1' },
  PaymentCreated: payment,
  PaymentUpdated: { ...payment, payment_status: 'paid' },
  PaymentDeleted: { payment_id: 'pay-1' },
  PaymentSucceeded: { payment_id: 'pay-1', reference_code: 'REF-1', amount: 162_000 },
  PaymentFailed: { payment_id: 'pay-1', error_code: '51' },
  OfferCreated: offer,
  OfferApproved: { offer_id: 'offer-1', price: 110_000, rejected_offer_ids: ['offer-2'] },
  OfferUpdated: { offer_id: 'offer-2', offer_status: 'rejected' },
  OfferDeleted: { offer_id: 'offer-2' },
  DocumentCreated: orderDocument,
  DocumentUpdated: { ...orderDocument, doc_status: 'approved' },
  DocumentDeleted: { document_id: 'doc-1' },
};

describe('every domain event type has a public contract', () => {
  it('a payload schema, a mapper, a schema version and a tested sample for each type the domain knows', () => {
    const domainTypes = [...orderEventTypes].toSorted();
    expect(Object.keys(eventSchemaVersions).toSorted()).toEqual(domainTypes);
    expect(Object.keys(orderEventPayloadSchemas).toSorted()).toEqual(domainTypes);
    expect(Object.keys(publicPayloadMappers).toSorted()).toEqual(domainTypes);
    expect(Object.keys(publicSchemaVersions).toSorted()).toEqual(domainTypes);
    expect(Object.keys(samples).toSorted()).toEqual(domainTypes);
    expect(Object.keys(expected).toSorted()).toEqual(domainTypes);
  });

  it('refuses an event type it has no schema for, rather than publishing it untyped', () => {
    const unknown = { type: 'OrderTeleported', data: { orderId, actorId, at } } as unknown as OrderEvent;
    expect(() => toPublicEvent(unknown, meta)).toThrow(/no public schema for event type OrderTeleported/);
  });
});

describe('toPublicEvent', () => {
  it.each(orderEventTypes)('%s: the envelope and the public payload, nothing personal', (type) => {
    const published = toPublicEvent(samples[type], meta);
    expect(published).toEqual({
      eventId: meta.eventId,
      type,
      schemaVersion: 1,
      orderId,
      tenantId: 'tenant-7',
      streamVersion: 3,
      position: '1234',
      occurredAt: at,
      actorId,
      correlationId: 'req-42',
      causationId: 'req-42',
      data: expected[type],
    });
    // The type's schema takes it as it is: nothing stripped (no extra field), nothing missing.
    expect(publicOrderEventSchemaOf(type).parse(published)).toEqual(published);
    expect(publicOrderEvent.parse(JSON.parse(JSON.stringify(published)))).toEqual(published);
    expect(orderEventEnvelope.safeParse(published).success).toBe(true);
    const text = JSON.stringify(published);
    for (const value of personalValues) expect(text, `${type} leaks ${value}`).not.toContain(value);
  });

  it('leaves out correlation and causation ids that are not known', () => {
    const published = toPublicEvent(samples.OrderDeleted, {
      ...meta,
      correlationId: undefined,
      causationId: undefined,
    });
    expect(published).not.toHaveProperty('correlationId');
    expect(published).not.toHaveProperty('causationId');
    expect(publicOrderEvent.parse(published)).toEqual(published);
  });

  it('normalises the time of the event to UTC ISO 8601', () => {
    const event = {
      ...samples.OrderDeleted,
      data: { ...samples.OrderDeleted.data, at: '2025-03-14T12:26:53+03:00' },
    };
    expect(toPublicEvent(event, meta).occurredAt).toBe('2025-03-14T09:26:53.000Z');
  });

  it('an OrderUpdated that changed only unpublished fields still says which fields changed', () => {
    const event: OrderEvent = {
      type: 'OrderUpdated',
      data: { orderId, actorId, at, changes: { note: 'Not: Ayşe' } },
    };
    expect(toPublicEvent(event, meta).data).toEqual({ changed_fields: ['note'], changes: {} });
  });

  it('publishes the public schema version, not the stored one (PaymentCreated is stored as v2)', () => {
    expect(eventSchemaVersions.PaymentCreated).toBe(2);
    expect(toPublicEvent(samples.PaymentCreated, meta).schemaVersion).toBe(1);
  });
});

describe('publicOrderEvent', () => {
  it('refuses a payload that does not match its type', () => {
    const published = toPublicEvent(samples.OrderStatusChanged, meta);
    const wrong = { ...published, data: { from: 'assigned', to: 'teleported' } };
    expect(publicOrderEvent.safeParse(wrong).success).toBe(false);
    expect(publicOrderEvent.safeParse({ ...published, type: 'OrderTeleported' }).success).toBe(false);
  });

  it('drops fields it does not know, so consumers survive optional fields added later', () => {
    const published = toPublicEvent(samples.OrderCancelled, meta);
    const newer = { ...published, data: { ...published.data, reason_code: 'R1' } };
    expect(publicOrderEvent.parse(newer)).toEqual(published);
  });
});

describe('snakeCase', () => {
  it('turns domain field names into the spec’s', () => {
    expect(snakeCase('thirdPartyChannel')).toBe('third_party_channel');
    expect(snakeCase('isDraft')).toBe('is_draft');
    expect(snakeCase('routes')).toBe('routes');
  });
});
