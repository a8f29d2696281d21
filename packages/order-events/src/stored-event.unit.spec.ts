import { orderEventHeaders, publicOrderEvent } from '@orders/contracts';
import type { StoredEvent } from '@orders/event-store';
import { EventHeaders } from '@orders/messaging';
import { describe, expect, it } from 'vitest';
import { orderEventMessage, publicEventOf, UnpublishableEventError } from './stored-event.ts';
import { orderHistory } from './testing/order-history.ts';

const history = orderHistory({ events: 12, seq: 5 });

function stored(index: number, overrides: Partial<StoredEvent> = {}): StoredEvent {
  const event = history.events[index]!;
  return {
    position: BigInt(100 + index),
    transactionId: '900',
    streamId: history.streamId,
    streamVersion: BigInt(index + 1),
    eventId: event.eventId,
    type: event.type,
    schemaVersion: event.schemaVersion ?? 1,
    data: event.data,
    metadata: event.metadata ?? {},
    createdAt: new Date('2025-03-14T09:00:01Z'),
    ...overrides,
  };
}

describe('publicEventOf', () => {
  it('maps a stored order event to its public envelope', () => {
    const event = publicEventOf(stored(0));
    expect(publicOrderEvent.parse(event)).toEqual(event);
    expect(event).toMatchObject({
      type: 'OrderCreated',
      orderId: history.orderId,
      tenantId: 'tenant-1',
      streamVersion: 1,
      position: '100',
      correlationId: history.events[0]!.metadata!.correlationId,
      data: {
        order_no: 'ORD-0000005',
        routes: [
          { route_type: 'origin', city_id: 34, district_id: 3410 },
          { route_type: 'destination', city_id: 6, district_id: 601 },
        ],
      },
    });
  });

  it('upcasts older stored versions first (PaymentCreated v1 had no currency)', () => {
    const index = history.events.findIndex((e) => e.type === 'PaymentCreated');
    const v2 = stored(index);
    const { currency: _currency, ...payment } = (v2.data as { payment: Record<string, unknown> }).payment;
    const v1 = { ...v2, schemaVersion: 1, data: { ...(v2.data as object), payment } };
    expect(publicEventOf(v1).data).toMatchObject({ currency: 'TRY' });
    expect(publicEventOf(v1)).toEqual(publicEventOf(v2));
  });

  it('uses the event id as correlation id for a root event', () => {
    const event = publicEventOf(stored(1, { metadata: { tenantId: 't-2' } }));
    expect(event.correlationId).toBe(history.events[1]!.eventId);
    expect(event).not.toHaveProperty('causationId');
  });

  it('refuses what it cannot publish faithfully: an unknown type, a newer schema version, no tenant', () => {
    expect(() => publicEventOf(stored(0, { type: 'OrderTeleported' }))).toThrow(UnpublishableEventError);
    expect(() => publicEventOf(stored(0, { schemaVersion: 9 }))).toThrow(/OrderCreated v9 cannot be read/);
    expect(() => publicEventOf(stored(0, { metadata: { correlationId: 'c' } }))).toThrow(/no tenantId/);
  });
});

describe('orderEventMessage', () => {
  it('keys by order id, carries the envelope as JSON and the standard headers', () => {
    const event = publicEventOf(stored(3));
    const message = orderEventMessage(event, 'orders.events.v1');
    expect(message.key).toBe(history.orderId);
    expect(JSON.parse(message.value as string)).toEqual(event);
    expect(orderEventHeaders.parse(message.headers)).toEqual(message.headers);
    expect(message.headers).toEqual({
      'event-id': event.eventId,
      'event-type': event.type,
      'schema-version': '1',
      'tenant-id': 'tenant-1',
      'correlation-id': event.correlationId,
      'causation-id': event.causationId,
      'occurred-at': event.occurredAt,
    });
  });

  it('names its headers as the contract documents them', () => {
    expect(Object.keys(orderEventHeaders.shape).toSorted()).toEqual(Object.values(EventHeaders).toSorted());
  });
});
