import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Connector } from './connector.ts';
import { startConnectorInProcess } from './test-support/connector.ts';
import {
  callbackToken,
  onlyForward,
  startHarness,
  vigoOrderBody,
  waitFor,
  type Harness,
} from './test-support/harness.ts';

// The connector in this process on the event-store source; the Vigo sandbox and order-api
// as processes of their own, over real HTTP; a real PostgreSQL.
let h: Harness;
let connector: Connector;

beforeAll(async () => {
  h = await startHarness();
  connector = await startConnectorInProcess(h.connectorEnv);
});
afterAll(async () => {
  await connector?.stop();
  await h?.close();
});
afterEach(async () => {
  await h.control.clearFaults();
});

const row = (orderId: string) =>
  h.db.selectFrom('vigo_connector.dispatches').selectAll().where('order_id', '=', orderId).executeTakeFirst();

/**
 * Waits until Vigo has the order marked prepared and the connector has recorded that (its
 * dispatch row is written after Vigo's answer); returns the Vigo order.
 */
async function dispatched(orderNo: string) {
  return waitFor(`Vigo order ${orderNo} prepared`, async () => {
    const [order] = await h.control.ordersNumbered(orderNo);
    if (!order?.prepared) return undefined;
    const recorded = await h.db
      .selectFrom('vigo_connector.dispatches')
      .select('state')
      .where('order_no', '=', orderNo)
      .executeTakeFirst();
    return recorded?.state === 'prepared' ? order : undefined;
  });
}

async function metric(name: string, labels: string): Promise<number> {
  const text = await (await fetch(`http://127.0.0.1:${h.connectorPort}/metrics`)).text();
  const line = text.split('\n').find((l) => l.startsWith(`${name}{`) && l.includes(labels));
  return line ? Number(line.split(' ').at(-1)) : 0;
}

function postCallback(body: unknown, token = callbackToken) {
  return fetch(`http://127.0.0.1:${h.connectorPort}/vigo/callbacks`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-api-key': token },
    body: JSON.stringify(body),
  });
}

