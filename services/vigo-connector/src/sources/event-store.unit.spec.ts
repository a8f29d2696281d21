import type { StoredEvent } from '@orders/event-store';
import { describe, expect, it } from 'vitest';
import { envelopeOf } from './event-store.ts';

const stored: StoredEvent = {
  position: 42n,
  transactionId: '1000',
  streamId: 'order-11111111-1111-4111-8111-111111111111',
  streamVersion: 3n,
  eventId: '22222222-2222-4222-8222-222222222222',
  type: 'OrderStatusChanged',
  schemaVersion: 1,
  data: { orderId: '11111111-1111-4111-8111-111111111111', from: 'created', to: 'assigned' },
  metadata: { tenantId: 'demo', actor: 'u-1', correlationId: 'c-1', causationId: 'r-1' },
  createdAt: new Date('2026-01-02T10:00:00.000Z'),
};

describe('envelopeOf', () => {
  it('builds the envelope from the type, the stream id, the metadata and the position', () => {
    expect(envelopeOf(stored)).toEqual({
      eventId: stored.eventId,
      type: 'OrderStatusChanged',
      schemaVersion: 1,
      orderId: '11111111-1111-4111-8111-111111111111',
      tenantId: 'demo',
      streamVersion: 3,
      position: '42',
      occurredAt: '2026-01-02T10:00:00.000Z',
      actorId: 'u-1',
      correlationId: 'c-1',
      causationId: 'r-1',
      data: {},
    });
  });
  it('is null for other streams, unknown types and events without a tenant', () => {
    expect(envelopeOf({ ...stored, streamId: 'customer-1' })).toBeNull();
    expect(envelopeOf({ ...stored, type: 'SomethingElse' })).toBeNull();
    expect(envelopeOf({ ...stored, metadata: {} })).toBeNull();
  });
});
