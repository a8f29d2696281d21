import { readFileSync } from 'node:fs';
import { Parser } from '@asyncapi/parser';
import { orderEventTypes } from '@orders/domain';
import { describe, expect, it } from 'vitest';
import { buildAsyncApiDocument } from './asyncapi.ts';

const committed = new URL('../../asyncapi.json', import.meta.url);

describe('asyncapi.json', () => {
  it('is what the zod schemas generate now (run `pnpm --filter @orders/contracts asyncapi` after changing them)', () => {
    const onDisk = JSON.parse(readFileSync(committed, 'utf8')) as unknown;
    expect(onDisk).toEqual(buildAsyncApiDocument());
  });

  it('is a valid AsyncAPI 3.0 document, by the official parser', async () => {
    const { document, diagnostics } = await new Parser().parse(JSON.stringify(buildAsyncApiDocument()));
    const errors = diagnostics.filter((d) => d.severity === 0);
    expect(errors.map((e) => `${e.path.join('.')}: ${e.message}`)).toEqual([]);
    expect(document?.version()).toBe('3.0.0');
    const names = document!
      .allMessages()
      .all()
      .map((m) => m.name());
    expect(names.toSorted()).toEqual([...orderEventTypes].toSorted());
  });

  it('describes every event type with its own payload, headers and the order id as the key', () => {
    const doc = buildAsyncApiDocument() as {
      components: {
        schemas: Record<string, unknown>;
        messages: Record<
          string,
          { payload: { allOf: [unknown, { properties: { data: { $ref: string } } }] } }
        >;
      };
    };
    const schemas = doc.components.schemas;
    for (const type of orderEventTypes) {
      const message = doc.components.messages[type];
      expect(message, type).toMatchObject({
        name: type,
        headers: { $ref: '#/components/schemas/OrderEventHeaders' },
        bindings: { kafka: { key: { type: 'string', format: 'uuid' } } },
      });
      const ref = message!.payload.allOf[1].properties.data.$ref;
      expect(schemas[ref.replace('#/components/schemas/', '')], `${type} → ${ref}`).toBeDefined();
    }
  });

  it('names no personal field in any of its schemas', () => {
    const names = new Set<string>();
    const collect = (node: unknown): void => {
      if (Array.isArray(node)) return node.forEach(collect);
      if (node === null || typeof node !== 'object') return;
      for (const [key, value] of Object.entries(node)) {
        if (key === 'properties') Object.keys(value as object).forEach((name) => names.add(name));
        collect(value);
      }
    };
    collect((buildAsyncApiDocument() as { components: unknown }).components);
    expect(names.has('order_no') && names.has('route_type')).toBe(true);
    const personal = [
      'firstname',
      'lastname',
      'fullname',
      'person',
      'phone',
      'email',
      'identity',
      'tax_no',
      'company',
      'address',
      'full_address',
      'latitude',
      'longitude',
      'zip_code',
      'note',
      'description',
      'title',
      'recipient_name',
      'recipient_phone',
      'card',
      'holder',
      'last4',
      'auth_code',
      'coupon_code',
      'cancel_reason',
    ];
    expect(personal.filter((name) => names.has(name))).toEqual([]);
  });
});
