/* oxlint-disable vitest/expect-expect -- the assertions are in expectMatches() and searchCase() */
// GET /v3/orders on a seeded data set: every filter, the search, every deep search and every
// sort column, with the expected orders computed here from the seed (never from the read model).
import { foldTurkish } from '@orders/read-models';
import {
  appendSeed,
  catchUp,
  expectedListRow,
  finalAttributes,
  generateOrders,
  randomSource,
  seedEvents,
  type SeedOrder,
} from '@orders/read-models/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { orderBody } from '../test-support/bodies.ts';
import { startTestApp, type TestApp } from '../test-support/app.ts';

let t: TestApp;
let orders: SeedOrder[];
const pool = randomSource(99);
const customers = Array.from({ length: 8 }, () => pool.uuid());
const branches = Array.from({ length: 5 }, () => pool.uuid());
const users = Array.from({ length: 4 }, () => pool.uuid());

beforeAll(async () => {
  t = await startTestApp({ PROJECTION_WAIT_MS: '300' });
  orders = generateOrders({
    count: 260,
    seed: 42,
    tenants: ['tenant-a', 'tenant-b'],
    customers,
    branches,
    users,
  });
  await appendSeed(t.store, orders, 100);
  await catchUp(t.store, { only: ['order-list'] });
});
afterAll(async () => {
  await t?.close();
});

const mine = () => orders.filter((o) => o.tenantId === 'tenant-a' && !o.deleted);
const idsOf = (list: readonly SeedOrder[]) => list.map((o) => o.orderId).toSorted();

async function list(query: string) {
  const res = await t.app.inject({
    method: 'GET',
    url: `/v3/orders?page[size]=200&${query}`,
    headers: t.tenantA,
  });
  if (res.statusCode !== 200) throw new Error(`${res.statusCode} ${res.body}`);
  return res.json().data as {
    items: number;
    page: number;
    data: { order_id: string; [k: string]: unknown }[];
  };
}

/** The orders `query` finds must be exactly `expected` (never empty: a filter that matches nothing proves little). */
async function expectMatches(query: string, expected: readonly SeedOrder[]) {
  expect(expected.length, `the seed has orders for ${query}`).toBeGreaterThan(0);
  expect(expected.length, `the seed has orders outside ${query}`).toBeLessThan(mine().length);
  const answer = await list(query);
  expect(answer.data.map((o) => o.order_id).toSorted(), query).toEqual(idsOf(expected));
  expect(answer.items, query).toBe(expected.length);
}

const dayOf = (iso: string) => new Date(Date.parse(iso) + 3 * 3_600_000).toISOString().slice(0, 10);
const pickDay = (n: number) => dayOf(mine()[n]!.createdAt);

