import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrderAnswerSchema } from './contract.ts';
import { exampleOrder } from './test-support/example-order.ts';
import { startCallbackReceiver, startSandbox, type RunningSandbox } from './test-support/http.ts';

describe('the sandbox process', () => {
  let sandbox: RunningSandbox;
  beforeAll(async () => {
    sandbox = await startSandbox({ autoAdvance: 'manual' });
  });
  afterAll(() => sandbox?.close());

  it('answers /health and /metrics, counting callback attempts', async () => {
    const receiver = await startCallbackReceiver();
    try {
      const health = await fetch(`${sandbox.origin}/health`);
      expect(await health.json()).toEqual({ status: 'ok' });
      const created = await sandbox.call('POST', '/order', {
        body: exampleOrder({ callback: { url: receiver.url, token: 't', tokenHeader: 'x-api-key' } }),
      });
      const { order } = createOrderAnswerSchema.parse(await created.json());
      await sandbox.control('POST', `/orders/${order.id}/advance`);
      await sandbox.callbacks.idle();
      const metrics = await (await fetch(`${sandbox.origin}/metrics`)).text();
      expect(metrics).toMatch(/vigo_sandbox_callback_attempts_total\{outcome="accepted"[^}]*\} 1/);
      expect(metrics).toMatch(/http_request_duration_seconds_bucket\{[^}]*route="\/api\/v2\/order"/);
    } finally {
      await receiver.close();
    }
  });

  it('lists every order for tests and forgets them on reset', async () => {
    const created = await sandbox.call('POST', '/order', { body: exampleOrder() });
    const { order } = createOrderAnswerSchema.parse(await created.json());
    const listed = (await (await sandbox.control('GET', '/orders')).json()) as { orders: { id: string }[] };
    expect(listed.orders.map((o) => o.id)).toContain(order.id);
    const stats = async () =>
      ((await (await sandbox.control('GET', '/stats')).json()) as { orders: number }).orders;
    expect(await stats()).toBe(listed.orders.length);

    await sandbox.control('POST', '/reset');
    const after = (await (await sandbox.control('GET', '/orders')).json()) as { orders: unknown[] };
    expect(after.orders).toEqual([]);
    expect(await stats()).toBe(0);
    // tokens are forgotten too
    expect((await sandbox.call('GET', `/order?id=${order.id}`, { token: 'old' })).status).toBe(401);
    expect((await sandbox.call('GET', `/order?id=${order.id}`)).status).toBe(404);
  });

  it('answers unknown paths with 404 and a message', async () => {
    const response = await fetch(`${sandbox.vigo}/orders`);
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ message: expect.stringContaining('/api/v2/orders') });
  });
});

describe('the base path', () => {
  it('can be the root', async () => {
    const sandbox = await startSandbox({ basePath: '/' });
    try {
      expect(sandbox.vigo).toBe(sandbox.origin);
      const response = await sandbox.call('POST', '/order', { body: exampleOrder() });
      expect(response.status).toBe(200);
      expect((await fetch(`${sandbox.origin}/api/v2/order`)).status).toBe(404);
    } finally {
      await sandbox.close();
    }
  });

  it('offers the seeded pickup points from the start', async () => {
    const sandbox = await startSandbox({
      pickupPoints: [
        {
          id: '6881e0dd1a5da2001e118180',
          name: 'Şişli Şube',
          address: 'Şişli, İstanbul',
          location: { longitude: 29, latitude: 41.06 },
          phone: '02120000000',
        },
      ],
    });
    try {
      const response = await sandbox.call('POST', '/order', {
        body: exampleOrder({ pickupPoint: { id: '6881e0dd1a5da2001e118180' } }),
      });
      expect(await response.json()).toMatchObject({ order: { state: 'inQueue' } });
    } finally {
      await sandbox.close();
    }
  });
});
