import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { decodeValue, dedupeId } from './consumer.ts';
import { dedupeTableSql } from './dedupe.ts';
import type { IncomingMessage } from './message.ts';

const schema = z.object({ orderId: z.string(), seq: z.number().int() });

describe('decodeValue', () => {
  it('parses JSON and validates it with the schema', () => {
    expect(decodeValue(Buffer.from('{"orderId":"o-1","seq":3}'), schema)).toEqual({
      ok: true,
      value: { orderId: 'o-1', seq: 3 },
    });
  });

  it('calls a value that is not JSON a decode failure', () => {
    const decoded = decodeValue(Buffer.from('{"orderId":'), schema);
    expect(decoded).toMatchObject({ ok: false, reason: 'decode-failed' });
    expect(decoded.ok ? '' : decoded.error).toMatch(/not JSON/);
  });

  it('calls a message without a value a decode failure', () => {
    expect(decodeValue(null, schema)).toEqual({
      ok: false,
      reason: 'decode-failed',
      error: 'the message has no value',
    });
  });

  it('names the fields the schema rejects', () => {
    const decoded = decodeValue(Buffer.from('{"orderId":7,"seq":"x"}'), schema);
    expect(decoded).toMatchObject({ ok: false, reason: 'schema-invalid' });
    expect(decoded.ok ? '' : decoded.error).toMatch(/orderId: .*; seq: /);
  });
});

describe('dedupeId', () => {
  const message: IncomingMessage = {
    topic: 'orders',
    partition: 2,
    offset: '17',
    key: 'o-1',
    value: null,
    headers: {},
    timestamp: 0,
  };

  it('is the event-id header when there is one', () => {
    expect(dedupeId({ ...message, headers: { 'event-id': 'evt-9' } })).toBe('evt-9');
  });

  it('falls back to the position of the message', () => {
    expect(dedupeId(message)).toBe('orders/2/17');
    expect(dedupeId({ ...message, headers: { 'event-id': '' } })).toBe('orders/2/17');
  });
});

describe('dedupeTableSql', () => {
  it('quotes a plain or schema-qualified name', () => {
    expect(dedupeTableSql()).toBe('"consumer_dedupe"');
    expect(dedupeTableSql('projector.processed_events')).toBe('"projector"."processed_events"');
  });

  it.each(['x; drop table y', 'A', 'a.b.c', '"x"', '', '1abc'])(
    'refuses %j, which could change the statement',
    (bad) => {
      expect(() => dedupeTableSql(bad)).toThrow(TypeError);
    },
  );
});