describe('GET /v3/orders filters', () => {
  it('answers the spec’s shape with the tenant’s orders only, deleted ones left out', async () => {
    const answer = await list('');
    expect(Object.keys(answer)).toEqual(['items', 'page', 'data']);
    expect(answer.items).toBe(mine().length);
    expect(orders.some((o) => o.deleted && o.tenantId === 'tenant-a')).toBe(true);
  });

  const enumFilters = [
    ['order_type', 'orderType'],
    ['transport_mode', 'transportMode'],
    ['content_type', 'contentType'],
    ['transport_type', 'transportType'],
    ['vehicle_type', 'vehicleType'],
    ['vehicle_body', 'vehicleBody'],
    ['upload_type', 'uploadType'],
    ['container_type', 'containerType'],
    ['pen_type', 'penType'],
    ['shipping_type', 'shippingType'],
    ['assign_type', 'assignType'],
  ] as const;
  it.each(enumFilters)('filter[%s]', async (param, field) => {
    const value = mine().find((o) => finalAttributes(o)[field] !== undefined)!;
    const wanted = finalAttributes(value)[field] as string;
    await expectMatches(
      `filter[${param}]=${wanted}`,
      mine().filter((o) => finalAttributes(o)[field] === wanted),
    );
  });

  it('filter[status] as one value and as an array', async () => {
    await expectMatches(
      'filter[status]=delivered',
      mine().filter((o) => o.status === 'delivered'),
    );
    await expectMatches(
      'filter[status][]=created&filter[status][]=cancelled&filter[status][]=handover',
      mine().filter((o) => ['created', 'cancelled', 'handover'].includes(o.status)),
    );
  });

  it('filter[payment_type] (array), filter[has_invoice], filter[invoice_status], filter[collection_status]', async () => {
    await expectMatches(
      'filter[payment_type][]=cash&filter[payment_type][]=prepaid',
      mine().filter((o) => ['cash', 'prepaid'].includes(finalAttributes(o).paymentType ?? '')),
    );
    await expectMatches(
      'filter[has_invoice]=true',
      mine().filter((o) => expectedListRow(o).has_invoice),
    );
    await expectMatches(
      'filter[has_invoice]=false',
      mine().filter((o) => !expectedListRow(o).has_invoice),
    );
    for (const status of ['none', 'pending', 'invoiced']) {
      await expectMatches(
        `filter[invoice_status]=${status}`,
        mine().filter((o) => expectedListRow(o).invoice_status === status),
      );
    }
    await expectMatches(
      'filter[collection_status][]=partial&filter[collection_status][]=paid',
      mine().filter((o) => ['partial', 'paid'].includes(expectedListRow(o).collection_status)),
    );
    await expectMatches(
      'filter[collection_status]=unpaid',
      mine().filter((o) => expectedListRow(o).collection_status === 'unpaid'),
    );
  });

  it('filter[customer_id], filter[branch_id], filter[driver_id], filter[user_id], filter[transfer_center_id]', async () => {
    const c = customers[0]!;
    await expectMatches(
      `filter[customer_id]=${c}`,
      mine().filter((o) => finalAttributes(o).customers.some((x) => x.customerId === c)),
    );
    const b = branches[1]!;
    await expectMatches(
      `filter[branch_id]=${b}`,
      mine().filter((o) => finalAttributes(o).branches.some((x) => x.branchId === b)),
    );
    const u = users[2]!;
    await expectMatches(
      `filter[driver_id]=${u}`,
      mine().filter((o) => o.drivers.some((d) => d.userId === u)),
    );
    await expectMatches(
      `filter[user_id]=${u}`,
      mine().filter(
        (o) =>
          o.createdBy === u ||
          finalAttributes(o).salesManagerId === u ||
          o.drivers.some((d) => d.userId === u),
      ),
    );
    const transfer = (o: SeedOrder) =>
      finalAttributes(o)
        .routes.filter((r) => r.routeType === 'transfer')
        .map((r) => r.includes?.addressId);
    await expectMatches(
      `filter[transfer_center_id]=${branches[2]}`,
      mine().filter((o) => transfer(o).includes(branches[2])),
    );
    await expectMatches(
      `filter[transfer_center_id][]=${branches[2]}&filter[transfer_center_id][]=${branches[3]}`,
      mine().filter((o) => transfer(o).includes(branches[2]) || transfer(o).includes(branches[3])),
    );
  });

  it('the date filters: start_date, end_date (transport dates), created_at, min_date, max_date (creation day, Türkiye)', async () => {
    const d = pickDay(40);
    await expectMatches(
      `filter[start_date]=${d}`,
      mine().filter((o) => (finalAttributes(o).dates?.departureDate ?? '') >= d),
    );
    await expectMatches(
      `filter[end_date]=${d}`,
      mine().filter((o) => {
        const arrival = finalAttributes(o).dates?.arrivalDate;
        return arrival !== undefined && arrival <= d;
      }),
    );
    await expectMatches(
      `filter[created_at]=${d}`,
      mine().filter((o) => dayOf(o.createdAt) === d),
    );
    const from = pickDay(20);
    await expectMatches(
      `filter[min_date]=${from}&filter[max_date]=${d}`,
      mine().filter((o) => dayOf(o.createdAt) >= from && dayOf(o.createdAt) <= d),
    );
  });

  it('three filters at once are and-ed', async () => {
    await expectMatches(
      'filter[order_type]=cargo&filter[has_invoice]=false&filter[status][]=created&filter[status][]=delivered',
      mine().filter(
        (o) =>
          finalAttributes(o).orderType === 'cargo' &&
          !expectedListRow(o).has_invoice &&
          ['created', 'delivered'].includes(o.status),
      ),
    );
  });

  it('refuses an unknown filter, a bad enum value and a page too large, naming the field', async () => {
    for (const [query, path] of [
      ['filter[colour]=red', 'querystring.filter'],
      ['filter[status]=lost', 'querystring.filter.status'],
      ['filter[invoice_status]=maybe', 'querystring.filter.invoice_status'],
      ['page[size]=201', 'querystring.page.size'],
      ['sort[id]=secret', 'querystring.sort.id'],
    ] as const) {
      const res = await t.app.inject({ method: 'GET', url: `/v3/orders?${query}`, headers: t.tenantA });
      expect(res.statusCode, query).toBe(400);
      expect(JSON.stringify(res.json().error.details), query).toContain(path);
    }
  });
});

