import { createServer, type Server } from 'node:http';
import type { CreateOrderBody } from '@orders/contracts/vigo';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { sandboxControl } from './test-support/harness.ts';
import { startSandbox } from './test-support/processes.ts';
import {
  CircuitOpenError,
  createVigoClient,
  VigoPermanentError,
  VigoTransientError,
  type VigoClientOptions,
} from './vigo-client.ts';

let sandbox: Awaited<ReturnType<typeof startSandbox>>;
let control: ReturnType<typeof sandboxControl>;

beforeAll(async () => {
  sandbox = await startSandbox({ VIGO_SANDBOX_AUTO_ADVANCE: 'manual' });
  control = sandboxControl(sandbox.controlUrl);
});
afterAll(async () => {
  await sandbox?.process.stop();
});
beforeEach(async () => {
  await control.reset();
});

function client(overrides: Partial<VigoClientOptions> = {}) {
  const attempts: { operation: string; outcome: string }[] = [];
  let refreshes = 0;
  const vigo = createVigoClient({
    baseUrl: sandbox.baseUrl,
    clientId: 'sandbox-client',
    clientSecret: 'sandbox-secret',
    timeoutMs: 1_000,
    maxAttempts: 4,
    backoff: { baseMs: 10, maxMs: 50 },
    breaker: { threshold: 50, cooldownMs: 200 },
    tokenRefreshMarginMs: 60_000,
    observer: {
      onAttempt: (operation, outcome) => attempts.push({ operation, outcome }),
      onTokenRefresh: () => (refreshes += 1),
    },
    ...overrides,
  });
  return { vigo, attempts, refreshes: () => refreshes };
}

let counter = 0;
function body(overrides: Partial<CreateOrderBody> = {}): CreateOrderBody {
  counter += 1;
  return {
    receiverName: 'Işık Öztürk',
    receiverPhone: '05337654321',
    receiverAddress: 'Barbaros Blv. 5, Beşiktaş',
    receiverLocation: { lat: 41.0422, lon: 29.0083 },
    pickupPoint: {
      name: 'Depo',
      address: 'İstiklal Cd. 10',
      location: { latitude: 41.0082, longitude: 28.9784 },
      phone: '05321234567',
    },
    courierType: 'motorCourier',
    orderNumber: `CLIENT-${Date.now()}-${counter}`,
    paymentType: 'cash',
    paymentMethod: 'cod',
    platform: 'orders',
    products: [{ productName: 'parcel P-1', ingredients: '', amount: 1 }],
    ...overrides,
  };
}

