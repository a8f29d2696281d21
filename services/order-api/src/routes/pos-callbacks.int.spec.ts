import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../test-support/app.ts';
import { orderBody } from '../test-support/bodies.ts';

// The callbacks of shared/vectors (computed outside this project), posted as the bank would.
const vectors = JSON.parse(
  readFileSync(
    resolve(fileURLToPath(import.meta.url), '../../../../../../shared/vectors/paynkolay-callback.json'),
    'utf8',
  ),
) as { cases: { name: string; fields: Record<string, string> }[] };
const vector = (name: string) => {
  const found = vectors.cases.find((c) => c.name.startsWith(name));
  if (!found) throw new Error(`no vector "${name}"`);
  return found.fields;
};

describe('virtual POS callbacks', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(async () => {
    await t?.close();
  });

  /** An order of 1,593.00 TL with a pending card payment of the same amount. */
  async function pendingPayment() {
    const order = (
      await t.app.inject({ method: 'POST', url: '/v3/orders', headers: t.tenantA, payload: orderBody() })
    ).json().data;
    const payment = await t.app.inject({
      method: 'POST',
      url: `/v3/orders/${order.order_id}/payments`,
      headers: t.tenantA,
      payload: { payment_method: 'card', amount: '1593.00' },
    });
    expect(payment.statusCode, payment.body).toBe(201);
    return { orderId: order.order_id as string, paymentId: payment.json().data.order_payment_id as string };
  }
  const paymentOf = async (orderId: string, paymentId: string) =>
    (
      await t.app.inject({
        method: 'GET',
        url: `/v3/orders/${orderId}/payments/${paymentId}`,
        headers: t.tenantA,
      })
    ).json().data;
  const post = (
    orderId: string,
    paymentId: string,
    outcome: 'success' | 'fail',
    fields: Record<string, string>,
  ) =>
    t.app.inject({
      method: 'POST',
      url: `/v3/orders/${orderId}/payments/${paymentId}/${outcome}`,
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams(fields).toString(),
    });

  it('records a success with a valid hash, without credentials, and redirects to the success URL', async () => {
    const { orderId, paymentId } = await pendingPayment();
    const res = await post(orderId, paymentId, 'success', vector('valid success'));
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toMatch(/^https:\/\/shop\.example\/paid\?order_id=/);
    expect(await paymentOf(orderId, paymentId)).toMatchObject({
      payment_status: 'paid',
      auth_code: 'S58392',
      reference_code: 'IKSIRPF0000000123',
    });
  });

  it('treats a repeated success as the same success', async () => {
    const { orderId, paymentId } = await pendingPayment();
    expect((await post(orderId, paymentId, 'success', vector('valid success'))).statusCode).toBe(303);
    const again = await post(orderId, paymentId, 'success', vector('valid success'));
    expect(again.statusCode).toBe(303);
    expect(again.headers.location).toContain('/paid');
    const logs = await t.store.readStream(`order-${orderId}`);
    expect(logs.events.filter((e) => e.type === 'PaymentSucceeded')).toHaveLength(1);
  });

  it('accepts the callback as a GET with the fields in the query', async () => {
    const { orderId, paymentId } = await pendingPayment();
    const res = await t.app.inject({
      method: 'GET',
      url: `/v3/orders/${orderId}/payments/${paymentId}/success?${new URLSearchParams(vector('valid success'))}`,
    });
    expect(res.statusCode).toBe(303);
    expect((await paymentOf(orderId, paymentId)).payment_status).toBe('paid');
  });

  for (const tampered of ['amount tampered', 'signed with another secret']) {
    it(`refuses "${tampered}" with 400 and changes nothing`, async () => {
      const { orderId, paymentId } = await pendingPayment();
      const before = await t.store.readStream(`order-${orderId}`);
      const res = await post(orderId, paymentId, 'success', vector(tampered));
      expect(res.statusCode).toBe(400);
      expect(res.json().error).toMatchObject({
        code: 'INVALID_HASH',
        details: [{ path: 'body.hashDataV2' }],
      });
      expect((await t.store.readStream(`order-${orderId}`)).version).toBe(before.version);
      expect((await paymentOf(orderId, paymentId)).payment_status).toBe('pending');
    });
  }

  it('records a failure (RESPONSE_CODE other than 2) and redirects to the fail URL', async () => {
    const { orderId, paymentId } = await pendingPayment();
    const res = await post(orderId, paymentId, 'fail', vector('valid failure'));
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toContain('/failed');
    expect(await paymentOf(orderId, paymentId)).toMatchObject({ payment_status: 'fail', error_code: '51' });
  });

  it('refuses a success whose amount is not the payment’s', async () => {
    const order = (
      await t.app.inject({ method: 'POST', url: '/v3/orders', headers: t.tenantA, payload: orderBody() })
    ).json().data;
    const payment = (
      await t.app.inject({
        method: 'POST',
        url: `/v3/orders/${order.order_id}/payments`,
        headers: t.tenantA,
        payload: { payment_method: 'card', amount: 100 },
      })
    ).json().data;
    const res = await post(
      order.order_id,
      payment.order_payment_id,
      'success',
      vector('client reference changed'),
    );
    expect(res.statusCode).toBe(422);
    expect(res.json().error.code).toBe('PAYMENT_AMOUNT_MISMATCH');
    expect((await paymentOf(order.order_id, payment.order_payment_id)).payment_status).toBe('pending');
  });

  it('cannot fail a payment after it succeeded', async () => {
    const { orderId, paymentId } = await pendingPayment();
    await post(orderId, paymentId, 'success', vector('valid success'));
    const res = await post(orderId, paymentId, 'fail', vector('valid failure'));
    expect(res.statusCode).toBe(409);
    expect(res.json().error.code).toBe('PAYMENT_ALREADY_SUCCEEDED');
  });

  it('answers a callback without a hash with 400 naming hashDataV2', async () => {
    const { orderId, paymentId } = await pendingPayment();
    const { hashDataV2: _dropped, ...fields } = vector('valid success');
    const res = await post(orderId, paymentId, 'success', fields);
    expect(res.statusCode).toBe(400);
    expect(res.json().error.details.map((d: { path: string }) => d.path)).toContain('body.hashDataV2');
  });
});