/** What the search looks in, per the README: order_no, receipt number, names, companies, phones, e-mails, addresses, invoice titles. */
function searchable(o: SeedOrder): string {
  const a = finalAttributes(o);
  const parts = [o.orderNo, a.receiptNumber ?? ''];
  for (const r of a.routes) {
    const p = r.person;
    parts.push(
      p?.fullname ?? '',
      p?.company?.titleLegal ?? '',
      p?.phone ?? '',
      p?.email ?? '',
      r.address?.fullAddress ?? '',
    );
  }
  for (const i of o.invoices) parts.push(i.title ?? '');
  return parts.map(foldTurkish).join(' | ');
}

describe('GET /v3/orders search (Turkish case folding)', () => {
  const searchCase = (term: string, words: string[]) =>
    expectMatches(
      `search=${encodeURIComponent(term)}`,
      mine().filter((o) => words.every((w) => searchable(o).includes(w))),
    );

  it('IŞIK finds Işık, ışık; İSMAİL finds İsmail; IRMAK finds Irmak', async () => {
    await searchCase('IŞIK', ['ışık']);
    await searchCase('ışık', ['ışık']);
    await searchCase('İSMAİL', ['ismail']);
    await searchCase('IRMAK', ['ırmak']);
    expect((await list(`search=${encodeURIComponent('IŞIK')}`)).items).toBeGreaterThan(0);
    expect((await list(`search=${encodeURIComponent('İSMAİL')}`)).items).toBeGreaterThan(0);
  });

  it('Turkish rules keep I and İ apart: ISMAIL (dotless) does not find İsmail', async () => {
    expect((await list('search=ISMAIL')).items).toBe(0);
    expect((await list(`search=${encodeURIComponent('işık')}`)).items).toBe(0);
    expect((await list('search=ismail')).items).toBe(
      (await list(`search=${encodeURIComponent('İsmail')}`)).items,
    );
  });

  it('several words must all occur; an order number, a phone typed with spaces, an address', async () => {
    const o = mine()[5]!;
    const origin = finalAttributes(o).routes[0]!;
    await searchCase(`${origin.person!.firstname} ${origin.person!.lastname}`, [
      foldTurkish(origin.person!.firstname!),
      foldTurkish(origin.person!.lastname!),
    ]);
    await searchCase(o.orderNo.toLowerCase(), [o.orderNo.toLowerCase()]);
    const phone = origin.person!.phone!.slice(3); // 5XXXXXXXXX
    const typed = `0${phone.slice(0, 3)} ${phone.slice(3, 6)} ${phone.slice(6, 8)} ${phone.slice(8)}`;
    await searchCase(typed, [phone]);
    await searchCase('Şişli', ['şişli']);
  });

  it('a whole customer or branch id finds its orders; a piece of an id finds nothing', async () => {
    const c = customers[2]!;
    await expectMatches(
      `search=${c}`,
      mine().filter((o) => finalAttributes(o).customers.some((x) => x.customerId === c)),
    );
    const b = branches[1]!;
    await expectMatches(
      `search=${b.toUpperCase()}`,
      mine().filter((o) => finalAttributes(o).branches.some((x) => x.branchId === b)),
    );
    expect((await list(`search=${c.slice(0, 13)}`)).items).toBe(0);
    expect((await list(`search=${b.slice(0, 8)}`)).items).toBe(0);
  });

  it('LIKE wildcards in a search match themselves only', async () => {
    expect((await list('search=%25')).items).toBe(0);
    expect((await list('search=_')).items).toBe(0);
  });
});