describe('dispatch', () => {
  it('sends a vigo order once and walks it to delivered through the callbacks', async () => {
    const { orderId, orderNo } = await h.user.create();
    const vigo = await dispatched(orderNo);
    expect(vigo.request).toMatchObject({
      orderNumber: orderNo,
      receiverName: 'Işık Öztürk',
      receiverPhone: '05337654321',
      receiverLocation: { lat: 41.0422, lon: 29.0083 },
      courierType: 'motorCourier',
      paymentMethod: 'cod',
      paymentType: 'cash',
      price: '120.00',
      desi: 4,
      callback: { url: `http://127.0.0.1:${h.connectorPort}/vigo/callbacks`, tokenHeader: 'x-api-key' },
      pickupPoint: { name: 'Ayşe Yılmaz', phone: '05321234567' },
    });

    await h.control.advance(vigo.id, 'delivered');
    await waitFor('order delivered', async () => (await h.user.status(orderId)) === 'delivered');

    expect(await h.statusHistory(orderId)).toEqual([
      'created',
      'assigned',
      'to-picking',
      'picked',
      'on-delivery',
      'delivered',
    ]);
    const order = await h.user.get(orderId);
    expect((order['loads'] as { delivery: unknown }[]).every((l) => l.delivery !== null)).toBe(true);
    expect(await h.control.ordersNumbered(orderNo)).toHaveLength(1);
    expect(await row(orderId)).toMatchObject({
      state: 'prepared',
      vigo_order_id: vigo.id,
      vigo_state: 'delivered',
      attempts: 1,
      courier_latitude: expect.any(Number),
      courier_longitude: expect.any(Number),
    });
    expect(await metric('vigo_connector_callbacks_total', 'outcome="applied"')).toBeGreaterThanOrEqual(5);
    expect(
      await metric('vigo_connector_vigo_request_duration_seconds_count', 'operation="POST /order"'),
    ).toBeGreaterThanOrEqual(1);
  });

  it('leaves orders of other channels alone, and records an order Vigo cannot take with the reason', async () => {
    const other = await h.user.create(vigoOrderBody({ third_party_channel: 'yurtici' }));
    const truck = await h.user.create(vigoOrderBody({ vehicle_type: 'truck' }));
    const failed = await waitFor(
      'failed row',
      async () => (await row(truck.orderId))?.state === 'failed' && row(truck.orderId),
    );
    expect(failed).toMatchObject({
      failure_reason: 'vehicle_type truck: Vigo has no courier for it',
      vigo_order_id: null,
    });
    expect(await metric('vigo_connector_dispatch_failures_total', 'reason="unmappable"')).toBe(1);
    expect(await row(other.orderId)).toBeUndefined();
    expect(await h.control.ordersNumbered(other.orderNo)).toEqual([]);
    expect(await h.control.ordersNumbered(truck.orderNo)).toEqual([]);
  });

  it('cancels the Vigo order when the order is cancelled', async () => {
    const { orderId, orderNo } = await h.user.create();
    const vigo = await dispatched(orderNo);
    await h.user.cancel(orderId);
    await waitFor(
      'vigo order cancelled',
      async () => (await h.control.ordersNumbered(orderNo))[0]?.state === 'cancelled',
    );
    await waitFor('row cancelled', async () => (await row(orderId))?.state === 'cancelled');
    expect((await h.control.ordersNumbered(orderNo))[0]).toMatchObject({ id: vigo.id });
  });

  it('ends in exactly one Vigo order per order through 5xx storms, timeouts and token expiry', async () => {
    await h.control.faults({
      errorRate: 0.5,
      hangRate: 0.05,
      hangMs: 1_500,
      tokenTtlMs: 400,
      seed: 7,
      operations: ['POST /auth/token', 'POST /order', 'GET /order', 'PUT /order/prepared'],
    });
    const orders = await Promise.all(Array.from({ length: 6 }, () => h.user.create()));
    await new Promise((r) => setTimeout(r, 300));
    await h.control.expireTokens();
    for (const { orderNo } of orders) await dispatched(orderNo);
    await h.control.clearFaults();
    for (const { orderId, orderNo } of orders) {
      const [vigo, ...more] = await h.control.ordersNumbered(orderNo);
      expect(more).toEqual([]);
      expect(await row(orderId)).toMatchObject({ vigo_order_id: vigo!.id });
      await waitFor('row prepared', async () => (await row(orderId))?.state === 'prepared');
    }
    expect(await metric('vigo_connector_token_refreshes_total', '')).toBeGreaterThanOrEqual(0);
  });
  it('keeps the Vigo id when the prepared call fails, and prepares it on a retry', async () => {
    // The id and the prepared state are written together; a failed PUT /order/prepared must
    // still leave the id on the row (as `created`), so the retry prepares, never re-creates.
    await h.control.faults({ failNext: 1_000, operations: ['PUT /order/prepared'] });
    const { orderId, orderNo } = await h.user.create();
    const created = await waitFor('row created with its Vigo id', async () => {
      const recorded = await row(orderId);
      return recorded?.state === 'created' && recorded.vigo_order_id ? recorded : undefined;
    });
    const [vigo, ...more] = await h.control.ordersNumbered(orderNo);
    expect(more).toEqual([]);
    expect(created).toMatchObject({ vigo_order_id: vigo!.id, vigo_state: 'inQueue', attempts: 1 });
    expect(vigo!.prepared).toBe(false);

    await h.control.clearFaults();
    const prepared = await dispatched(orderNo);
    expect(prepared.id).toBe(vigo!.id);
    expect(await h.control.ordersNumbered(orderNo)).toHaveLength(1);
    expect(await row(orderId)).toMatchObject({ state: 'prepared', vigo_order_id: vigo!.id, attempts: 1 });
  });
});

