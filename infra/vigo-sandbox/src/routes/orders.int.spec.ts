import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOrderAnswerSchema } from '../contract.ts';
import { exampleOrder } from '../test-support/example-order.ts';
import { startSandbox, type RunningSandbox } from '../test-support/http.ts';
import { formatVigoDate } from '../time.ts';
import { getOrderAnswerSchema, vigoDatePattern } from '../contract.ts';

describe('the documented order endpoints', () => {
  let sandbox: RunningSandbox;
  let token: string;
  beforeAll(async () => {
    // manual: orders stay where the test puts them
    sandbox = await startSandbox({ autoAdvance: 'manual' });
    token = await sandbox.token();
  });
  afterAll(() => sandbox?.close());

  const call = (method: string, path: string, body?: unknown) => sandbox.call(method, path, { token, body });
  const create = async (overrides: Parameters<typeof exampleOrder>[0] = {}) => {
    const response = await call('POST', '/order', exampleOrder(overrides));
    expect(response.status).toBe(200);
    return createOrderAnswerSchema.parse(await response.json());
  };

  it('creates an order: a 24-hex id, inQueue, and the server time', async () => {
    const body = exampleOrder();
    const response = await call('POST', '/order', body);
    expect(response.status).toBe(200);
    const answer = (await response.json()) as Record<string, unknown>;
    expect(Object.keys(answer).toSorted()).toEqual(['order', 'serverTime']);
    expect(answer.order).toEqual({
      id: expect.stringMatching(/^[0-9a-f]{24}$/),
      orderNumber: body.orderNumber,
      state: 'inQueue',
    });
    expect(Math.abs(Date.parse(answer.serverTime as string) - Date.now())).toBeLessThan(5_000);
  });

  it('answers GET /order by id and by orderNumber with the delivery information', async () => {
    const { order } = await create();
    const byId = await call('GET', `/order?id=${order.id}`);
    expect(byId.status).toBe(200);
    const answer = getOrderAnswerSchema.parse(await byId.json());
    expect(answer.order).toEqual({
      id: order.id,
      orderNumber: order.orderNumber,
      state: 'inQueue',
      description: '',
      tracking: {},
      assignedCourier: null,
    });
    expect(answer.pickupPointState).toEqual({ id: null, name: 'Merkez Şube', onboardingStatus: null });
    expect(answer.orderState.state).toBe('inQueue');
    expect(answer.stepStates).toEqual([{ state: 'inQueue', date: expect.stringMatching(vigoDatePattern) }]);
    expect(answer.courierLocation).toBeNull();
    // the step's date is now, in Istanbul time, to the second
    const [date] = answer.stepStates.map((s) => s.date);
    const around = [-1_000, 0, 1_000].map((d) => formatVigoDate(new Date(Date.now() + d)));
    expect(around).toContain(date);

    const byNumber = await call('GET', `/order?orderNumber=${encodeURIComponent(order.orderNumber)}`);
    expect(byNumber.status).toBe(200);
    const again = getOrderAnswerSchema.parse(await byNumber.json());
    expect(again.order.id).toBe(order.id);
  });

  it('shows the courier, its location and every step date as DD-MM-YYYY HH:mm:ss once on the way', async () => {
    const { order } = await create();
    await sandbox.control('POST', `/orders/${order.id}/advance`, { to: 'onDelivery' });
    const answer = getOrderAnswerSchema.parse(await (await call('GET', `/order?id=${order.id}`)).json());
    expect(answer.order.assignedCourier).toMatchObject({
      name: expect.any(String),
      phone: expect.any(String),
    });
    expect(answer.stepStates.map((s) => s.state)).toEqual([
      'inQueue',
      'onTheWayForPickUp',
      'onPickUpAddress',
      'onDelivery',
    ]);
    for (const step of answer.stepStates) expect(step.date).toMatch(vigoDatePattern);
    // halfway between the pickup point and the receiver
    expect(answer.courierLocation?.latitude).toBeCloseTo((41.0766 + 41.07) / 2, 6);
    expect(answer.courierLocation?.longitude).toBeCloseTo((29.0106 + 29.0) / 2, 6);
  });

  it('refuses id and orderNumber together, and neither, on GET, cancel and prepared', async () => {
    const { order } = await create();
    const both = `id=${order.id}&orderNumber=${encodeURIComponent(order.orderNumber)}`;
    const get = await call('GET', `/order?${both}`);
    expect(get.status).toBe(400);
    expect(await get.json()).toEqual({ message: 'id ve orderNumber birlikte gönderilmemelidir' });
    for (const path of [`/order/cancel?${both}&cancelText=x`, `/order/prepared?${both}`]) {
      const response = await call('PUT', path);
      expect(response.status).toBe(400);
      expect(await response.json()).toEqual({
        success: false,
        message: 'id ve orderNumber birlikte gönderilmemelidir',
      });
    }
    for (const path of ['/order/cancel?cancelText=x', '/order/prepared']) {
      const response = await call('PUT', path);
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({ success: false });
    }
    expect((await call('GET', '/order')).status).toBe(400);
    // nothing happened to the order
    const after = getOrderAnswerSchema.parse(await (await call('GET', `/order?id=${order.id}`)).json());
    expect(after.order.state).toBe('inQueue');
  });

  it('answers prepared exactly as documented', async () => {
    const { order } = await create();
    const response = await call(
      'PUT',
      `/order/prepared?orderNumber=${encodeURIComponent(order.orderNumber)}`,
    );
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('{"success":true,"message":"Sipariş hazırlandı"}');
    const view = (await (await sandbox.control('GET', `/orders/${order.id}`)).json()) as {
      prepared: boolean;
    };
    expect(view.prepared).toBe(true);
  });

  it('cancels exactly as documented, keeping the cancel text as the description', async () => {
    const { order } = await create();
    const cancelText = 'Siparişteki ürünler stokta kalmadı.';
    const response = await call(
      'PUT',
      `/order/cancel?id=${order.id}&cancelText=${encodeURIComponent(cancelText)}`,
    );
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('{"success":true,"message":"Sipariş iptal edildi"}');
    const answer = getOrderAnswerSchema.parse(await (await call('GET', `/order?id=${order.id}`)).json());
    expect(answer.order).toMatchObject({ state: 'cancelled', description: cancelText });
    const again = await call('PUT', `/order/cancel?id=${order.id}`);
    expect(again.status).toBe(409);
    expect(await again.json()).toEqual({ success: false, message: 'Sipariş zaten iptal edilmiş' });
  });

  it('refuses to cancel a delivered order with success false', async () => {
    const { order } = await create();
    await sandbox.control('POST', `/orders/${order.id}/advance`, { to: 'delivered' });
    const response = await call('PUT', `/order/cancel?id=${order.id}&cancelText=late`);
    expect(response.status).toBe(409);
    expect(await response.json()).toEqual({
      success: false,
      message: 'Teslim edilmiş sipariş iptal edilemez',
    });
    const prepared = await call('PUT', `/order/prepared?id=${order.id}`);
    expect(prepared.status).toBe(409);
    expect(await prepared.json()).toMatchObject({ success: false });
  });

  it('answers 404 for an order it does not know', async () => {
    const get = await call('GET', '/order?id=000000000000000000000000');
    expect(get.status).toBe(404);
    expect(await get.json()).toEqual({ message: 'Sipariş bulunamadı' });
    for (const path of ['/order/cancel?orderNumber=nope', '/order/prepared?id=000000000000000000000000']) {
      const response = await call('PUT', path);
      expect(response.status).toBe(404);
      expect(await response.json()).toEqual({ success: false, message: 'Sipariş bulunamadı' });
    }
  });

  it('refuses a second order with the same orderNumber and keeps the first', async () => {
    const { order } = await create();
    const second = await call(
      'POST',
      '/order',
      exampleOrder({ orderNumber: order.orderNumber, note: 'again' }),
    );
    expect(second.status).toBe(409);
    expect(((await second.json()) as { message: string }).message).toContain(order.orderNumber);
    const found = getOrderAnswerSchema.parse(
      await (await call('GET', `/order?orderNumber=${encodeURIComponent(order.orderNumber)}`)).json(),
    );
    expect(found.order.id).toBe(order.id);
  });

  it('answers 400 naming the field that is wrong', async () => {
    const cases: [unknown, RegExp][] = [
      [{ ...exampleOrder(), receiverName: undefined }, /^receiverName: /],
      [exampleOrder({ courierType: 'drone' as never }), /^courierType: .*motorCourier/],
      [exampleOrder({ paymentMethod: 'card' as never }), /^paymentMethod: /],
      [
        exampleOrder({ products: [{ productName: 'Su', ingredients: '', amount: 1.5 }] }),
        /^products\[0\]\.amount: /,
      ],
      [
        exampleOrder({ products: [{ productName: 'Su', ingredients: '', amount: 1, desi: 0 }] }),
        /^products\[0\]\.desi: /,
      ],
      [exampleOrder({ receiverLocation: { lat: 41 } as never }), /^receiverLocation\.lon: /],
      [
        exampleOrder({ callback: { url: 'not a url', token: 't', tokenHeader: 'x-api-key' } }),
        /^callback\.url: /,
      ],
      [{ ...exampleOrder(), orderNumber: undefined }, /^orderNumber: /],
      [{ ...exampleOrder(), platform: undefined }, /^platform: /],
      [exampleOrder({ pickupPoint: { id: '6881e0dd1a5da2001e118180' } }), /^pickupPoint\.id: /],
    ];
    for (const [body, expected] of cases) {
      const response = await call('POST', '/order', body);
      const answer = (await response.json()) as { message: string };
      expect({ status: response.status, message: answer.message }).toEqual({
        status: 400,
        message: expect.stringMatching(expected),
      });
    }
  });

  it('answers 400 with a message for a body that is not JSON', async () => {
    const response = await fetch(`${sandbox.vigo}/order`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-auth-token': token },
      body: '{"receiverName":',
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({ message: expect.any(String) });
  });

  it('defaults orderType to delivery', async () => {
    const { orderType: _omitted, ...body } = exampleOrder();
    const response = await call('POST', '/order', body);
    expect(response.status).toBe(200);
    const { order } = createOrderAnswerSchema.parse(await response.json());
    const view = (await (await sandbox.control('GET', `/orders/${order.id}`)).json()) as {
      request: { orderType: string };
    };
    expect(view.request.orderType).toBe('delivery');
  });
});