describe('GET /v3/orders deep_search', () => {
  const a = (o: SeedOrder) => finalAttributes(o);
  const side = (o: SeedOrder, type: string) => a(o).routes.find((r) => r.routeType === type);
  const words = (text: string) => foldTurkish(text).split(' ');
  const has = (haystack: string, text: string) => words(text).every((w) => foldTurkish(haystack).includes(w));
  const personText = (o: SeedOrder, type: string) => {
    const p = side(o, type)?.person;
    return [p?.fullname, p?.company?.titleLegal, p?.phone, p?.email].filter(Boolean).join(' ');
  };

  it('sender_customer and receiver_customer: the side’s person, company, phone or customer id', async () => {
    const term = `${mine()[3]!.attributes.routes[0]!.person!.lastname}`;
    await expectMatches(
      `deep_search[sender_customer]=${encodeURIComponent(term)}`,
      mine().filter((o) => has(personText(o, 'origin'), term)),
    );
    await expectMatches(
      `deep_search[receiver_customer]=${encodeURIComponent(term)}`,
      mine().filter((o) => has(personText(o, 'destination'), term)),
    );
    const id = customers[1]!;
    await expectMatches(
      `deep_search[sender_customer]=${id.toUpperCase()}`,
      mine().filter((o) => a(o).customers.some((c) => c.customerType === 'sender' && c.customerId === id)),
    );
    // Ids match whole: a piece of one finds nothing (ids are not searched as text).
    expect((await list(`deep_search[sender_customer]=${id.slice(0, 13)}`)).items).toBe(0);
    expect((await list(`deep_search[receiver_customer]=${id.slice(0, 8)}`)).items).toBe(0);
  });

  it('origin_branch and destination_branch: the branch id or the route’s address', async () => {
    const b = branches[0]!;
    await expectMatches(
      `deep_search[origin_branch]=${b}`,
      mine().filter((o) => a(o).branches.some((x) => x.routeType === 'origin' && x.branchId === b)),
    );
    await expectMatches(
      `deep_search[destination_branch]=${encodeURIComponent('kadıköy')}`,
      mine().filter((o) => has(side(o, 'destination')?.address?.fullAddress ?? '', 'kadıköy')),
    );
  });

  it('order_no, invoice_customer and created_by', async () => {
    await expectMatches(
      'deep_search[order_no]=ord-00000',
      mine().filter((o) => o.orderNo.toLowerCase().includes('ord-00000')),
    );
    const withTitle = mine().find((o) => o.invoices.some((i) => i.title))!;
    const title = withTitle.invoices[0]!.title!.split(' ')[0]!;
    await expectMatches(
      `deep_search[invoice_customer]=${encodeURIComponent(title)}`,
      mine().filter((o) => {
        const invoiceIds = a(o)
          .customers.filter((c) => c.hasInvoice)
          .map((c) => c.customerId);
        const routes = a(o).routes.filter(
          (r) =>
            r.address?.addressType === 'invoice' ||
            (r.includes?.customerId && invoiceIds.includes(r.includes.customerId)),
        );
        const text = [
          ...routes.flatMap((r) => [r.person?.fullname, r.person?.company?.titleLegal]),
          ...o.invoices.map((i) => i.title),
        ]
          .filter(Boolean)
          .join(' ');
        return has(text, title);
      }),
    );
    const u = users[1]!;
    await expectMatches(
      `deep_search[created_by]=${u.toUpperCase()}`,
      mine().filter((o) => o.createdBy === u),
    );
    expect((await list(`deep_search[created_by]=${u.slice(0, 8)}`)).items).toBe(0);
  });
});

