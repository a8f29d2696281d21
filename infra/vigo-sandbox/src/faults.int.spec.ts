import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createOrderAnswerSchema } from './contract.ts';
import { exampleOrder } from './test-support/example-order.ts';
import {
  startCallbackReceiver,
  startSandbox,
  type CallbackReceiver,
  type RunningSandbox,
} from './test-support/http.ts';
import { orderStateCallbackSchema } from './contract.ts';

describe('failure injection', () => {
  let receiver: CallbackReceiver;
  let sandbox: RunningSandbox;
  let token: string;

  beforeAll(async () => {
    receiver = await startCallbackReceiver();
    sandbox = await startSandbox();
    token = await sandbox.token();
  });
  afterEach(async () => {
    await sandbox.control('PUT', '/faults', {});
    await sandbox.callbacks.idle();
    receiver.received.length = 0;
  });
  afterAll(async () => {
    await sandbox?.close();
    await receiver?.close();
  });

  const get = (signal?: AbortSignal) =>
    fetch(`${sandbox.vigo}/order?id=000000000000000000000000`, {
      headers: { 'x-auth-token': token },
      ...(signal ? { signal } : {}),
    });
  const statuses = async (n: number) => {
    const seen: number[] = [];
    for (let i = 0; i < n; i += 1) seen.push((await get()).status);
    return seen;
  };
  const setFaults = async (faults: unknown) => {
    const response = await sandbox.control('PUT', '/faults', faults);
    expect(response.status).toBe(200);
  };

  it('answers 503 on about 30% of calls, the same calls for the same seed', async () => {
    await setFaults({ errorRate: 0.3, seed: 7 });
    const first = await statuses(40);
    await setFaults({ errorRate: 0.3, seed: 7 });
    expect(await statuses(40)).toEqual(first);
    const failed = first.filter((s) => s === 503).length;
    expect(failed).toBeGreaterThanOrEqual(4);
    expect(failed).toBeLessThanOrEqual(24);
    expect(first.filter((s) => s !== 503).every((s) => s === 404)).toBe(true);
  });

  it('fails the next N calls with the chosen status and a message, then serves again', async () => {
    await setFaults({ failNext: 2, errorStatus: 500 });
    const failed = await get();
    expect(failed.status).toBe(500);
    expect(await failed.json()).toEqual({ message: expect.any(String) });
    expect(await statuses(2)).toEqual([500, 404]);
    expect(await (await sandbox.control('GET', '/faults')).json()).toMatchObject({ failNext: 0 });
  });

  it('fails only the operations named', async () => {
    await setFaults({ failNext: 3, operations: ['POST /order'] });
    const fresh = await sandbox.token();
    expect((await sandbox.call('GET', '/order?id=x', { token: fresh })).status).toBe(404);
    const created = await sandbox.call('POST', '/order', { token: fresh, body: exampleOrder() });
    expect(created.status).toBe(503);
  });

  it('adds a fixed latency, or one drawn from a range', async () => {
    await setFaults({ latencyMs: 80 });
    let started = performance.now();
    expect((await get()).status).toBe(404);
    expect(performance.now() - started).toBeGreaterThanOrEqual(75);

    await setFaults({ latencyMs: { min: 20, max: 40 } });
    for (let i = 0; i < 3; i += 1) {
      started = performance.now();
      await get();
      const took = performance.now() - started;
      expect(took).toBeGreaterThanOrEqual(18);
      expect(took).toBeLessThan(40 + 1_000);
    }
  });

  it('hangs longer than the client waits, then serves the next call', async () => {
    await setFaults({ hangNext: 1, hangMs: 10_000 });
    await expect(get(AbortSignal.timeout(150))).rejects.toThrow(/timeout|aborted/i);
    expect((await get()).status).toBe(404);
  });

  it('answers 504 after a hang shorter than the client waits', async () => {
    await setFaults({ hangRate: 1, hangMs: 30 });
    expect((await get()).status).toBe(504);
  });

  it('posts every callback twice when duplication is on', async () => {
    await setFaults({ duplicateCallbacks: 1 });
    const { order } = createOrderAnswerSchema.parse(
      await (
        await sandbox.call('POST', '/order', {
          token,
          body: exampleOrder({ callback: { url: receiver.url, token: 'k', tokenHeader: 'x-api-key' } }),
        })
      ).json(),
    );
    await sandbox.control('POST', `/orders/${order.id}/advance`, { to: 'onPickUpAddress' });
    await sandbox.callbacks.idle();
    expect(receiver.received.map((r) => orderStateCallbackSchema.parse(r.body).order.state)).toEqual([
      'onTheWayForPickUp',
      'onTheWayForPickUp',
      'onPickUpAddress',
      'onPickUpAddress',
    ]);
    expect(receiver.received[0]!.body).toEqual(receiver.received[1]!.body);
  });

  it('never posts a dropped callback, and logs and counts it as dropped', async () => {
    // PATCH, as a test turns it on mid-run (after an order is prepared) without touching other faults.
    const patched = await sandbox.control('PATCH', '/faults', { dropCallbacks: 1 });
    expect(await patched.json()).toMatchObject({ dropCallbacks: 1, duplicateCallbacks: 0 });
    const { order } = createOrderAnswerSchema.parse(
      await (
        await sandbox.call('POST', '/order', {
          token,
          body: exampleOrder({ callback: { url: receiver.url, token: 'k', tokenHeader: 'x-api-key' } }),
        })
      ).json(),
    );
    const before = receiver.received.length;
    await sandbox.control('POST', `/orders/${order.id}/advance`, { to: 'onPickUpAddress' });
    await sandbox.callbacks.idle();
    expect(receiver.received.length).toBe(before);
    const dropped = sandbox.callbacks
      .attempts()
      .filter((a) => a.key === order.id && a.error === 'dropped (fault)');
    expect(dropped.map((a) => orderStateCallbackSchema.parse(a.body).order.state)).toEqual([
      'onTheWayForPickUp',
      'onPickUpAddress',
    ]);
    const control = (await (await sandbox.control('GET', '/callbacks')).json()) as {
      deliveries: { key: string; status: number | null; error: string | null }[];
    };
    expect(control.deliveries.filter((d) => d.key === order.id)).toEqual([
      expect.objectContaining({ status: null, error: 'dropped (fault)' }),
      expect.objectContaining({ status: null, error: 'dropped (fault)' }),
    ]);
    const metrics = await (await fetch(`${sandbox.origin}/metrics`)).text();
    expect(metrics).toMatch(/vigo_sandbox_callback_attempts_total\{outcome="dropped"[^}]*\} 2\n/);
  });

  it('refuses a drop share outside 0..1', async () => {
    const refused = await sandbox.control('PATCH', '/faults', { dropCallbacks: 1.5 });
    expect(refused.status).toBe(400);
    expect(((await refused.json()) as { message: string }).message).toMatch(/dropCallbacks/);
    expect(
      ((await (await sandbox.control('GET', '/faults')).json()) as { dropCallbacks: number }).dropCallbacks,
    ).toBe(0);
  });

  it('posts a step’s callback after the next one when out-of-order is on', async () => {
    await setFaults({ outOfOrderCallbacks: 1, outOfOrderHoldMs: 400 });
    const { order } = createOrderAnswerSchema.parse(
      await (
        await sandbox.call('POST', '/order', {
          token,
          body: exampleOrder({ callback: { url: receiver.url, token: 'k', tokenHeader: 'x-api-key' } }),
        })
      ).json(),
    );
    await sandbox.call('PUT', `/order/prepared?id=${order.id}`, { token });
    await receiver.waitFor((r) => r.length === 5);
    const callbacks = receiver.received.map((r) => orderStateCallbackSchema.parse(r.body));
    expect(callbacks.map((c) => c.order.state)).toEqual([
      'onPickUpAddress',
      'onTheWayForPickUp',
      'onDeliveryAddress',
      'onDelivery',
      'delivered', // held until outOfOrderHoldMs: no step came after it
    ]);
    // occurredAt still tells the true order
    const byTime = callbacks.toSorted((a, b) => Date.parse(a.occurredAt) - Date.parse(b.occurredAt));
    expect(byTime.map((c) => c.stepStates?.length)).toEqual([2, 3, 4, 5, 6]);
  });

  it('refuses faults it does not understand, naming the field', async () => {
    const response = await sandbox.control('PUT', '/faults', { errorRate: 3 });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { message: string }).message).toMatch(/^errorRate: /);
    const unknown = await sandbox.control('PATCH', '/faults', { errorRat: 0.1 });
    expect(((await unknown.json()) as { message: string }).message).toBe('errorRat: unknown field');
  });
});

describe('faults configured at start', () => {
  it('apply from the first call and come back after a reset', async () => {
    const sandbox = await startSandbox({ faults: { failNext: 1, operations: ['POST /auth/token'] } });
    try {
      const tokenCall = () =>
        fetch(`${sandbox.vigo}/auth/token`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ clientId: 'test-client', clientSecret: 'test-secret' }),
        });
      expect((await tokenCall()).status).toBe(503);
      expect((await tokenCall()).status).toBe(200);
      await sandbox.control('POST', '/reset');
      expect((await tokenCall()).status).toBe(503);
    } finally {
      await sandbox.close();
    }
  });

  it('do not keep close() waiting for a hung call', async () => {
    const sandbox = await startSandbox({ faults: { hangRate: 1, hangMs: 60_000 } });
    const hung = fetch(`${sandbox.vigo}/auth/token`, { method: 'POST' }).catch(() => 'dropped');
    await new Promise((r) => setTimeout(r, 50));
    const started = performance.now();
    await sandbox.close();
    expect(performance.now() - started).toBeLessThan(1_000);
    await hung;
  });
});
