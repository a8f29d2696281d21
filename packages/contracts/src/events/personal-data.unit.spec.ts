import { orderEventTypes } from '@orders/domain';
import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { publicOrderEvent, publicOrderEventSchemaOf } from './public-event.ts';
import { generatedEvent, generatedEventOf, type Personal } from './test-support/arbitraries.ts';
import { toPublicEvent } from './to-public-event.ts';

const meta = {
  eventId: '0f8e1f3c-5a6b-4c7d-8e9f-0a1b2c3d4e5f',
  tenantId: 'tenant-1',
  streamVersion: 2,
  position: 99,
  correlationId: 'corr-1',
};

/** Where `value` would show in the JSON text of a published event. */
function leaks(json: string, { value, match }: Personal): boolean {
  const quoted = JSON.stringify(value);
  return match === 'as-string' ? json.includes(quoted) : json.includes(quoted.slice(1, -1));
}

describe('published events carry no personal data', () => {
  it('no generated personal value (names, mobiles, e-mails, TCKN/VKN, addresses, coordinates, card data, free text) appears in the serialized public event', () => {
    fc.assert(
      fc.property(generatedEvent, ({ event, personal }) => {
        const json = JSON.stringify(toPublicEvent(event, meta));
        const leaked = personal.filter((p) => leaks(json, p));
        expect(leaked, `${event.type} leaked ${JSON.stringify(leaked)} in ${json}`).toEqual([]);
      }),
      { numRuns: 2_000 },
    );
  });

  it.each(orderEventTypes)(
    '%s: every generated event maps to a payload its schema accepts as it is',
    (type) => {
      const schema = publicOrderEventSchemaOf(type);
      fc.assert(
        fc.property(generatedEventOf(type), ({ event, personal }) => {
          const published = toPublicEvent(event, meta);
          expect(schema.parse(published)).toEqual(published);
          expect(publicOrderEvent.parse(JSON.parse(JSON.stringify(published)))).toEqual(published);
          const json = JSON.stringify(published);
          expect(personal.filter((p) => leaks(json, p))).toEqual([]);
        }),
        { numRuns: 50 },
      );
    },
  );

  it('the leak check itself finds a personal value that was copied', () => {
    const json = JSON.stringify({ data: { note: 'Ayşe «x"y»', last4: '4242', amount: 14242 } });
    expect(leaks(json, { value: 'Ayşe «x"y»', match: 'anywhere' })).toBe(true);
    expect(leaks(json, { value: '4242', match: 'as-string' })).toBe(true);
    expect(leaks(JSON.stringify({ amount: 14242 }), { value: '4242', match: 'as-string' })).toBe(false);
  });
});
