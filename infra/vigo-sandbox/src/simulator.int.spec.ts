import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createOrderAnswerSchema } from './contract.ts';
import { exampleOrder } from './test-support/example-order.ts';
import {
  startCallbackReceiver,
  startSandbox,
  type CallbackReceiver,
  type ReceivedCallback,
  type RunningSandbox,
} from './test-support/http.ts';
import {
  getOrderAnswerSchema,
  orderStateCallbackSchema,
  pickupPointStateCallbackSchema,
  registerPickupPointAnswerSchema,
  vigoCallbackSchema,
  type OrderStateCallback,
} from './contract.ts';

const callbackToken = 'XXXYYYXXXVVVZZZ';

function orderCallbacks(received: ReceivedCallback[], orderId: string): OrderStateCallback[] {
  return received
    .map((r) => vigoCallbackSchema.parse(r.body))
    .filter((c): c is OrderStateCallback => c.event === 'orderState' && c.order.id === orderId);
}

const statesOf = (received: ReceivedCallback[], orderId: string) =>
  orderCallbacks(received, orderId).map((c) => c.order.state);

describe('the delivery simulator', () => {
  let receiver: CallbackReceiver;
  let sandbox: RunningSandbox;
  let token: string;

  beforeAll(async () => {
    receiver = await startCallbackReceiver();
    sandbox = await startSandbox({
      callbackRetries: 2,
      pickupPointCallback: { url: receiver.url, token: 'pp-secret', tokenHeader: 'x-pickup-token' },
    });
    token = await sandbox.token();
  });
  afterEach(() => {
    receiver.received.length = 0;
    receiver.failNext(0);
  });
  afterAll(async () => {
    await sandbox?.close();
    await receiver?.close();
  });

  const call = (method: string, path: string, body?: unknown) => sandbox.call(method, path, { token, body });
  const create = async (overrides: Parameters<typeof exampleOrder>[0] = {}) => {
    const response = await call(
      'POST',
      '/order',
      exampleOrder({
        callback: { url: receiver.url, token: callbackToken, tokenHeader: 'x-api-key' },
        ...overrides,
      }),
    );
    expect(response.status).toBe(200);
    return createOrderAnswerSchema.parse(await response.json()).order;
  };
  const registerPoint = async (externalId: string) => {
    const response = await call('POST', '/pickup-point', {
      name: 'Kadıköy Şube',
      address: 'Caferağa Mahallesi, Kadıköy, İstanbul',
      location: { longitude: 29.025, latitude: 40.99 },
      phone: '02160000000',
      externalId,
    });
    expect(response.status).toBe(200);
    return registerPickupPointAnswerSchema.parse(await response.json());
  };

  it('waits for prepared, then walks the order to delivered, one callback per step with the token header', async () => {
    const order = await create();
    await new Promise((r) => setTimeout(r, 60)); // a dozen step intervals
    expect(receiver.received).toEqual([]);

    await call('PUT', `/order/prepared?id=${order.id}`);
    await receiver.waitFor((r) => statesOf(r, order.id).includes('delivered'));
    await sandbox.callbacks.idle();

    expect(statesOf(receiver.received, order.id)).toEqual([
      'onTheWayForPickUp',
      'onPickUpAddress',
      'onDelivery',
      'onDeliveryAddress',
      'delivered',
    ]);
    for (const callback of receiver.received) {
      expect(callback.headers['x-api-key']).toBe(callbackToken);
      expect(callback.headers['content-type']).toBe('application/json');
      expect(orderStateCallbackSchema.safeParse(callback.body).success).toBe(true);
    }
    const last = orderCallbacks(receiver.received, order.id).at(-1)!;
    expect(last).toMatchObject({
      order: { id: order.id, orderNumber: order.orderNumber, state: 'delivered' },
      courier: { name: expect.any(String), location: { latitude: 41.07, longitude: 29.0 } },
    });
    expect(last.stepStates?.map((s) => s.state)).toEqual([
      'inQueue',
      'onTheWayForPickUp',
      'onPickUpAddress',
      'onDelivery',
      'onDeliveryAddress',
      'delivered',
    ]);
    const answer = getOrderAnswerSchema.parse(await (await call('GET', `/order?id=${order.id}`)).json());
    expect(answer.order.state).toBe('delivered');
    expect(answer.courierLocation).toEqual({ latitude: 41.07, longitude: 29.0 });
  });

  it('moves the courier from near the pickup point to the receiver', async () => {
    const order = await create();
    await call('PUT', `/order/prepared?id=${order.id}`);
    await receiver.waitFor((r) => statesOf(r, order.id).includes('delivered'));
    const locations = orderCallbacks(receiver.received, order.id).map((c) => c.courier?.location);
    const pickup = { latitude: 41.0766, longitude: 29.0106 };
    const receiverAt = { latitude: 41.07, longitude: 29.0 };
    const distance = (a: typeof pickup | undefined, b: typeof pickup) =>
      Math.hypot(a!.latitude - b.latitude, a!.longitude - b.longitude);
    const toReceiver = locations.map((l) => distance(l, receiverAt));
    expect(toReceiver.toSorted((a, b) => b - a)).toEqual(toReceiver); // never moves away
    expect(distance(locations[1], pickup)).toBeCloseTo(0, 9); // onPickUpAddress
  });

  it('brings returned products back: onDeliveryAddress → returning → returned', async () => {
    const order = await create({
      products: [{ productName: 'Kola', ingredients: '', amount: 1, return: true }],
    });
    await call('PUT', `/order/prepared?id=${order.id}`);
    await receiver.waitFor((r) => statesOf(r, order.id).includes('returned'));
    expect(statesOf(receiver.received, order.id).slice(-3)).toEqual([
      'onDeliveryAddress',
      'returning',
      'returned',
    ]);
  });

  it('reports a cancellation by callback', async () => {
    const order = await create();
    await call('PUT', `/order/cancel?id=${order.id}&cancelText=stok`);
    await receiver.waitFor((r) => statesOf(r, order.id).includes('cancelled'));
    expect(orderCallbacks(receiver.received, order.id)).toEqual([
      expect.objectContaining({
        order: expect.objectContaining({ state: 'cancelled', description: 'stok' }),
      }),
    ]);
  });

  it('retries a callback the receiver refuses, with the same body', async () => {
    receiver.failNext(2, 503);
    const order = await create();
    await sandbox.control('POST', `/orders/${order.id}/advance`);
    await sandbox.callbacks.idle();
    expect(receiver.received.map((r) => r.status)).toEqual([503, 503, 200]);
    expect(new Set(receiver.received.map((r) => JSON.stringify(r.body))).size).toBe(1);
  });

  it('gives up after the configured retries and goes on with the next step', async () => {
    receiver.failNext(3, 500);
    const order = await create();
    await sandbox.control('POST', `/orders/${order.id}/advance`);
    await sandbox.control('POST', `/orders/${order.id}/advance`);
    await sandbox.callbacks.idle();
    expect(receiver.received.map((r) => [(r.body as OrderStateCallback).order.state, r.status])).toEqual([
      ['onTheWayForPickUp', 500],
      ['onTheWayForPickUp', 500],
      ['onTheWayForPickUp', 500],
      ['onPickUpAddress', 200],
    ]);
    const log = (await (await sandbox.control('GET', '/callbacks')).json()) as {
      deliveries: { key: string; attempt: number; status: number }[];
    };
    expect(log.deliveries.filter((d) => d.key === order.id).map((d) => d.attempt)).toEqual([1, 2, 3, 1]);
  });

  it('keeps an order for an unapproved pickup point waiting, then queues and walks it once approved', async () => {
    const point = await registerPoint('branch-kadikoy');
    expect(point).toEqual({ id: expect.stringMatching(/^[0-9a-f]{24}$/), onboardingStatus: 'candidate' });
    const lookup = await call('GET', `/pickup-point?id=${point.id}`);
    expect(await lookup.json()).toMatchObject({
      id: point.id,
      onboardingStatus: 'candidate',
      externalId: 'branch-kadikoy',
    });

    const order = await create({ pickupPoint: { id: point.id } });
    expect(order.state).toBe('waiting');
    await call('PUT', `/order/prepared?id=${order.id}`);
    await new Promise((r) => setTimeout(r, 40));
    const waiting = getOrderAnswerSchema.parse(await (await call('GET', `/order?id=${order.id}`)).json());
    expect(waiting.order.state).toBe('waiting');
    expect(waiting.pickupPointState).toEqual({
      id: point.id,
      name: 'Kadıköy Şube',
      onboardingStatus: 'candidate',
    });
    expect(receiver.received).toEqual([]);

    const approve = await sandbox.control('POST', `/pickup-points/${point.id}/approve`);
    expect(await approve.json()).toMatchObject({ id: point.id, onboardingStatus: 'approved' });
    await receiver.waitFor((r) => statesOf(r, order.id).includes('delivered'));

    const pointCallbacks = receiver.received.filter(
      (r) => (r.body as { event: string }).event === 'pickupPointState',
    );
    expect(pointCallbacks).toHaveLength(1);
    expect(pickupPointStateCallbackSchema.parse(pointCallbacks[0]!.body)).toMatchObject({
      event: 'pickupPointState',
      pickupPoint: { id: point.id, onboardingStatus: 'approved' },
    });
    expect(pointCallbacks[0]!.headers['x-pickup-token']).toBe('pp-secret');
    expect(statesOf(receiver.received, order.id).slice(0, 2)).toEqual(['inQueue', 'onTheWayForPickUp']);
    const delivered = getOrderAnswerSchema.parse(await (await call('GET', `/order?id=${order.id}`)).json());
    expect(delivered.stepStates.map((s) => s.state).slice(0, 2)).toEqual(['waiting', 'inQueue']);
    expect(delivered.pickupPointState.onboardingStatus).toBe('approved');
  });

  it('cancels the orders of a rejected pickup point and refuses new ones', async () => {
    const point = await registerPoint('branch-rejected');
    const order = await create({ pickupPoint: { id: point.id } });
    await sandbox.control('POST', `/pickup-points/${point.id}/reject`);
    await receiver.waitFor((r) => statesOf(r, order.id).includes('cancelled'));
    expect(receiver.received.map((r) => (r.body as { event: string }).event)).toEqual([
      'pickupPointState',
      'orderState',
    ]);
    const refused = await call('POST', '/order', exampleOrder({ pickupPoint: { id: point.id } }));
    expect(refused.status).toBe(400);
    expect(await refused.json()).toEqual({ message: 'pickupPoint.id: alım noktası reddedildi' });
  });

  it('refuses a second registration with the same externalId, and finds the point by it', async () => {
    const point = await registerPoint('branch-twice');
    const again = await call('POST', '/pickup-point', {
      name: 'x',
      address: 'y',
      location: { longitude: 29, latitude: 41 },
      phone: '0',
      externalId: 'branch-twice',
    });
    expect(again.status).toBe(409);
    const found = await call('GET', '/pickup-point?externalId=branch-twice');
    expect(await found.json()).toMatchObject({ id: point.id });
  });

  it('hands a transferred order to a new courier and carries on', async () => {
    const order = await create();
    const moved = await sandbox.control('POST', `/orders/${order.id}/advance`, { to: 'onDelivery' });
    const firstCourier = ((await moved.json()) as { order: { courier: { id: string } } }).order.courier.id;
    const transfer = await sandbox.control('POST', `/orders/${order.id}/advance`, { to: 'transferred' });
    expect(await transfer.json()).toMatchObject({ entered: ['transferred'] });
    const next = await sandbox.control('POST', `/orders/${order.id}/advance`);
    const after = (await next.json()) as { entered: string[]; order: { courier: { id: string } } };
    expect(after.entered).toEqual(['onDelivery']);
    expect(after.order.courier.id).not.toBe(firstCourier);
    const refused = await sandbox.control('POST', `/orders/${order.id}/advance`, { to: 'inQueue' });
    expect(refused.status).toBe(409);
  });
});

describe('the simulator with autoAdvance immediately', () => {
  it('walks an order without waiting for prepared', async () => {
    const receiver = await startCallbackReceiver();
    const sandbox = await startSandbox({ autoAdvance: 'immediately' });
    try {
      const response = await sandbox.call('POST', '/order', {
        body: exampleOrder({ callback: { url: receiver.url, token: 't', tokenHeader: 'authorization' } }),
      });
      const { order } = createOrderAnswerSchema.parse(await response.json());
      await receiver.waitFor((r) => statesOf(r, order.id).includes('delivered'));
      expect(receiver.received[0]!.headers.authorization).toBe('t');
    } finally {
      await sandbox.close();
      await receiver.close();
    }
  });
});
