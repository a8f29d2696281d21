import { describe, expect, it } from 'vitest';
import { createOrderBody, deliverLoadsBody, orderListQuery, updateOrderBody } from './orders.ts';
import { createOfferBody, createPaymentBody, expenseListQuery } from './sub-resources.ts';

// The create body of order-service-v3.txt §1, with each "a | b" placeholder replaced by one value.
const specExample = {
  order_type: 'delivery',
  transport_mode: 'complete',
  transport_type: 'land',
  content_type: 'document',
  vehicle_type: 'truck',
  vehicle_body: 'frigo',
  upload_type: 'crane',
  container_type: 'standart20',
  pen_type: 'ld1',
  shipping_type: 'express',
  assign_type: 'pool',
  order_status: 'created',
  third_party_channel: 'vigo',
  vehicle_quantity: 1,
  note: 'Sipariş notu',
  is_suborder: false,
  prev_order_id: '4f1c2a9e-8c1b-4a57-9a61-1a2b3c4d5e6f',
  is_draft: false,
  distance: 150.5,
  sales_manager_id: '4f1c2a9e-8c1b-4a57-9a61-1a2b3c4d5e60',
  operation_manager_id: '4f1c2a9e-8c1b-4a57-9a61-1a2b3c4d5e61',
  receipt_number: 'FİŞ-1',
  send_sms_to_sender: true,
  send_sms_to_receiver: true,
  payment_type: 'cash',
  payment_method: 'online',
  dates: {
    departure_date: '2024-01-01',
    departure_hour: '08:00',
    arrival_date: '2024-01-02',
    arrival_hour: '18:00',
  },
  pricing: {
    base_amount: 1000,
    commission: 100,
    services_amount: 50,
    delivery_amount: 200,
    discount_amount: 0,
    coupon_code: 'INDIRIM10',
    sub_total_amount: 1350,
    vat: 20,
    vat_amount: 270,
    total_amount: 1620,
    est_amount: 1500,
    holding_amount: 0,
  },
  services: [
    {
      service_type: 'insurance',
      pricing: { base_amount: 100, vat: 20, vat_amount: 20, total_amount: 120, quantity: 1 },
    },
  ],
  routes: [
    {
      route_type: 'origin',
      address: {
        latitude: 41.0082,
        longitude: 28.9784,
        tag: 'Ev',
        description: 'Açıklama',
        note: 'Not',
        country_id: 1,
        city_id: 34,
        district_id: 100,
        quarter_id: 500,
        apartment: 'A Blok',
        floor: '3',
        flat: '12',
        zip_code: '34000',
        full_address: 'Tam adres metni',
        address_type: 'individual',
      },
      person: {
        firstname: 'Ali',
        lastname: 'Yılmaz',
        fullname: 'Ali Yılmaz',
        identity: '10000000146',
        phone: '5551234567',
        email: 'ali@email.com',
        company: {
          title_legal: 'ABC Ltd. Şti.',
          title_brand: 'ABC Lojistik',
          tax_no: '1234567890',
          tax_office: 'Beyoğlu VD',
          address: 'Şirket adresi',
          company_type: 'limited',
        },
      },
      includes: {
        address_id: '4f1c2a9e-8c1b-4a57-9a61-1a2b3c4d5e62',
        customer_id: '4f1c2a9e-8c1b-4a57-9a61-1a2b3c4d5e63',
        user_id: '4f1c2a9e-8c1b-4a57-9a61-1a2b3c4d5e64',
      },
    },
  ],
  customers: [
    { customer_id: '4f1c2a9e-8c1b-4a57-9a61-1a2b3c4d5e63', customer_type: 'sender', has_invoice: false },
  ],
  branches: [{ branch_id: '4f1c2a9e-8c1b-4a57-9a61-1a2b3c4d5e65', route_type: 'origin', in_branch: false }],
  loads: [
    {
      load_type: 'parcel',
      height: 50,
      width: 40,
      length: 60,
      weight: 10,
      quantity: 2,
      stackable: false,
      density: 'düşük',
      load_no: 'YUK-001',
      pricing: {
        base_amount: 100,
        postal_service_amount: 10,
        sub_total_amount: 110,
        vat: 20,
        vat_amount: 22,
        total_amount: 132,
      },
    },
  ],
};