describe('GET /v3/orders sort and pages', () => {
  const eventsAt = (o: SeedOrder) => seedEvents(o);
  type Key = string | number | null;
  const sortKeys: Record<string, (o: SeedOrder) => Key> = {
    order_no: (o) => o.orderNo,
    created_at: (o) => o.createdAt,
    updated_at: (o) => eventsAt(o).at(-1)!.data.at,
    status: (o) => o.status,
    order_type: (o) => finalAttributes(o).orderType,
    transport_mode: (o) => finalAttributes(o).transportMode ?? null,
    transport_type: (o) => finalAttributes(o).transportType ?? null,
    shipping_type: (o) => finalAttributes(o).shippingType ?? null,
    payment_type: (o) => finalAttributes(o).paymentType ?? null,
    departure_date: (o) => finalAttributes(o).dates?.departureDate ?? null,
    arrival_date: (o) => finalAttributes(o).dates?.arrivalDate ?? null,
    delivered_at: (o) => eventsAt(o).find((e) => e.type === 'OrderDelivered')?.data.at ?? null,
    total_amount: (o) => expectedListRow(o).total_amount,
    paid_amount: (o) => expectedListRow(o).paid_amount,
    invoice_status: (o) => expectedListRow(o).invoice_status,
    collection_status: (o) => expectedListRow(o).collection_status,
    sender_name: (o) => expectedListRow(o).sender_name,
    receiver_name: (o) => expectedListRow(o).receiver_name,
    load_count: (o) => o.loads.length,
  };

  /** Nulls last either way; text by code point; ties by order_id in the same direction. */
  function sorted(column: string, direction: 'asc' | 'desc') {
    const key = sortKeys[column]!;
    const sign = direction === 'asc' ? 1 : -1;
    const cmp = (x: Key, y: Key) => (x === y ? 0 : x! < y! ? -1 : 1);
    return mine().toSorted((p, q) => {
      const a = key(p);
      const b = key(q);
      if (a === null || b === null) {
        if (a !== b) return a === null ? 1 : -1;
      } else if (a !== b) return sign * cmp(a, b);
      return sign * cmp(p.orderId, q.orderId);
    });
  }

  it.each(Object.keys(sortKeys))('sort[id]=%s, both directions', async (column) => {
    for (const direction of ['asc', 'desc'] as const) {
      const answer = await list(`sort[id]=${column}&sort[type]=${direction}`);
      expect(
        answer.data.map((o) => o.order_id),
        `${column} ${direction}`,
      ).toEqual(sorted(column, direction).map((o) => o.orderId));
    }
  });

  it('without sort: newest first', async () => {
    const answer = await list('');
    expect(answer.data.map((o) => o.order_id)).toEqual(sorted('created_at', 'desc').map((o) => o.orderId));
  });

  it('pages of 7 add up to the whole list; the last page is partial; past the end is empty', async () => {
    const all = sorted('order_no', 'asc').map((o) => o.orderId);
    const pages: string[] = [];
    const sizes: number[] = [];
    const last = Math.ceil(all.length / 7) - 1;
    for (let index = 0; index <= last + 1; index++) {
      const res = await t.app.inject({
        method: 'GET',
        url: `/v3/orders?page[index]=${index}&page[size]=7&sort[id]=order_no&sort[type]=asc`,
        headers: t.tenantA,
      });
      const data = res.json().data;
      expect(data.page).toBe(index);
      expect(data.items).toBe(all.length);
      sizes.push(data.data.length);
      pages.push(...data.data.map((o: { order_id: string }) => o.order_id));
    }
    expect(pages).toEqual(all);
    // Full pages, then the partial last one, then an empty page past the end.
    expect(sizes).toEqual([...Array<number>(last).fill(7), all.length - 7 * last, 0]);
    const defaults = await t.app.inject({ method: 'GET', url: '/v3/orders', headers: t.tenantA });
    expect(defaults.json().data.data).toHaveLength(Math.min(20, all.length));
  });
});

