/** Order bodies the tests and the benchmark send to order-api. */

/** A create body for order-api: a motorbike delivery inside İstanbul, receiver pays cash on delivery. */
export function vigoOrderBody(overrides: Record<string, unknown> = {}) {
  return {
    order_type: 'delivery',
    third_party_channel: 'vigo',
    vehicle_type: 'motorbike',
    payment_type: 'receiver',
    payment_method: 'cash',
    note: 'Zili çalmayın',
    pricing: { base_amount: 100, vat: 20 },
    routes: [
      {
        route_type: 'origin',
        address: {
          latitude: 41.0082,
          longitude: 28.9784,
          full_address: 'İstiklal Cd. 10, Beyoğlu, İstanbul',
        },
        person: { fullname: 'Ayşe Yılmaz', phone: '0532 123 45 67' },
      },
      {
        route_type: 'destination',
        address: {
          latitude: 41.0422,
          longitude: 29.0083,
          full_address: 'Barbaros Blv. 5, Beşiktaş, İstanbul',
          apartment: 'Deniz Apt.',
          floor: '3',
          flat: '7',
        },
        person: { fullname: 'Işık Öztürk', phone: '+90 533 765 43 21' },
      },
    ],
    loads: [
      { load_type: 'parcel', load_no: 'P-1', length: 30, width: 20, height: 10, weight: 2, quantity: 2 },
      { load_type: 'envelope', load_no: 'P-2', weight: 0.2 },
    ],
    ...overrides,
  };
}
