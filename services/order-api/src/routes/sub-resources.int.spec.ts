import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from '../test-support/app.ts';
import { orderBody } from '../test-support/bodies.ts';

const uuid = (n: number) => `7d3f1e2a-3333-4c4c-8a8a-${String(n).padStart(12, '0')}`;

describe('v3 sub-resources', () => {
  let t: TestApp;
  let orderId: string;
  let base: string;
  beforeAll(async () => {
    t = await startTestApp();
    const res = await t.app.inject({
      method: 'POST',
      url: '/v3/orders',
      headers: t.tenantA,
      payload: orderBody(),
    });
    orderId = res.json().data.order_id;
    base = `/v3/orders/${orderId}`;
  });
  afterAll(async () => {
    await t?.close();
  });

  const call = (
    method: 'GET' | 'POST' | 'PUT' | 'DELETE',
    url: string,
    payload?: unknown,
    headers = t.tenantA,
  ) =>
    t.app.inject({
      method,
      url: `${base}${url}`,
      headers,
      ...(payload === undefined ? {} : { payload: payload as object }),
    });

  /** Create → details → update → list (with a filter) → delete → 404, for one group. */
  async function crud(
    group: string,
    idField: string,
    create: object,
    update: object,
    check: (item: Record<string, unknown>) => void,
    filter?: string,
  ) {
    const created = await call('POST', `/${group}`, create);
    expect(created.statusCode, created.body).toBe(201);
    const id = created.json().data[idField] as string;
    expect(id).toBeTruthy();
    const read = await call('GET', `/${group}/${id}`);
    expect(read.statusCode).toBe(200);
    check(read.json().data);
    const updated = await call('PUT', `/${group}/${id}`, update);
    expect(updated.statusCode, updated.body).toBe(200);
    const list = await call('GET', `/${group}${filter ? `?${filter}` : ''}`);
    expect(list.statusCode, list.body).toBe(200);
    expect(list.json().data).toMatchObject({ items: 1, page: 0 });
    expect(list.json().data.data[0][idField]).toBe(id);
    const removed = await call('DELETE', `/${group}/${id}`);
    expect(removed.statusCode).toBe(200);
    expect((await call('GET', `/${group}/${id}`)).statusCode).toBe(404);
    return updated.json().data as Record<string, unknown>;
  }

  it('waybills', async () => {
    const updated = await crud(
      'waybills',
      'order_waybill_id',
      {
        sequence_no: '001',
        serial_no: 'SER-001',
        shipment_date: '2026-11-24',
        shipment_hour: '08:00',
        amount: 5000,
      },
      { waybill_type: 'transportation' },
      (w) =>
        expect(w).toMatchObject({
          sequence_no: '001',
          waybill_type: 'shipment',
          currency: 'TRY',
          amount: 5000,
        }),
      'filter[waybill_type]=transportation',
    );
    expect(updated['waybill_type']).toBe('transportation');
  });

  it('expenses, with their pricing computed and checked', async () => {
    const updated = await crud(
      'expenses',
      'order_expense_id',
      {
        supplier_id: uuid(1),
        description: 'Hamaliye',
        pricing: { unit_type: 'piece', quantity: 2, unit_price: '500', vat: '20' },
      },
      { expense_type: 'porterage' },
      (e) =>
        expect(e['pricing']).toMatchObject({
          unit_price: '500.00',
          vat_price: '200.00',
          total_price: '1200.00',
        }),
      'filter[expense_type][]=porterage&filter[expense_type][]=spot',
    );
    expect(updated['expense_type']).toBe('porterage');
    const wrong = await call('POST', '/expenses', {
      supplier_id: uuid(1),
      pricing: { unit_type: 'piece', unit_price: '1000', vat: '20', total_price: '1180' },
    });
    expect(wrong.statusCode).toBe(422);
    expect(wrong.json().error.details[0].path).toBe('body.pricing.total_price');
  });

  it('incomes', async () => {
    await crud(
      'incomes',
      'order_income_id',
      { customer_id: uuid(2), pricing: { unit_type: 'piece', unit_price: '2000', vat: '20' } },
      { income_type: 'spot' },
      (i) => expect(i).toMatchObject({ income_type: 'freight', total_price: '2400.00' }),
      'filter[income_type]=spot',
    );
  });

  it('loads, with load_no unique within the order, and their logs', async () => {
    const taken = await call('POST', '/loads', { load_type: 'parcel', load_no: 'LOAD-001' });
    expect(taken.statusCode).toBe(409);
    expect(taken.json().error.code).toBe('LOAD_NO_TAKEN');
    const load = await call('POST', '/loads', { load_type: 'crate', load_no: 'LOAD-010', weight: 12 });
    expect(load.statusCode, load.body).toBe(201);
    const loadId = load.json().data.order_load_id as string;
    const byNo = await call('GET', '/loads?filter[load_no]=LOAD-010');
    expect(byNo.json().data.items).toBe(1);
    await crud(
      `loads/${loadId}/logs`,
      'order_load_log_id',
      { load_no: 'LOAD-010', load_type: 'crate', load_status: 'loaded', load_action_type: 'load' },
      { load_status: 'unloaded' },
      (l) => expect(l).toMatchObject({ load_no: 'LOAD-010', load_status: 'loaded' }),
      'filter[load_no]=LOAD-010',
    );
    expect((await call('GET', `/loads/${uuid(99)}/logs`)).json().data.items).toBe(0);
  });

  it('operations', async () => {
    await crud(
      'operations',
      'order_operation_id',
      { operation_type: 'picking', source_type: 'insource', user_id: uuid(3) },
      { source_type: 'outsource', supplier_id: uuid(4) },
      (o) => expect(o).toMatchObject({ operation_type: 'picking', order_id: orderId }),
      'filter[source_type]=outsource',
    );
  });

  it('invoices', async () => {
    await crud(
      'invoices',
      'order_invoice_id',
      {
        issue_date: '2026-11-24',
        unit_price: 1000,
        vat: 20,
        invoice_platform: 'parasut',
        title: 'Taşıma bedeli',
      },
      { invoice_platform: 'arf' },
      (i) => expect(i).toMatchObject({ invoice_platform: 'parasut', unit_price: 1000 }),
      'filter[invoice_platform]=arf',
    );
  });

  it('drivers by user_id, moving the order to assigned and back', async () => {
    const driver = uuid(5);
    const assigned = await call('POST', '/drivers', { user_id: driver });
    expect(assigned.statusCode, assigned.body).toBe(201);
    expect(assigned.json().data).toEqual({ user_id: driver, driver_status: 'approved' });
    expect((await call('GET', '')).json().data.order_status).toBe('assigned');
    expect((await call('POST', '/drivers', { user_id: driver })).json().error.code).toBe(
      'DRIVER_ALREADY_ASSIGNED',
    );
    expect((await call('PUT', `/drivers/${driver}`, { driver_status: 'completed' })).statusCode).toBe(200);
    expect((await call('GET', '/drivers?filter[driver_status]=completed')).json().data.items).toBe(1);
    expect((await call('DELETE', `/drivers/${driver}`)).statusCode).toBe(200);
    expect((await call('GET', '')).json().data.order_status).toBe('pending');
  });

  it('payments, listed under payments and under the spec’s paymets typo', async () => {
    const created = await call('POST', '/payments', {
      payment_method: 'card',
      amount: 100,
      card: {
        holder: 'ALI YILMAZ',
        number: '4111111111111111',
        expire_year: '2030',
        expire_month: '12',
        code: '123',
      },
    });
    expect(created.statusCode, created.body).toBe(201);
    const payment = created.json().data;
    expect(payment).toMatchObject({ payment_status: 'pending', amount: 100 });
    expect(JSON.stringify(payment)).not.toContain('4111111111111111');
    expect(JSON.stringify(payment)).not.toContain('"123"');
    for (const path of ['/payments', '/paymets']) {
      const list = await call('GET', `${path}?filter[payment_status]=pending`);
      expect(list.statusCode).toBe(200);
      expect(list.json().data.data.map((p: { order_payment_id: string }) => p.order_payment_id)).toContain(
        payment.order_payment_id,
      );
    }
    expect(
      (await call('PUT', `/payments/${payment.order_payment_id}`, { payment_status: 'cancelled' }))
        .statusCode,
    ).toBe(200);
    expect((await call('DELETE', `/payments/${payment.order_payment_id}`)).statusCode).toBe(200);
  });

  it('offers: approving one rejects the others', async () => {
    const users = [
      { user_id: uuid(6), user_type: 'shipper', side: 'sender' },
      { user_id: uuid(7), user_type: 'driver', side: 'receiver' },
    ];
    const single = await call('POST', '/offers', { price: 1200, users: [users[0]] });
    expect(single.statusCode).toBe(400);
    const a = (await call('POST', '/offers', { prev_price: 1000, price: 1200, users })).json().data;
    const b = (await call('POST', '/offers', { price: 1100, users })).json().data;
    expect(a.offer_status).toBe('created');
    const approved = await call('PUT', `/offers/${b.order_offer_id}`, { offer_status: 'approved' });
    expect(approved.statusCode, approved.body).toBe(200);
    expect((await call('GET', `/offers/${a.order_offer_id}`)).json().data.offer_status).toBe('rejected');
    expect((await call('GET', '/offers?filter[offer_status]=approved')).json().data.data[0].price).toBe(1100);
  });

  it('documents with their status moves', async () => {
    await crud(
      'docs',
      'order_doc_id',
      { doc_type: 'delivery', title: 'Teslim tutanağı' },
      { doc_status: 'approved' },
      (d) => expect(d).toMatchObject({ doc_type: 'delivery', doc_status: 'created', user_types: ['admin'] }),
      'filter[doc_status]=approved',
    );
  });

  it('pages, searches (Turkish case folding) and sorts a list', async () => {
    for (const [i, title] of ['İrsaliye A', 'ırmak B', 'Çorlu C'].entries()) {
      await call('POST', '/waybills', { sequence_no: `S-${i}`, serial_no: title, amount: 100 * (3 - i) });
    }
    const searched = await call('GET', `/waybills?search=${encodeURIComponent('IRMAK')}`);
    expect(searched.json().data.data.map((w: { serial_no: string }) => w.serial_no)).toEqual(['ırmak B']);
    const dotted = await call('GET', `/waybills?search=${encodeURIComponent('irsaliye')}`);
    expect(dotted.json().data.items).toBe(1);
    const sorted = await call('GET', '/waybills?sort[id]=amount&sort[type]=asc&page[size]=2&page[index]=0');
    expect(sorted.json().data).toMatchObject({ items: 3, page: 0 });
    expect(sorted.json().data.data.map((w: { amount: number }) => w.amount)).toEqual([100, 200]);
    const second = await call('GET', '/waybills?sort[id]=amount&page[size]=2&page[index]=1');
    expect(second.json().data.data.map((w: { amount: number }) => w.amount)).toEqual([300]);
    const tooBig = await call('GET', '/waybills?page[size]=5000');
    expect(tooBig.statusCode).toBe(400);
    expect(tooBig.json().error.details[0].path).toBe('querystring.page.size');
  });

  it('keeps another tenant out of every sub-resource', async () => {
    for (const group of [
      'waybills',
      'expenses',
      'incomes',
      'loads',
      'operations',
      'invoices',
      'drivers',
      'payments',
      'paymets',
      'offers',
      'docs',
    ]) {
      const res = await call('GET', `/${group}`, undefined, t.tenantB);
      expect(res.statusCode, group).toBe(404);
    }
  });
});
