import { createOrderBodySchema } from '@orders/contracts/vigo';
import { describe, expect, it } from 'vitest';
import {
  liraText,
  paymentOf,
  pieceDesi,
  toVigoOrder,
  totalDesi,
  vigoPhone,
  type MappingConfig,
} from './mapping.ts';
import type { OrderDetails } from './order-api-client.ts';

const config: MappingConfig = {
  platform: 'orders',
  defaultCourierType: 'motorCourier',
  callback: {
    url: 'http://127.0.0.1:3300/vigo/callbacks',
    token: 'callback-token-0123456789',
    tokenHeader: 'x-api-key',
  },
};

function order(overrides: Partial<OrderDetails> = {}): OrderDetails {
  return {
    order_id: '11111111-1111-4111-8111-111111111111',
    order_no: 'ORD-000042',
    order_status: 'created',
    version: 3,
    third_party_channel: 'vigo',
    vehicle_type: 'motorbike',
    payment_type: 'receiver',
    payment_method: 'cash',
    note: 'Zili çalmayın',
    pricing: { total_amount: 1593.5 },
    routes: [
      {
        route_type: 'origin',
        address: { latitude: 41.0082, longitude: 28.9784, full_address: 'İstiklal Cd. 10, Beyoğlu' },
        person: { fullname: 'Ayşe Yılmaz', phone: '+905321234567' },
      },
      {
        route_type: 'destination',
        address: {
          latitude: 41.0422,
          longitude: 29.0083,
          full_address: 'Barbaros Blv. 5, Beşiktaş',
          apartment: 'Deniz Apt.',
          floor: '3',
          flat: '7',
          note: 'Kapıcıya bırakın',
        },
        person: { firstname: 'Işık', lastname: 'Öztürk', phone: '+905337654321' },
      },
    ],
    branches: [],
    loads: [
      {
        order_load_id: 'a',
        load_no: 'P-1',
        load_type: 'parcel',
        length: 30,
        width: 20,
        height: 10,
        weight: 2,
        quantity: 2,
      },
      { order_load_id: 'b', load_no: 'P-2', load_type: 'envelope', weight: 0.2, quantity: 1 },
    ],
    ...overrides,
  };
}

const unregistered = { kind: 'unregistered' } as const;

describe('toVigoOrder', () => {
  it('maps the destination to the receiver, the origin to the pickup point and the loads to products', () => {
    const result = toVigoOrder(order(), unregistered, config);
    expect(result).toEqual({
      ok: true,
      body: {
        receiverName: 'Işık Öztürk',
        receiverPhone: '05337654321',
        receiverAddress: 'Barbaros Blv. 5, Beşiktaş',
        receiverAddressDetail: 'Deniz Apt., Kat 3, Daire 7, Kapıcıya bırakın',
        receiverLocation: { lat: 41.0422, lon: 29.0083 },
        pickupPoint: {
          name: 'Ayşe Yılmaz',
          address: 'İstiklal Cd. 10, Beyoğlu',
          location: { latitude: 41.0082, longitude: 28.9784 },
          phone: '05321234567',
        },
        courierType: 'motorCourier',
        orderType: 'delivery',
        callback: config.callback,
        orderNumber: 'ORD-000042',
        note: 'Zili çalmayın',
        desi: 4,
        paymentType: 'cash',
        paymentMethod: 'cod',
        price: '1593.50',
        platform: 'orders',
        products: [
          { productName: 'parcel P-1', ingredients: '2 kg', amount: 2, desi: 2 },
          { productName: 'envelope P-2', ingredients: '0.2 kg', amount: 1 },
        ],
      },
    });
    expect(createOrderBodySchema.safeParse(result.ok ? result.body : null).success).toBe(true);
  });

  it('names a registered pickup point by its Vigo id only', () => {
    const result = toVigoOrder(
      order(),
      { kind: 'registered', vigoPickupPointId: '6881e0dd1a5da2001e118180' },
      config,
    );
    expect(result.ok && result.body.pickupPoint).toEqual({ id: '6881e0dd1a5da2001e118180' });
  });

  it('does not need an origin route when the branch is registered', () => {
    const routes = order().routes.filter((r) => r.route_type === 'destination');
    const result = toVigoOrder(order({ routes }), { kind: 'registered', vigoPickupPointId: 'p1' }, config);
    expect(result.ok).toBe(true);
  });

  it.each([
    ['motorbike', 'motorCourier'],
    ['car', 'carCourier'],
    ['van', 'carCourier'],
    ['bicycle', 'bicycleCourier'],
    ['walker', 'pedestrian'],
  ])('sends vehicle_type %s as courierType %s', (vehicle, courier) => {
    const result = toVigoOrder(order({ vehicle_type: vehicle }), unregistered, config);
    expect(result.ok && result.body.courierType).toBe(courier);
  });

  it('uses the configured courier type when the order names no vehicle', () => {
    const { vehicle_type: _, ...rest } = order();
    const result = toVigoOrder(rest, unregistered, { ...config, defaultCourierType: 'carCourier' });
    expect(result.ok && result.body.courierType).toBe('carCourier');
  });

  it.each(['truck', 'scooter', 'ten-wheeler', 'centipede', 'other'])('refuses vehicle_type %s', (vehicle) => {
    expect(toVigoOrder(order({ vehicle_type: vehicle }), unregistered, config)).toEqual({
      ok: false,
      reasons: [`vehicle_type ${vehicle}: Vigo has no courier for it`],
    });
  });

  it('refuses a destination without coordinates, and says every reason at once', () => {
    const o = order();
    const destination = o.routes[1]!;
    const result = toVigoOrder(
      order({
        vehicle_type: 'truck',
        routes: [o.routes[0]!, { ...destination, address: { full_address: 'Beşiktaş' } }],
      }),
      unregistered,
      config,
    );
    expect(result).toEqual({
      ok: false,
      reasons: [
        'destination route: no coordinates (latitude and longitude)',
        'vehicle_type truck: Vigo has no courier for it',
      ],
    });
  });

  it('refuses an order without a destination, or an origin it cannot reach', () => {
    expect(toVigoOrder(order({ routes: [] }), unregistered, config)).toMatchObject({
      ok: false,
      reasons: expect.arrayContaining([
        'the order has no destination route',
        'the order has no origin route and its origin branch is not registered with Vigo',
      ]),
    });
    const o = order();
    const originWithoutPhone = { ...o.routes[0]!, person: { fullname: 'Ayşe' } };
    expect(toVigoOrder(order({ routes: [originWithoutPhone, o.routes[1]!] }), unregistered, config)).toEqual({
      ok: false,
      reasons: ['origin route: no sender phone'],
    });
  });

  it('sends no price, desi or note when the order has none', () => {
    const result = toVigoOrder(
      order({ pricing: null, note: '', loads: [{ order_load_id: 'x', load_no: 'X', load_type: 'parcel' }] }),
      unregistered,
      config,
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.body).not.toHaveProperty('price');
    expect(result.body).not.toHaveProperty('desi');
    expect(result.body).not.toHaveProperty('note');
    expect(result.body.products).toEqual([{ productName: 'parcel X', ingredients: '', amount: 1 }]);
  });

  it('takes the receiver name from the company when the person has none', () => {
    const o = order();
    const destination = {
      ...o.routes[1]!,
      person: { phone: '+905337654321', company: { title_brand: 'Kahve Dükkanı' } },
    };
    const result = toVigoOrder(order({ routes: [o.routes[0]!, destination] }), unregistered, config);
    expect(result.ok && result.body.receiverName).toBe('Kahve Dükkanı');
  });
});