describe('v3 order bodies', () => {
  it('accept the spec example of Create Order', () => {
    expect(createOrderBody.safeParse(specExample).success).toBe(true);
  });

  it('require order_type', () => {
    const { order_type: _dropped, ...rest } = specExample;
    const result = createOrderBody.safeParse(rest);
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.path.join('.'))).toContain('order_type');
  });

  it('reject unknown fields instead of dropping them, naming the path', () => {
    const result = createOrderBody.safeParse({
      ...specExample,
      routes: [{ route_type: 'origin', colour: 'red' }],
    });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0]).toMatchObject({ code: 'unrecognized_keys', path: ['routes', 0] });
  });

  it('reject a receipt_number over 51 characters and an unknown enum value', () => {
    const result = createOrderBody.safeParse({
      ...specExample,
      receipt_number: 'x'.repeat(52),
      vehicle_type: 'rocket',
    });
    expect(result.error?.issues.map((i) => i.path.join('.')).toSorted()).toEqual([
      'receipt_number',
      'vehicle_type',
    ]);
  });

  it('make every field of Update Order optional', () => {
    expect(updateOrderBody.safeParse({}).success).toBe(true);
    expect(updateOrderBody.safeParse({ note: 'yeni not' }).success).toBe(true);
  });

  it('need at least one load number to deliver', () => {
    expect(deliverLoadsBody.safeParse({ loads: [] }).success).toBe(false);
    expect(deliverLoadsBody.safeParse({ loads: ['LOAD-001'], recipient_name: 'Ayşe' }).success).toBe(true);
  });

  it('need exactly two offer users', () => {
    const user = { user_id: specExample.prev_order_id, user_type: 'admin', side: 'sender' };
    expect(createOfferBody.safeParse({ price: 1200, users: [user] }).success).toBe(false);
    expect(
      createOfferBody.safeParse({ price: 1200, users: [user, { ...user, side: 'receiver' }] }).success,
    ).toBe(true);
  });

  it('default a payment to pending and validate card fields', () => {
    expect(createPaymentBody.parse({ payment_method: 'card' }).payment_status).toBe('pending');
    const bad = createPaymentBody.safeParse({
      payment_method: 'card',
      card: { holder: 'ALI', number: '4111', expire_year: '25', expire_month: '13', code: '1' },
    });
    expect(bad.error?.issues.map((i) => i.path.at(-1)).toSorted()).toEqual([
      'code',
      'expire_month',
      'expire_year',
      'number',
    ]);
  });
});

describe('v3 list queries', () => {
  it('read page, filters as one value or many, deep search and sort', () => {
    const query = orderListQuery.parse({
      page: { index: '2', size: '50' },
      filter: { status: 'created', payment_type: ['cash', 'prepaid'], has_invoice: 'true' },
      deep_search: { order_no: 'ORD-0001' },
      sort: { id: 'created_at', type: 'asc' },
    });
    expect(query.page).toEqual({ index: 2, size: 50 });
    expect(query.filter).toEqual({
      status: ['created'],
      payment_type: ['cash', 'prepaid'],
      has_invoice: true,
    });
    expect(query.sort).toEqual({ id: 'created_at', type: 'asc' });
  });

  it('cap the page size and reject unknown filters', () => {
    expect(orderListQuery.safeParse({ page: { size: '100000' } }).success).toBe(false);
    const unknown = orderListQuery.safeParse({ filter: { colour: 'red' } });
    expect(unknown.error?.issues[0]).toMatchObject({ code: 'unrecognized_keys', path: ['filter'] });
  });

  it('give each sub-resource list its own filters', () => {
    expect(expenseListQuery.parse({ filter: { expense_type: 'spot' } }).filter).toEqual({
      expense_type: ['spot'],
    });
    expect(expenseListQuery.safeParse({ filter: { expense_type: 'gift' } }).success).toBe(false);
  });
});
