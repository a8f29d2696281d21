import { describe, expect, it } from 'vitest';
import { UpcasterRegistry } from './upcasters.ts';
import type { StoredEvent } from './types.ts';

const stored = (type: string, schemaVersion: number, data: unknown): StoredEvent => ({
  position: 1n,
  transactionId: '1',
  streamId: 's',
  streamVersion: 1n,
  eventId: '00000000-0000-4000-8000-000000000000',
  type,
  schemaVersion,
  data,
  metadata: {},
  createdAt: new Date(0),
});

describe('UpcasterRegistry', () => {
  const registry = new UpcasterRegistry();
  registry.register('PriceSet', 1, (data) => ({
    amountKurus: Math.round((data as { lira: number }).lira * 100),
  }));
  registry.register('PriceSet', 2, (data) => ({ ...(data as object), currency: 'TRY' }));

  it('chains upcasters one schema version at a time', () => {
    expect(registry.apply(stored('PriceSet', 1, { lira: 12.5 }))).toMatchObject({
      schemaVersion: 3,
      data: { amountKurus: 1250, currency: 'TRY' },
    });
    expect(registry.apply(stored('PriceSet', 2, { amountKurus: 5 }))).toMatchObject({
      schemaVersion: 3,
      data: { amountKurus: 5, currency: 'TRY' },
    });
  });

  it('leaves current and unknown events alone', () => {
    const current = stored('PriceSet', 3, { amountKurus: 1, currency: 'EUR' });
    expect(registry.apply(current)).toBe(current);
    const other = stored('Other', 1, {});
    expect(registry.apply(other)).toBe(other);
  });
});