describe('paymentOf', () => {
  it.each([
    ['receiver', 'cash', 'cod', 'cash'],
    ['receiver', undefined, 'cod', 'cash'],
    ['receiver', 'card', 'cod', 'creditCard'],
    ['receiver', 'online', 'cod', 'cash'],
    ['cash', 'cash', 'cod', 'cash'],
    ['cash', 'card', 'online', 'paid'],
    ['cash', undefined, 'online', 'paid'],
    ['prepaid', 'card', 'online', 'paid'],
    ['prevailing', 'transfer', 'online', 'paid'],
    [undefined, undefined, 'online', 'paid'],
  ])('payment_type %s with payment_method %s → %s / %s', (type, method, vigoMethod, vigoType) => {
    expect(paymentOf(type, method)).toEqual({ paymentMethod: vigoMethod, paymentType: vigoType });
  });
});

describe('small conversions', () => {
  it('writes Turkish mobiles the way Vigo shows them and leaves others alone', () => {
    expect(vigoPhone('+905321234567')).toBe('05321234567');
    expect(vigoPhone('02121234567')).toBe('02121234567');
  });
  it('writes lira with two decimals, exactly', () => {
    expect(liraText(1593.5)).toBe('1593.50');
    expect(liraText(0.1 + 0.2)).toBe('0.30');
    expect(liraText(120)).toBe('120.00');
  });
  it('computes desi per piece (L×W×H/3000, rounded up) and the total over quantities', () => {
    expect(pieceDesi({ length: 30, width: 20, height: 10 })).toBe(2);
    expect(pieceDesi({ length: 10, width: 10, height: 10 })).toBe(0.34);
    expect(pieceDesi({ length: 10, width: 10 })).toBeUndefined();
    expect(
      totalDesi([
        {
          order_load_id: 'a',
          load_no: 'a',
          load_type: 'parcel',
          length: 10,
          width: 10,
          height: 10,
          quantity: 3,
        },
        { order_load_id: 'b', load_no: 'b', load_type: 'parcel', length: 30, width: 20, height: 10 },
        { order_load_id: 'c', load_no: 'c', load_type: 'parcel' },
      ]),
    ).toBe(3.02);
    expect(totalDesi([{ order_load_id: 'c', load_no: 'c', load_type: 'parcel' }])).toBeUndefined();
  });
});
