// The other read routes: logs, report, suspended report, balances, export (CSV and XLSX) and the
// signed print links — on orders written through the API and on a seeded set.
import ExcelJS from 'exceljs';
import {
  appendSeed,
  catchUp,
  expectedBalances,
  expectedReportDaily,
  generateOrders,
  type SeedOrder,
} from '@orders/read-models/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { orderBody } from '../test-support/bodies.ts';
import { startTestApp, type TestApp } from '../test-support/app.ts';
import { printSignature } from './print.ts';

let t: TestApp;
let orders: SeedOrder[];
let orderId: string;
let orderNo: string;

beforeAll(async () => {
  t = await startTestApp({ PRINT_LINK_TTL_SECONDS: '60', SUSPENDED_AFTER_HOURS: '24' });
  orders = generateOrders({
    count: 120,
    seed: 11,
    tenants: ['tenant-a', 'tenant-b'],
    start: '2024-03-01T06:00:00Z',
    spacingMs: 7 * 86_400_000,
  });
  await appendSeed(t.store, orders, 60);
  const created = await t.app.inject({
    method: 'POST',
    url: '/v3/orders',
    headers: t.tenantA,
    payload: orderBody(),
  });
  if (created.statusCode !== 201) throw new Error(`create failed: ${created.body}`);
  orderId = created.json().data.order_id;
  orderNo = created.json().data.order_no;
  await t.app.inject({ method: 'GET', url: `/v3/orders/${orderId}/cancel`, headers: t.tenantA });
  await catchUp(t.store);
});
afterAll(async () => {
  await t?.close();
});

const get = (url: string, headers: Record<string, string> = t.tenantA) =>
  t.app.inject({ method: 'GET', url, headers });
const mine = () => orders.filter((o) => o.tenantId === 'tenant-a' && !o.deleted);

describe('GET /:order_id/logs', () => {
  it('lists who did what and when, oldest first, in Turkish', async () => {
    const res = await get(`/v3/orders/${orderId}/logs`);
    expect(res.statusCode).toBe(200);
    expect(res.headers['x-projection-position']).toMatch(/^\d+$/);
    const { items, data } = res.json().data;
    expect(items).toBeGreaterThanOrEqual(3);
    expect(data[0]).toMatchObject({
      event_type: 'OrderCreated',
      actor: t.tenantA['x-user-id'],
      message: `Sipariş oluşturuldu (${orderNo})`,
    });
    expect(data[0].correlation_id).toEqual(expect.any(String));
    expect(data.at(-1)).toMatchObject({
      event_type: 'OrderCancelled',
      message: 'Sipariş iptal edildi (Oluşturuldu durumundan)',
    });
  });

  it('another tenant’s order, or an unknown one, is not found', async () => {
    expect((await get(`/v3/orders/${orderId}/logs`, t.tenantB)).statusCode).toBe(404);
    expect((await get('/v3/orders/7d3f1e2a-4444-4c4c-8a8a-000000000009/logs')).statusCode).toBe(404);
  });
});

describe('GET /:order_id/report', () => {
  it('counts and sums per month of report_year and per year, split by status', async () => {
    const res = await get('/v3/orders/all/report?filter[report_year]=2024');
    expect(res.statusCode).toBe(200);
    const report = res.json().data;
    const want = expectedReportDaily(orders);
    const monthOrders = (month: number) =>
      [...want]
        .filter(([k]) => k.startsWith(`tenant-a|2024-${String(month).padStart(2, '0')}`))
        .reduce((n, [, v]) => n + v.orders, 0);
    for (let m = 1; m <= 12; m++) expect(report.monthly[m - 1].orders, `month ${m}`).toBe(monthOrders(m));
    const y2025 = report.yearly.find((y: { year: number }) => y.year === 2025);
    expect(y2025.orders).toBe(mine().filter((o) => o.createdAt.startsWith('2025')).length);
    const delivered2024 = mine().filter((o) => o.createdAt.startsWith('2024') && o.status === 'delivered');
    expect(report.yearly.find((y: { year: number }) => y.year === 2024).statuses.delivered?.orders ?? 0).toBe(
      delivered2024.length,
    );
  });

  it('filters by status, customer, branch, invoice flag and dates', async () => {
    const o = mine()[4]!;
    const customer = o.attributes.customers[0]!.customerId;
    const res = await get(
      `/v3/orders/all/report?filter[report_year]=2024&filter[customer_id]=${customer}&filter[status][]=delivered&filter[status][]=created`,
    );
    const expected = mine().filter(
      (x) =>
        x.createdAt.startsWith('2024') &&
        ['delivered', 'created'].includes(x.status) &&
        (x.update?.customers ?? x.attributes.customers).some((c) => c.customerId === customer),
    );
    const got = res.json().data.monthly.reduce((n: number, m: { orders: number }) => n + m.orders, 0);
    expect(got).toBe(expected.length);
    const ranged = await get(
      '/v3/orders/all/report?filter[report_year]=2024&filter[min_date]=2024-04-01&filter[max_date]=2024-05-31',
    );
    const months = ranged.json().data.monthly;
    expect(months[2].orders).toBe(0);
    expect(months[3].orders + months[4].orders).toBe(
      mine().filter((x) => x.createdAt >= '2024-03-31T21:00:00Z' && x.createdAt < '2024-05-31T21:00:00Z')
        .length,
    );
  });

  it('a uuid placeholder must be one of the caller’s orders', async () => {
    expect((await get(`/v3/orders/${orderId}/report`)).statusCode).toBe(200);
    expect((await get(`/v3/orders/${orderId}/report`, t.tenantB)).statusCode).toBe(404);
  });
});