describe('callbacks', () => {
  it('never moves an order backwards on duplicated and out-of-order callbacks', async () => {
    await h.control.faults({
      duplicateCallbacks: 1,
      outOfOrderCallbacks: 0.5,
      outOfOrderHoldMs: 100,
      seed: 3,
    });
    const orders = await Promise.all(Array.from({ length: 3 }, () => h.user.create()));
    for (const { orderNo } of orders) await h.control.advance((await dispatched(orderNo)).id, 'delivered');
    for (const { orderId } of orders) {
      await waitFor('order delivered', async () => (await h.user.status(orderId)) === 'delivered');
      const history = await h.statusHistory(orderId);
      expect(onlyForward(history), history.join(' → ')).toBe(true);
      expect(history.at(-1)).toBe('delivered');
    }
    expect(await metric('vigo_connector_callbacks_total', 'outcome="duplicate"')).toBeGreaterThan(0);

    // A late callback of an earlier state, even one never seen before, changes nothing.
    const { orderId } = orders[0]!;
    const dispatch = (await row(orderId))!;
    const answer = await postCallback({
      event: 'orderState',
      order: { id: dispatch.vigo_order_id, orderNumber: dispatch.order_no, state: 'onPickUpAddress' },
      occurredAt: new Date().toISOString(),
    });
    expect(await answer.json()).toEqual({ ok: true, outcome: 'stale' });
    expect(await h.user.status(orderId)).toBe('delivered');
  });

  it('answers 401 to a wrong token and changes nothing', async () => {
    const { orderId, orderNo } = await h.user.create();
    const vigo = await dispatched(orderNo);
    const before = await row(orderId);
    const callback = {
      event: 'orderState',
      order: { id: vigo.id, orderNumber: orderNo, state: 'delivered' },
      occurredAt: new Date().toISOString(),
    };
    expect((await postCallback(callback, 'callback-token-0123456789abcdeX')).status).toBe(401);
    expect((await postCallback(callback, '')).status).toBe(401);
    const withoutHeader = await fetch(`http://127.0.0.1:${h.connectorPort}/vigo/callbacks`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(callback),
    });
    expect(withoutHeader.status).toBe(401);
    expect(await h.user.status(orderId)).toBe('created');
    expect(await h.statusHistory(orderId)).toEqual(['created']);
    const seen = await h.db
      .selectFrom('vigo_connector.callbacks')
      .selectAll()
      .where('ref', '=', vigo.id)
      .execute();
    expect(seen).toEqual([]);
    expect(await row(orderId)).toEqual(before);
    // And a callback that is not one: 400, nothing changes either.
    expect((await postCallback({ event: 'orderState', order: { id: vigo.id } })).status).toBe(400);
    expect(await h.user.status(orderId)).toBe('created');
  });

  it('hands the order over when the courier brings the parcel back, and cancels it once returned', async () => {
    const { orderId, orderNo } = await h.user.create(
      vigoOrderBody({ payment_type: 'prepaid', payment_method: 'card' }),
    );
    const vigo = await dispatched(orderNo);
    await h.control.advance(vigo.id, 'onDelivery');
    await waitFor('on-delivery', async () => (await h.user.status(orderId)) === 'on-delivery');
    await h.control.advance(vigo.id, 'returning');
    await waitFor('handover', async () => (await h.user.status(orderId)) === 'handover');
    await h.control.advance(vigo.id, 'returned');
    await waitFor('cancelled', async () => (await h.user.status(orderId)) === 'cancelled');
    expect(await h.statusHistory(orderId)).toEqual([
      'created',
      'assigned',
      'to-picking',
      'picked',
      'on-delivery',
      'handover',
      'cancelled',
    ]);
    const order = await h.user.get(orderId);
    expect(order['handovers']).toEqual([expect.objectContaining({ handover_reason: 'other' })]);
    // The order's own cancel event reaches the connector too; Vigo is not asked to cancel a returned order.
    await waitFor('row cancelled', async () => (await row(orderId))?.state === 'cancelled');
    expect((await h.control.ordersNumbered(orderNo))[0]?.state).toBe('returned');
  });

  it('cancels the order when Vigo cancels it before pickup', async () => {
    const { orderId, orderNo } = await h.user.create();
    const vigo = await dispatched(orderNo);
    await h.control.advance(vigo.id, 'onTheWayForPickUp');
    await waitFor('to-picking', async () => (await h.user.status(orderId)) === 'to-picking');
    await h.control.advance(vigo.id, 'cancelled');
    await waitFor('cancelled', async () => (await h.user.status(orderId)) === 'cancelled');
    expect(await h.statusHistory(orderId)).toEqual(['created', 'assigned', 'to-picking', 'cancelled']);
  });
});

describe('pickup points', () => {
  it('holds orders from a branch Vigo has not approved, and sends them on its approval callback', async () => {
    const branchId = '7d3f1e2a-2222-4c4c-8a8a-00000000b001';
    const registered = await fetch(`http://127.0.0.1:${h.connectorPort}/admin/pickup-points`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-admin-token': 'admin-token-0123456789' },
      body: JSON.stringify({
        branchId,
        name: 'Beyoğlu Şube',
        address: 'İstiklal Cd. 10, Beyoğlu',
        location: { latitude: 41.0082, longitude: 28.9784 },
        phone: '05321234567',
      }),
    });
    expect(registered.status).toBe(201);
    const point = (await registered.json()) as { vigoPickupPointId: string; onboardingStatus: string };
    expect(point.onboardingStatus).toBe('candidate');

    const { orderId, orderNo } = await h.user.create(
      vigoOrderBody({ branches: [{ branch_id: branchId, route_type: 'origin' }] }),
    );
    await waitFor('waiting row', async () => (await row(orderId))?.state === 'waiting-pickup-point');
    expect(await h.control.ordersNumbered(orderNo)).toEqual([]);

    await h.control.approve(point.vigoPickupPointId);
    const vigo = await dispatched(orderNo);
    expect(vigo.request['pickupPoint']).toEqual({ id: point.vigoPickupPointId });
    expect(vigo.pickupPointId).toBe(point.vigoPickupPointId);
    const saved = await h.db
      .selectFrom('vigo_connector.pickup_points')
      .selectAll()
      .where('branch_id', '=', branchId)
      .executeTakeFirstOrThrow();
    expect(saved.onboarding_status).toBe('approved');
  });
});