describe('staleness made visible', () => {
  it('answers carry x-projection-position; min_position waits for the projection, bounded', async () => {
    const plain = await t.app.inject({ method: 'GET', url: '/v3/orders', headers: t.tenantA });
    const at = BigInt(plain.headers['x-projection-position'] as string);
    expect(at).toBeGreaterThan(0n);
    // A write that no projection has seen yet.
    const [extra] = generateOrders({ count: 1, seed: 5, tenants: ['tenant-a'], orderNoStart: 900_000 });
    await appendSeed(t.store, [extra!]);
    const { events } = await t.store.readStream(`order-${extra!.orderId}`);
    const position = events.at(-1)!.position;
    const started = Date.now();
    const stale = await t.app.inject({
      method: 'GET',
      url: `/v3/orders?min_position=${position}`,
      headers: t.tenantA,
    });
    expect(Date.now() - started).toBeGreaterThanOrEqual(280);
    expect(stale.headers['x-projection-reached']).toBe('false');
    expect(BigInt(stale.headers['x-projection-position'] as string)).toBeLessThan(position);
    await catchUp(t.store, { only: ['order-list'] });
    const fresh = await t.app.inject({
      method: 'GET',
      url: `/v3/orders?min_position=${position}&deep_search[order_no]=${extra!.orderNo}`,
      headers: t.tenantA,
    });
    expect(fresh.headers['x-projection-reached']).toBe('true');
    expect(fresh.json().data.data.map((o: { order_id: string }) => o.order_id)).toEqual(
      extra!.deleted ? [] : [extra!.orderId],
    );
    orders.push(extra!);
  });

  it('a write answers x-event-position: the position of its last event, which min_position then waits for', async () => {
    const created = await t.app.inject({
      method: 'POST',
      url: '/v3/orders',
      headers: t.tenantA,
      payload: orderBody(),
    });
    expect(created.statusCode, created.body).toBe(201);
    const { order_id: orderId, order_no: orderNo } = created.json().data as {
      order_id: string;
      order_no: string;
    };
    const position = BigInt(created.headers['x-event-position'] as string);
    const { events } = await t.store.readStream(`order-${orderId}`);
    expect(position).toBe(events.at(-1)!.position);

    const before = await t.app.inject({
      method: 'GET',
      url: `/v3/orders?min_position=${position}&deep_search[order_no]=${orderNo}`,
      headers: t.tenantA,
    });
    expect(before.headers['x-projection-reached']).toBe('false');
    const ids = (res: { json(): unknown }) =>
      (res.json() as { data: { data: { order_id: string }[] } }).data.data.map((o) => o.order_id);
    expect(ids(before)).not.toContain(orderId);

    await catchUp(t.store, { only: ['order-list'] });
    const after = await t.app.inject({
      method: 'GET',
      url: `/v3/orders?min_position=${position}&deep_search[order_no]=${orderNo}`,
      headers: t.tenantA,
    });
    expect(after.headers['x-projection-reached']).toBe('true');
    expect(ids(after)).toContain(orderId);

    // A command that appends moves the header on; one for another tenant's order appends nothing.
    const cancelled = await t.app.inject({
      method: 'GET',
      url: `/v3/orders/${orderId}/cancel`,
      headers: t.tenantA,
    });
    expect(cancelled.statusCode, cancelled.body).toBe(200);
    expect(BigInt(cancelled.headers['x-event-position'] as string)).toBeGreaterThan(position);
    const foreign = await t.app.inject({
      method: 'GET',
      url: `/v3/orders/${orderId}/cancel`,
      headers: t.tenantB,
    });
    expect(foreign.statusCode).toBe(404);
    expect(foreign.headers['x-event-position']).toBeUndefined();
  });
});