describe('GET /:order_id/suspended-report', () => {
  it('lists open orders handed over or without a status change for SUSPENDED_AFTER_HOURS, longest waiting first', async () => {
    const res = await get('/v3/orders/all/suspended-report?page[size]=200');
    expect(res.statusCode).toBe(200);
    const { items, data } = res.json().data;
    const expected = mine().filter((o) => !['delivered', 'cancelled'].includes(o.status));
    expect(items).toBe(expected.length);
    expect(data.map((o: { order_id: string }) => o.order_id).toSorted()).toEqual(
      expected.map((o) => o.orderId).toSorted(),
    );
    const since = data.map((o: { suspended_since: string }) => o.suspended_since);
    expect(since).toEqual([...since].toSorted());
    for (const o of data)
      expect(o.suspended_reason).toBe(o.order_status === 'handover' ? 'handover' : 'stale');
    const search = await get(`/v3/orders/all/suspended-report?search=${expected[0]!.orderNo}`);
    expect(search.json().data.data.map((o: { order_id: string }) => o.order_id)).toEqual([
      expected[0]!.orderId,
    ]);
  });
});

describe('GET /calculate-balances/customers and /branches', () => {
  it('sums incomes, expenses, invoices and paid payments per customer and per branch', async () => {
    // The order written through the API (not in the seed) adds its own parties: left out of the comparison.
    const detail = (await get(`/v3/orders/${orderId}`)).json().data;
    const apiParties = new Set<string>([
      ...detail.customers.map((c: { customer_id: string }) => c.customer_id),
      ...detail.branches.map((b: { branch_id: string }) => b.branch_id),
    ]);
    for (const [kind, path] of [
      ['customer', 'customers'],
      ['branch', 'branches'],
    ] as const) {
      const res = await get(`/v3/orders/calculate-balances/${path}?page[size]=200`);
      expect(res.statusCode).toBe(200);
      const want = [...expectedBalances(orders, kind)].filter(
        ([k]) => k.startsWith('tenant-a|') && !apiParties.has(k.split('|')[1]!),
      );
      const got = res.json().data;
      const seen = got.data
        .map((r: Record<string, string>) => r[`${kind}_id`])
        .filter((id: string) => !apiParties.has(id))
        .toSorted();
      expect(seen).toEqual(want.map(([k]) => k.split('|')[1]).toSorted());
      for (const [key, b] of want) {
        const row = got.data.find((r: Record<string, unknown>) => r[`${kind}_id`] === key.split('|')[1]);
        expect(row, key).toMatchObject({
          orders: b.orders,
          incomes_total: b.incomes / 100,
          expenses_total: b.expenses / 100,
          invoices_total: b.invoiced / 100,
          payments_paid_total: b.paid / 100,
          balance: (b.invoiced - b.paid) / 100,
          profit: (b.incomes - b.expenses) / 100,
        });
      }
    }
  });

  it('filters by party and sorts', async () => {
    const want = [...expectedBalances(orders, 'customer')].filter(([k]) => k.startsWith('tenant-a|'));
    const [first, second] = want.map(([k]) => k.split('|')[1]!);
    const res = await get(
      `/v3/orders/calculate-balances/customers?filter[customer_id][]=${first}&filter[customer_id][]=${second}&sort[id]=orders&sort[type]=desc`,
    );
    const data = res.json().data.data;
    expect(data.map((r: { customer_id: string }) => r.customer_id).toSorted()).toEqual(
      [first, second].toSorted(),
    );
    expect(data[0].orders).toBeGreaterThanOrEqual(data[1].orders);
  });
});