describe('vigo client against the sandbox', () => {
  it('creates, reads, prepares and cancels with one token, every answer validated', async () => {
    const { vigo, refreshes } = client();
    const b = body();
    const created = await vigo.createOrder(b);
    expect(created).toMatchObject({ created: { order: { orderNumber: b.orderNumber, state: 'inQueue' } } });
    if (!('created' in created)) return;
    const id = created.created.order.id;
    expect(id).toMatch(/^[0-9a-f]{24}$/);
    expect((await vigo.getOrder({ orderNumber: b.orderNumber }))?.order.id).toBe(id);
    expect(await vigo.markPrepared({ id })).toEqual({ success: true, message: 'Sipariş hazırlandı' });
    expect(await vigo.cancelOrder({ id }, 'Müşteri vazgeçti')).toEqual({
      success: true,
      message: 'Sipariş iptal edildi',
    });
    expect((await vigo.getOrder({ id }))?.orderState).toMatchObject({
      state: 'cancelled',
      description: 'Müşteri vazgeçti',
    });
    expect(await vigo.getOrder({ orderNumber: 'NO-SUCH-ORDER' })).toBeNull();
    expect(await vigo.createOrder(b)).toEqual({ conflict: expect.stringContaining(b.orderNumber) });
    expect(refreshes()).toBe(1);
  });

  it('refetches the token once on a 401, however many calls meet it at once', async () => {
    const { vigo, attempts, refreshes } = client();
    const created = await vigo.createOrder(body());
    if (!('created' in created)) throw new Error('not created');
    await control.expireTokens();
    const answers = await Promise.all(
      Array.from({ length: 10 }, () => vigo.getOrder({ id: created.created.order.id })),
    );
    expect(answers.every((a) => a?.order.id === created.created.order.id)).toBe(true);
    expect(refreshes()).toBe(2);
    expect(attempts.filter((a) => a.operation === 'POST /auth/token')).toHaveLength(2);
  });

  it('refreshes a short-lived token before it expires, so calls never meet a 401', async () => {
    await control.faults({ tokenTtlMs: 600 });
    const { vigo, attempts, refreshes } = client();
    const b = body();
    await vigo.createOrder(b);
    for (let i = 0; i < 15; i++) {
      await vigo.getOrder({ orderNumber: b.orderNumber });
      await new Promise((r) => setTimeout(r, 100));
    }
    expect(refreshes()).toBeGreaterThanOrEqual(3);
    expect(attempts.filter((a) => a.outcome === '401')).toEqual([]);
  });

  it('retries 5xx answers and timeouts with backoff', async () => {
    const { vigo, attempts } = client({ timeoutMs: 300 });
    const b = body();
    await vigo.createOrder(b);
    await control.faults({ failNext: 2, operations: ['GET /order'] });
    expect((await vigo.getOrder({ orderNumber: b.orderNumber }))?.order.orderNumber).toBe(b.orderNumber);
    await control.faults({ failNext: 0, hangNext: 1, hangMs: 1_500, operations: ['GET /order'] });
    expect((await vigo.getOrder({ orderNumber: b.orderNumber }))?.order.orderNumber).toBe(b.orderNumber);
    expect(attempts.filter((a) => a.operation === 'GET /order').map((a) => a.outcome)).toEqual([
      '503',
      '503',
      '200',
      'timeout',
      '200',
    ]);
  });

  it('gives up after its attempts, then the open circuit fails calls at once until a trial succeeds', async () => {
    const { vigo, attempts } = client({ maxAttempts: 3, breaker: { threshold: 5, cooldownMs: 300 } });
    const b = body();
    await vigo.createOrder(b);
    await control.faults({ errorRate: 1, operations: ['GET /order'] });
    await expect(vigo.getOrder({ orderNumber: b.orderNumber })).rejects.toBeInstanceOf(VigoTransientError);
    await expect(vigo.getOrder({ orderNumber: b.orderNumber })).rejects.toSatisfy(
      (e) => e instanceof VigoTransientError || e instanceof CircuitOpenError,
    );
    const sent = attempts.length;
    await expect(vigo.getOrder({ orderNumber: b.orderNumber })).rejects.toBeInstanceOf(CircuitOpenError);
    expect(attempts.length).toBe(sent);
    expect(vigo.circuitState()).toBe('open');
    await control.clearFaults();
    await new Promise((r) => setTimeout(r, 350));
    expect((await vigo.getOrder({ orderNumber: b.orderNumber }))?.order.orderNumber).toBe(b.orderNumber);
    expect(vigo.circuitState()).toBe('closed');
  });

  it('throws a typed permanent error for a 4xx, without retrying', async () => {
    const { vigo, attempts } = client();
    const error = await vigo
      .createOrder(body({ products: [{ productName: 'x', ingredients: '', amount: 1.5 }] }))
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(VigoPermanentError);
    expect(error).toMatchObject({ status: 400, message: expect.stringContaining('products[0].amount') });
    await expect(vigo.markPrepared({ id: 'aaaaaaaaaaaaaaaaaaaaaaaa' })).rejects.toMatchObject({
      status: 404,
    });
    expect(attempts.filter((a) => a.outcome === '400' || a.outcome === '404')).toHaveLength(2);
  });
});

describe('vigo client against a server that breaks the contract', () => {
  let server: Server;
  let url: string;
  beforeAll(async () => {
    server = createServer((request, response) => {
      response.setHeader('content-type', 'application/json');
      if (request.url?.endsWith('/auth/token')) {
        response.end(JSON.stringify({ token: 't', expiresAt: new Date(Date.now() + 60_000).toISOString() }));
      } else {
        response.end(JSON.stringify({ order: { id: 42 }, serverTime: 'yesterday' }));
      }
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const address = server.address();
    url = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}/api/v2`;
  });
  afterAll(() => new Promise<void>((r) => server.close(() => r())));

  it('refuses an answer that does not match the contracts schema', async () => {
    const { vigo } = client({ baseUrl: url });
    const error = await vigo.createOrder(body()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(VigoTransientError);
    expect(error).toMatchObject({ reason: 'invalid-answer', message: expect.stringContaining('order.id') });
  });
});
