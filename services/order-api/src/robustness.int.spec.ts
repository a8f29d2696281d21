import { decider, upcastOrderEvent, type OrderState } from '@orders/domain';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { orderOut } from './mapping/orders.ts';
import { startTestApp, type TestApp } from './test-support/app.ts';
import { orderBody } from './test-support/bodies.ts';

describe('order-api under concurrency, other tenants and hostile input', () => {
  let t: TestApp;
  let orderId: string;
  let orderNo: string;
  beforeAll(async () => {
    t = await startTestApp();
    const created = (
      await t.app.inject({ method: 'POST', url: '/v3/orders', headers: t.tenantA, payload: orderBody() })
    ).json().data;
    orderId = created.order_id;
    orderNo = created.order_no;
  });
  afterAll(async () => {
    await t?.close();
  });

  /** A route's URL with this order's ids filled in. */
  const urlOf = (url: string) =>
    url
      .replace(':order_id', orderId)
      .replace(':order_no', orderNo)
      .replace(/:[a-z_]+/g, '7d3f1e2a-4444-4c4c-8a8a-000000000001');

  it('20 concurrent PUTs on one order: each is 200 or 409, and the state equals the replay of its events', async () => {
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        t.app.inject({
          method: 'PUT',
          url: `/v3/orders/${orderId}`,
          headers: t.tenantA,
          payload: i % 2 === 0 ? { note: `not ${i}` } : { vehicle_quantity: i },
        }),
      ),
    );
    for (const answer of answers) expect([200, 409]).toContain(answer.statusCode);
    expect(answers.filter((a) => a.statusCode === 200).length).toBeGreaterThan(0);

    const stream = await t.store.readStream(`order-${orderId}`);
    const replayed = stream.events.reduce<OrderState>(
      (state, e) =>
        decider.evolve(
          state,
          upcastOrderEvent({ type: e.type, schemaVersion: e.schemaVersion, data: e.data }),
        ),
      decider.initialState(),
    );
    const served = (
      await t.app.inject({ method: 'GET', url: `/v3/orders/${orderId}`, headers: t.tenantA })
    ).json().data;
    if (!replayed.exists) throw new Error('the order stream replays to nothing');
    expect(served).toEqual(JSON.parse(JSON.stringify(orderOut(replayed, stream.version))));
    // every successful PUT left exactly one OrderUpdated event
    const updates = stream.events.filter((e) => e.type === 'OrderUpdated').length;
    expect(updates).toBe(answers.filter((a) => a.statusCode === 200).length);
  });

  it('a client of another tenant gets 404 on every authenticated order route', async () => {
    const routes = t.app.registeredRoutes.filter((r) => r.url.startsWith('/v3/orders/:order') && !r.public);
    expect(routes.length).toBeGreaterThan(50);
    const leaks: string[] = [];
    for (const route of routes) {
      const res = await t.app.inject({
        method: route.method as 'GET',
        url: urlOf(route.url),
        headers: t.tenantB,
        ...(['POST', 'PUT'].includes(route.method) ? { payload: {} } : {}),
      });
      // 400 is allowed only where the empty body is refused, naming its fields, before the order is looked up
      const refusedBeforeLookup = res.statusCode === 400 && res.json().error.details.length > 0;
      if (res.statusCode !== 404 && !refusedBeforeLookup)
        leaks.push(`${res.statusCode} ${route.method} ${route.url}`);
    }
    expect(leaks).toEqual([]);
    // and tenant A's order is untouched
    const mine = await t.app.inject({ method: 'GET', url: `/v3/orders/${orderId}`, headers: t.tenantA });
    expect(mine.statusCode).toBe(200);
  });

  it('5,000 generated invalid bodies and queries across every route: no 5xx, every 400 names its fields', async () => {
    const routes = t.app.registeredRoutes.filter((r) => r.url.startsWith('/v3/'));
    const jsonValue = fc.oneof(
      fc.constant(null),
      fc.boolean(),
      fc.integer(),
      fc.double(),
      fc.string({ maxLength: 30 }),
      fc.constantFrom('delivery', 'created', '2024-13-45', '99:99', '-1', 'NaN', '1e309', '𝔘𝔫𝔦𝔠𝔬𝔡𝔢', 'İı'),
    );
    const fieldNames = fc.constantFrom(
      'order_type',
      'routes',
      'loads',
      'pricing',
      'vat',
      'base_amount',
      'load_no',
      'loads',
      'users',
      'price',
      'payment_method',
      'amount',
      'card',
      'issue_date',
      'invoice_platform',
      'user_id',
      'driver_status',
      'doc_type',
      'offer_status',
      'handover_reason',
      'notice_reason',
      'cancel_reason',
      'origin',
      'vehicle_type',
      'hashDataV2',
      'RESPONSE_CODE',
      'MERCHANT_NO',
      'supplier_id',
      'sequence_no',
      'load_status',
      'operation_type',
      'x',
      '__proto__',
    );
    const body = fc.oneof(
      jsonValue,
      fc.array(jsonValue, { maxLength: 3 }),
      fc.dictionary(
        fieldNames,
        fc.oneof(
          jsonValue,
          fc.array(jsonValue, { maxLength: 3 }),
          fc.dictionary(fieldNames, jsonValue, { maxKeys: 4 }),
        ),
        { maxKeys: 6 },
      ),
    );
    const queryKey = fc.constantFrom(
      'page[index]',
      'page[size]',
      'search',
      'filter[status]',
      'filter[status][]',
      'sort[id]',
      'sort[type]',
      'filter[x]',
      'deep_search[order_no]',
      'page',
      'filter[has_invoice]',
      'barcodes',
      'filter',
      'a[b][c][d][e]',
    );
    const query = fc.array(
      fc.tuple(
        queryKey,
        fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom('-1', '99999999', 'true', 'asc', 'zzz')),
      ),
      { maxLength: 4 },
    );
    const sample = fc.record({ route: fc.constantFrom(...routes), body, query });

    let count = 0;
    const problems: string[] = [];
    await fc.assert(
      fc.asyncProperty(sample, async ({ route, body: input, query: pairs }) => {
        count++;
        const search = pairs
          .map(
            ([k, v]) =>
              `${encodeURIComponent(k).replaceAll('%5B', '[').replaceAll('%5D', ']')}=${encodeURIComponent(v)}`,
          )
          .join('&');
        const res = await t.app.inject({
          method: route.method as 'GET',
          url: `${urlOf(route.url)}${search ? `?${search}` : ''}`,
          headers: { ...t.tenantA, 'content-type': 'application/json' },
          ...(['POST', 'PUT'].includes(route.method) ? { payload: JSON.stringify(input) } : {}),
        });
        if (res.statusCode >= 500)
          problems.push(`${res.statusCode} ${route.method} ${route.url} ${res.body}`);
        if (res.statusCode >= 400 && res.statusCode < 500) {
          const answer = res.json() as {
            success?: unknown;
            data?: unknown;
            error?: { code?: unknown; message?: unknown; details?: { path?: unknown }[] };
          };
          const enveloped =
            answer.success === false &&
            answer.data === null &&
            typeof answer.error?.code === 'string' &&
            typeof answer.error.message === 'string';
          if (!enveloped)
            problems.push(`no envelope: ${res.statusCode} ${route.method} ${route.url} ${res.body}`);
          const details = answer.error?.details ?? [];
          const named =
            details.length > 0 &&
            details.every(
              (d) => typeof d.path === 'string' && /^(body|querystring|params|headers)/.test(d.path),
            );
          if (res.statusCode === 400 && !named)
            problems.push(`400 without field names: ${route.method} ${route.url} ${res.body}`);
        }
      }),
      { numRuns: 5_000, seed: 20261123 },
    );
    expect(count).toBe(5_000);
    expect(problems).toEqual([]);
  }, 240_000);
});
