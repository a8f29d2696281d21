import { describe, expect, it } from 'vitest';
import { createOrder, event, eventsOf, orderOf } from '../test-support/fixtures.ts';
import { DomainError } from './errors.ts';
import { eventSchemaVersions, orderEventTypes } from './events.ts';
import { orderEventUpcasters, upcastOrderEvent } from './upcast.ts';

const v1Payment = { paymentId: 'payment-1', paymentMethod: 'cash', paymentStatus: 'pending' };
const v1 = {
  type: 'PaymentCreated',
  schemaVersion: 1,
  data: { orderId: 'o', actorId: 'u', at: '2022-01-01T00:00:00Z', payment: v1Payment },
};

function codeOf(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (error instanceof DomainError) return error.code;
  }
  return 'no DomainError';
}

describe('upcastOrderEvent', () => {
  it('gives a v1 PaymentCreated (before currencies) the currency TRY', () =>
    expect(upcastOrderEvent(v1)).toEqual({
      type: 'PaymentCreated',
      data: { ...v1.data, payment: { ...v1Payment, currency: 'TRY' } },
    }));

  it('so that the order built from old events has it', () => {
    const old = upcastOrderEvent({
      ...v1,
      data: { ...v1.data, orderId: eventsOf(createOrder())[0]!.data.orderId },
    });
    expect(orderOf([...eventsOf(createOrder()), old]).payments).toEqual([{ ...v1Payment, currency: 'TRY' }]);
  });

  it.each(orderEventTypes)('reads %s at its current version unchanged', (type) => {
    const data = { orderId: 'o', actorId: 'u', at: '2024-01-01T00:00:00Z', payment: { currency: 'EUR' } };
    expect(upcastOrderEvent({ type, schemaVersion: eventSchemaVersions[type], data })).toEqual({
      type,
      data,
    });
  });

  it('has an upcaster for every older version of every event type', () => {
    for (const type of orderEventTypes) {
      for (let version = 1; version < eventSchemaVersions[type]; version += 1) {
        expect({ type, version, upcaster: typeof orderEventUpcasters[type]?.[version] }).toEqual({
          type,
          version,
          upcaster: 'function',
        });
      }
    }
  });

  it('runs the registered chain, one version at a time', () => {
    const seen: number[] = [];
    const registry = {
      PaymentCreated: {
        1: (data: Record<string, unknown>) => {
          seen.push(1);
          return { ...data, lifted: true };
        },
      },
    };
    expect(upcastOrderEvent(v1, registry).data).toMatchObject({ lifted: true });
    expect(seen).toEqual([1]);
  });

  it('refuses unknown types, future or impossible versions and missing upcasters', () => {
    expect(codeOf(() => upcastOrderEvent({ type: 'OrderTeleported', schemaVersion: 1, data: {} }))).toBe(
      'UNKNOWN_EVENT',
    );
    expect(codeOf(() => upcastOrderEvent({ type: 'toString', schemaVersion: 1, data: {} }))).toBe(
      'UNKNOWN_EVENT',
    );
    expect(codeOf(() => upcastOrderEvent({ ...v1, schemaVersion: 3 }))).toBe('EVENT_VERSION_UNSUPPORTED');
    expect(codeOf(() => upcastOrderEvent({ ...v1, schemaVersion: 0 }))).toBe('EVENT_VERSION_UNSUPPORTED');
    expect(codeOf(() => upcastOrderEvent({ ...v1, schemaVersion: 1.5 }))).toBe('EVENT_VERSION_UNSUPPORTED');
    expect(codeOf(() => upcastOrderEvent(v1, {}))).toBe('EVENT_VERSION_UNSUPPORTED');
  });

  it('returns events the decider evolves', () =>
    expect(
      upcastOrderEvent({ type: 'OrderDeleted', schemaVersion: 1, data: event('OrderDeleted', {}).data }),
    ).toEqual(event('OrderDeleted', {})));
});