describe('GET /:order_id/export', () => {
  it('streams the filtered list as CSV with a header, quoted fields and amounts in lira', async () => {
    const res = await get(
      '/v3/orders/all/export?format=csv&filter[status]=cancelled&sort[id]=order_no&sort[type]=asc',
    );
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    expect(res.headers['content-disposition']).toMatch(
      /attachment; filename="orders-\d{4}-\d{2}-\d{2}\.csv"/,
    );
    const lines = res.body
      .replace(/^\uFEFF/, '')
      .trimEnd()
      .split('\r\n');
    expect(lines[0]!.split(',').slice(0, 3)).toEqual(['order_no', 'order_status', 'order_type']);
    const expected = [
      ...mine()
        .filter((o) => o.status === 'cancelled')
        .map((o) => o.orderNo),
      orderNo,
    ].toSorted();
    expect(lines.slice(1).map((l) => l.split(',')[0])).toEqual(expected);
    expect(res.body).toContain(`${orderNo},cancelled,delivery`);
    expect(res.body).toContain('1593.00');
  });

  it('streams XLSX that a spreadsheet reader opens, with the same rows', async () => {
    const res = await t.app.inject({
      method: 'GET',
      url: '/v3/orders/all/export?format=xlsx&filter[status]=cancelled',
      headers: t.tenantA,
    });
    expect(res.statusCode).toBe(200);
    const book = new ExcelJS.Workbook();
    await book.xlsx.load(res.rawPayload as unknown as ArrayBuffer);
    const sheet = book.getWorksheet('orders')!;
    expect(sheet.getRow(1).getCell(1).value).toBe('order_no');
    expect(sheet.rowCount - 1).toBe(mine().filter((o) => o.status === 'cancelled').length + 1);
  });

  it('refuses an unknown format; another tenant’s order id as placeholder is not found', async () => {
    expect((await get('/v3/orders/all/export?format=pdf')).statusCode).toBe(400);
    expect((await get(`/v3/orders/${orderId}/export`, t.tenantB)).statusCode).toBe(404);
  });
});

describe('print links', () => {
  it('hands out signed links that open the label and receipt pages without credentials', async () => {
    const res = await get(`/v3/orders/${orderId}/print-links`);
    expect(res.statusCode).toBe(200);
    const { print_load_barcode: labels, print_receipt: receipt, expires_at } = res.json().data;
    expect(Date.parse(expires_at) - Date.now()).toBeLessThanOrEqual(60_000);
    const page = await t.app.inject({ method: 'GET', url: labels });
    expect(page.statusCode).toBe(200);
    expect(page.headers['content-type']).toBe('text/html; charset=utf-8');
    expect(page.body.match(/<section class="label"/g)).toHaveLength(4);
    expect(page.body).toContain('data:image/png;base64,');
    expect(page.body).toContain('size: 100mm 150mm');
    const slip = await t.app.inject({ method: 'GET', url: receipt });
    expect(slip.statusCode).toBe(200);
    expect(slip.body).toContain(`Makbuz — ${orderNo}`);
    expect(slip.body).toContain('1593.00 TL');
  });

  it('refuses a missing, tampered or expired signature and other barcodes (403)', async () => {
    const path = `/v3/orders/${orderId}/print-load-barcode`;
    const { print_load_barcode: good } = (
      await get(`/v3/orders/${orderId}/print-links?barcodes=LOAD-001`)
    ).json().data;
    expect((await t.app.inject({ method: 'GET', url: good })).statusCode).toBe(200);
    const url = new URL(good, 'http://x');
    const tampered = new URL(url);
    tampered.searchParams.set('barcodes', `LOAD-001,LOAD-002`);
    const cases = [
      `${path}?barcodes=LOAD-001`,
      `${tampered.pathname}${tampered.search}`,
      `${path}?barcodes=LOAD-001&expires=${url.searchParams.get('expires')}&signature=${'A'.repeat(43)}`,
    ];
    for (const bad of cases) {
      const answer = await t.app.inject({ method: 'GET', url: bad });
      expect(answer.statusCode, bad).toBe(403);
      expect(answer.json().error.code).toBe('PRINT_LINK_INVALID');
    }
    const past = Math.floor(Date.now() / 1000) - 5;
    const expired = printSignature(t.config.PRINT_LINK_SECRET, path, `LOAD-001`, past);
    const answer = await t.app.inject({
      method: 'GET',
      url: `${path}?barcodes=LOAD-001&expires=${past}&signature=${expired}`,
    });
    expect(answer.statusCode).toBe(403);
    expect(answer.json().error.code).toBe('PRINT_LINK_EXPIRED');
  });

  it('only the order’s tenant gets links; unknown load numbers are named', async () => {
    expect((await get(`/v3/orders/${orderId}/print-links`, t.tenantB)).statusCode).toBe(404);
    const unknown = await get(`/v3/orders/${orderId}/print-links?barcodes=NOPE-1`);
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error.details[0].path).toBe('querystring.barcodes');
  });
});
