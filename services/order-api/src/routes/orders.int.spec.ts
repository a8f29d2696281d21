import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../test-support/app.ts';
import { orderBody } from '../test-support/bodies.ts';

describe('v3 order commands', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  const create = async (body: Record<string, unknown> = orderBody()) => {
    const res = await t.app.inject({ method: 'POST', url: '/v3/orders', headers: t.tenantA, payload: body });
    expect(res.statusCode, res.body).toBe(201);
    return res.json().data as { order_id: string; order_no: string; version: number; [k: string]: unknown };
  };
  const details = async (orderId: string, headers = t.tenantA) =>
    t.app.inject({ method: 'GET', url: `/v3/orders/${orderId}`, headers });
  const setStatus = async (orderId: string, status: string) => {
    const res = await t.app.inject({
      method: 'PUT',
      url: `/v3/orders/${orderId}`,
      headers: t.tenantA,
      payload: { order_status: status },
    });
    expect(res.statusCode, res.body).toBe(200);
  };

  it('creates an order with an order number, computed pricing and normalised phones', async () => {
    const order = await create();
    expect(order.order_no).toMatch(/^ORD-\d{6}$/);
    expect(order).toMatchObject({
      order_status: 'created',
      order_type: 'delivery',
      pricing: {
        base_amount: 1327.5,
        sub_total_amount: 1327.5,
        vat: 20,
        vat_amount: 265.5,
        total_amount: 1593,
      },
    });
    expect((order['routes'] as { person?: { phone?: string } }[])[0]?.person?.phone).toBe('+905321234567');
    expect(order['loads']).toHaveLength(4);
    const res = await details(order.order_id);
    expect(res.statusCode).toBe(200);
    expect(res.headers.etag).toBe(`"${order.version}"`);
    expect(res.json()).toMatchObject({
      success: true,
      error: null,
      data: { order_id: order.order_id, order_no: order.order_no },
    });
  });

  it('allocates order numbers one after another per tenant', async () => {
    const first = await create();
    const second = await create();
    expect(Number(second.order_no.slice(4))).toBe(Number(first.order_no.slice(4)) + 1);
    const other = await t.app.inject({
      method: 'POST',
      url: '/v3/orders',
      headers: t.tenantB,
      payload: orderBody(),
    });
    expect(other.json().data.order_no).toBe('ORD-000001');
  });

  it('refuses a pricing block whose numbers disagree, naming the field', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/v3/orders',
      headers: t.tenantA,
      payload: orderBody({ pricing: { base_amount: 1000, vat: 20, vat_amount: 180, total_amount: 1180 } }),
    });
    expect(res.statusCode).toBe(422);
    expect(res.json().error).toMatchObject({ code: 'PRICING_MISMATCH' });
    expect(res.json().error.details.map((d: { path: string }) => d.path)).toContain(
      'body.pricing.vat_amount',
    );
  });

  it('refuses VAT 18 for an order dated after 2023-07-10', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/v3/orders',
      headers: t.tenantA,
      payload: orderBody({ pricing: { base_amount: 1000, vat: 18 } }),
    });
    expect(res.statusCode).toBe(422);
    expect(res.json().error.code).toBe('VAT_RATE_INVALID');
  });

  it('rejects an invalid body with 400, naming every bad field, and unknown fields', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/v3/orders',
      headers: t.tenantA,
      payload: { order_type: 'rocket', receipt_number: 'x'.repeat(60), colour: 'red' },
    });
    expect(res.statusCode).toBe(400);
    const body = res.json();
    expect(body).toMatchObject({ success: false, data: null, error: { code: 'VALIDATION_FAILED' } });
    const paths = body.error.details.map((d: { path: string }) => d.path);
    expect(paths).toEqual(expect.arrayContaining(['body.order_type', 'body.receipt_number', 'body.colour']));
  });

  it('answers malformed JSON with 400, not 500', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/v3/orders',
      headers: { ...t.tenantA, 'content-type': 'application/json' },
      payload: '{"order_type": ',
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().success).toBe(false);
  });

  describe('authentication', () => {
    it('requires x-client-id and x-client-secret', async () => {
      const res = await t.app.inject({
        method: 'GET',
        url: '/v3/orders/7d3f1e2a-1111-4c4c-8a8a-000000000001',
      });
      expect(res.statusCode).toBe(401);
      expect(res.json().error.code).toBe('UNAUTHORIZED');
    });
    it('refuses a wrong secret', async () => {
      const res = await details('7d3f1e2a-1111-4c4c-8a8a-000000000001', {
        ...t.tenantA,
        'x-client-secret': 'wrong',
      });
      expect(res.statusCode).toBe(401);
    });
    it('requires x-user-id as a uuid', async () => {
      const res = await details('7d3f1e2a-1111-4c4c-8a8a-000000000001', { ...t.tenantA, 'x-user-id': 'bob' });
      expect(res.statusCode).toBe(401);
      expect(res.json().error.details[0].path).toBe('headers.x-user-id');
    });
  });

  it('hides one tenant’s order from another: 404 on read and on command', async () => {
    const order = await create();
    expect((await details(order.order_id, t.tenantB)).statusCode).toBe(404);
    const cancel = await t.app.inject({
      method: 'GET',
      url: `/v3/orders/${order.order_id}/cancel`,
      headers: t.tenantB,
    });
    expect(cancel.statusCode).toBe(404);
    expect((await details(order.order_id)).json().data.order_status).toBe('created');
  });

  it('updates only the fields sent, and honours If-Match', async () => {
    const order = await create();
    const stale = await t.app.inject({
      method: 'PUT',
      url: `/v3/orders/${order.order_id}`,
      headers: { ...t.tenantA, 'if-match': '"1"' },
      payload: { note: 'eski sürüm' },
    });
    expect(stale.statusCode).toBe(409);
    expect(stale.json().error.code).toBe('VERSION_CONFLICT');
    const res = await t.app.inject({
      method: 'PUT',
      url: `/v3/orders/${order.order_id}`,
      headers: { ...t.tenantA, 'if-match': `"${order.version}"` },
      payload: { note: 'Yeni not' },
    });
    expect(res.statusCode).toBe(200);
    expect(res.json().data).toMatchObject({ note: 'Yeni not', vehicle_type: 'van' });
    expect(res.headers.etag).toBe(`"${order.version + 1}"`);
  });

  it('walks an order to delivered, partially then fully, and cancels the delivery', async () => {
    const order = await create();
    for (const status of ['assigned', 'to-picking', 'picked', 'on-delivery'])
      await setStatus(order.order_id, status);
    const partial = await t.app.inject({
      method: 'POST',
      url: `/v3/orders/${order.order_id}/deliver-loads`,
      headers: t.tenantA,
      payload: {
        loads: ['LOAD-001', 'LOAD-002'],
        recipient_name: 'Işık Öztürk',
        recipient_phone: '05337654321',
      },
    });
    expect(partial.statusCode, partial.body).toBe(200);
    expect((await details(order.order_id)).json().data.order_status).toBe('on-delivery');
    const unknown = await t.app.inject({
      method: 'POST',
      url: `/v3/orders/${order.order_id}/deliver-loads`,
      headers: t.tenantA,
      payload: { loads: ['LOAD-999'] },
    });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().error.code).toBe('LOAD_NOT_FOUND');
    await t.app.inject({
      method: 'POST',
      url: `/v3/orders/${order.order_id}/deliver-loads`,
      headers: t.tenantA,
      payload: { loads: ['LOAD-003', 'LOAD-004'] },
    });
    const delivered = (await details(order.order_id)).json().data;
    expect(delivered.order_status).toBe('delivered');
    expect(delivered.loads[0].delivery).toMatchObject({
      recipient_name: 'Işık Öztürk',
      recipient_phone: '+905337654321',
    });

    const cancelDelivered = await t.app.inject({
      method: 'GET',
      url: `/v3/orders/${order.order_id}/cancel`,
      headers: t.tenantA,
    });
    expect(cancelDelivered.statusCode).toBe(409);
    expect(cancelDelivered.json().error.code).toBe('ORDER_DELIVERED');

    const undo = await t.app.inject({
      method: 'POST',
      url: `/v3/orders/${order.order_id}/cancel-delivery`,
      headers: t.tenantA,
      payload: { cancel_reason: 'Yanlış adrese teslim' },
    });
    expect(undo.statusCode).toBe(200);
    expect((await details(order.order_id)).json().data.order_status).toBe('on-delivery');
  });

  it('refuses a move the status table forbids with 409 and the domain’s code', async () => {
    const order = await create();
    const res = await t.app.inject({
      method: 'PUT',
      url: `/v3/orders/${order.order_id}`,
      headers: t.tenantA,
      payload: { order_status: 'delivered' },
    });
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('INVALID_TRANSITION');
  });

  it('cancels an order', async () => {
    const order = await create();
    const res = await t.app.inject({
      method: 'GET',
      url: `/v3/orders/${order.order_id}/cancel`,
      headers: t.tenantA,
    });
    expect(res.statusCode).toBe(200);
    expect((await details(order.order_id)).json().data.order_status).toBe('cancelled');
  });

  it('records a load notice', async () => {
    const order = await create();
    const res = await t.app.inject({
      method: 'POST',
      url: `/v3/orders/${order.order_id}/notice-loads`,
      headers: t.tenantA,
      payload: { loads: ['LOAD-002'], notice_reason: 'damaged', description: 'Kutu ezik' },
    });
    expect(res.statusCode).toBe(200);
    expect((await details(order.order_id)).json().data.notices).toMatchObject([
      { load_nos: ['LOAD-002'], notice_reason: 'damaged', description: 'Kutu ezik' },
    ]);
  });

  it('creates a handover by order number', async () => {
    const order = await create();
    for (const status of ['assigned', 'to-picking', 'picked', 'on-delivery'])
      await setStatus(order.order_id, status);
    const res = await t.app.inject({
      method: 'POST',
      url: `/v3/orders/${order.order_no}/handovers`,
      headers: t.tenantA,
      payload: { handover_reason: 'unreachable' },
    });
    expect(res.statusCode, res.body).toBe(200);
    expect((await details(order.order_id)).json().data.order_status).toBe('handover');
    const otherTenant = await t.app.inject({
      method: 'POST',
      url: `/v3/orders/${order.order_no}/handovers`,
      headers: t.tenantB,
      payload: { handover_reason: 'away' },
    });
    expect(otherTenant.statusCode).toBe(404);
  });

  it('finds an order by number through the stream key its create recorded, and older orders through orders_index', async () => {
    const order = await create();
    // the create wrote no orders_index row: the number is the order stream's key
    expect(
      await t.db
        .selectFrom('order_api.orders_index')
        .select('order_id')
        .where('order_no', '=', order.order_no)
        .execute(),
    ).toEqual([]);
    expect(
      await t.store.streamIdByKey({ tenantId: 'tenant-a', streamType: 'order', streamKey: order.order_no }),
    ).toBe(`order-${order.order_id}`);

    // An order created before stream keys: no key on its stream, its number in orders_index.
    const older = await create();
    await sql`update event_store.streams set stream_key = null where stream_id = ${`order-${older.order_id}`}`.execute(
      t.db,
    );
    const handover = () =>
      t.app.inject({
        method: 'POST',
        url: `/v3/orders/${older.order_no}/handovers`,
        headers: t.tenantA,
        payload: { handover_reason: 'unreachable' },
      });
    expect((await handover()).statusCode).toBe(404);
    await t.db
      .insertInto('order_api.orders_index')
      .values({ order_id: older.order_id, tenant_id: 'tenant-a', order_no: older.order_no })
      .execute();
    for (const status of ['assigned', 'to-picking', 'picked', 'on-delivery'])
      await setStatus(older.order_id, status);
    const res = await handover();
    expect(res.statusCode, res.body).toBe(200);
    expect((await details(older.order_id)).json().data.order_status).toBe('handover');
  });

  it('soft-deletes: the order is gone for reads and refuses commands', async () => {
    const order = await create();
    expect(
      (await t.app.inject({ method: 'DELETE', url: `/v3/orders/${order.order_id}`, headers: t.tenantA }))
        .statusCode,
    ).toBe(200);
    expect((await details(order.order_id)).statusCode).toBe(404);
    const again = await t.app.inject({
      method: 'GET',
      url: `/v3/orders/${order.order_id}/cancel`,
      headers: t.tenantA,
    });
    expect(again.statusCode).toBe(404);
  });

  it('answers 404 for an order that does not exist, and 400 for an id that is not a uuid', async () => {
    expect((await details('7d3f1e2a-1111-4c4c-8a8a-00000000dead')).statusCode).toBe(404);
    const bad = await details('not-a-uuid');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().error.details[0].path).toBe('params.order_id');
  });

  it('estimates a price from coordinates, vehicle and weight', async () => {
    const res = await t.app.inject({
      method: 'POST',
      url: '/v3/orders/calculate-order-price',
      headers: t.tenantA,
      payload: {
        origin: { latitude: 41.0082, longitude: 28.9784 },
        destination: { latitude: 39.9334, longitude: 32.8597 },
        vehicle_type: 'truck',
        weight: 1500,
      },
    });
    expect(res.statusCode, res.body).toBe(200);
    const data = res.json().data;
    expect(data.distance_km).toBeGreaterThan(340);
    expect(data.distance_km).toBeLessThan(360);
    expect(data.estimated_price).toBe(data.pricing.total_amount);
    expect(data.estimated_price).toBeGreaterThan(0);
  });

  it('replays the first answer for a repeated Idempotency-Key, and refuses the key with another body', async () => {
    const headers = { ...t.tenantA, 'idempotency-key': 'create-7f1c' };
    const first = await t.app.inject({ method: 'POST', url: '/v3/orders', headers, payload: orderBody() });
    const second = await t.app.inject({ method: 'POST', url: '/v3/orders', headers, payload: orderBody() });
    expect(first.statusCode).toBe(201);
    expect(second.statusCode).toBe(201);
    expect(second.headers['idempotent-replayed']).toBe('true');
    expect(second.json().data.order_id).toBe(first.json().data.order_id);
    const other = await t.app.inject({
      method: 'POST',
      url: '/v3/orders',
      headers,
      payload: orderBody({ note: 'başka' }),
    });
    expect(other.statusCode).toBe(422);
    expect(other.json().error.code).toBe('IDEMPOTENCY_KEY_REUSED');
  });
});
