/** A realistic create body: 3 routes, 2 customers, 4 loads, pricing that adds up (VAT 20). */
export function orderBody(overrides: Record<string, unknown> = {}) {
  return {
    order_type: 'delivery',
    transport_mode: 'standart',
    transport_type: 'land',
    content_type: 'other',
    vehicle_type: 'van',
    shipping_type: 'express',
    assign_type: 'pool',
    payment_type: 'prepaid',
    payment_method: 'card',
    note: 'Kapıda arayın',
    dates: {
      departure_date: '2026-11-24',
      departure_hour: '09:00',
      arrival_date: '2026-11-25',
      arrival_hour: '18:00',
    },
    pricing: { base_amount: 1327.5, vat: 20 },
    routes: [
      {
        route_type: 'origin',
        address: {
          latitude: 41.0082,
          longitude: 28.9784,
          city_id: 34,
          full_address: 'İstiklal Cd. 10, Beyoğlu, İstanbul',
        },
        person: { fullname: 'Ayşe Yılmaz', phone: '0532 123 45 67', identity: '10000000146' },
      },
      {
        route_type: 'transfer',
        address: {
          latitude: 39.9334,
          longitude: 32.8597,
          city_id: 6,
          full_address: 'Kızılay, Çankaya, Ankara',
        },
      },
      {
        route_type: 'destination',
        address: {
          latitude: 38.4237,
          longitude: 27.1428,
          city_id: 35,
          full_address: 'Alsancak, Konak, İzmir',
        },
        person: { fullname: 'Işık Öztürk', phone: '+90 533 765 43 21' },
      },
    ],
    customers: [
      { customer_id: '7d3f1e2a-1111-4c4c-8a8a-000000000001', customer_type: 'sender', has_invoice: true },
      { customer_id: '7d3f1e2a-1111-4c4c-8a8a-000000000002', customer_type: 'receiver' },
    ],
    branches: [{ branch_id: '7d3f1e2a-2222-4c4c-8a8a-000000000001', route_type: 'origin' }],
    loads: [
      {
        load_type: 'parcel',
        load_no: 'LOAD-001',
        length: 60,
        width: 40,
        height: 50,
        weight: 10,
        quantity: 2,
      },
      { load_type: 'parcel', load_no: 'LOAD-002', length: 30, width: 30, height: 30, weight: 4 },
      { load_type: 'envelope', load_no: 'LOAD-003', weight: 0.5 },
      { load_type: 'pallet', load_no: 'LOAD-004', length: 120, width: 80, height: 100, weight: 250 },
    ],
    ...overrides,
  };
}
