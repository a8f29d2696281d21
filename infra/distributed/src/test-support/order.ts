import { createHash, randomUUID } from 'node:crypto';

/** The parties of one test order: ids of its own, so the balances and lists filtered by them hold only it. */
export function orderParties() {
  return { customerId: randomUUID(), branchId: randomUUID() };
}

/**
 * A same-day motorbike delivery inside İstanbul for Vigo (`third_party_channel: "vigo"`): what
 * the connector needs is a destination with coordinates, a receiver name, phone and address,
 * an origin it can send as the pickup point, and the loads (services/vigo-connector README,
 * "Mapping"). Paid by card in advance, 100 TL + 20 % VAT = 120.00 TL.
 */
export function vigoOrderBody(parties: { customerId: string; branchId: string }) {
  return {
    order_type: 'delivery',
    third_party_channel: 'vigo',
    vehicle_type: 'motorbike',
    payment_type: 'prepaid',
    payment_method: 'card',
    note: 'Zili çalmayın, kapıya bırakın',
    receipt_number: 'FİŞ-2026-0042',
    pricing: { base_amount: 100, vat: 20 },
    routes: [
      {
        route_type: 'origin',
        address: {
          latitude: 41.0369,
          longitude: 28.985,
          full_address: 'Cumhuriyet Cd. 12, Taksim, Beyoğlu, İstanbul',
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
    customers: [{ customer_id: parties.customerId, customer_type: 'sender', has_invoice: true }],
    branches: [{ branch_id: parties.branchId, route_type: 'origin' }],
    loads: [
      { load_type: 'parcel', load_no: 'P-1', length: 30, width: 20, height: 10, weight: 2, quantity: 2 },
      { load_type: 'envelope', load_no: 'P-2', weight: 0.2 },
    ],
  };
}

/** The fields of a Paynkolay v2 hash, in the order the hash covers them. */
const hashed = [
  'MERCHANT_NO',
  'REFERENCE_CODE',
  'AUTH_CODE',
  'RESPONSE_CODE',
  'USE_3D',
  'RND',
  'INSTALLMENT',
  'AUTHORIZATION_AMOUNT',
  'CURRENCY_CODE',
] as const;

/**
 * hashDataV2 = Base64(SHA-512(MERCHANT_NO|REFERENCE_CODE|AUTH_CODE|RESPONSE_CODE|USE_3D|RND|
 * INSTALLMENT|AUTHORIZATION_AMOUNT|CURRENCY_CODE|merchant secret)), written here from the
 * bank's description (not imported from order-api) and checked against shared/vectors.
 */
export function paynkolayHash(fields: Readonly<Record<string, string>>, merchantSecret: string): string {
  const text = [...hashed.map((name) => fields[name] ?? ''), merchantSecret].join('|');
  return createHash('sha512').update(text, 'utf8').digest('base64');
}

/** A successful 3-D Secure card payment of `amount` (e.g. "45.50"), signed as the bank signs it. */
export function posSuccessCallback(amount: string, merchantSecret: string): Record<string, string> {
  const fields = {
    MERCHANT_NO: '400000904',
    REFERENCE_CODE: `IKSIRPF${Date.now()}`,
    AUTH_CODE: 'S58392',
    RESPONSE_CODE: '2',
    USE_3D: 'true',
    RND: String(Date.now()),
    INSTALLMENT: '1',
    AUTHORIZATION_AMOUNT: amount,
    CURRENCY_CODE: 'TRY',
    CLIENT_REFERENCE_CODE: 'e2e-payment',
  };
  return { ...fields, hashDataV2: paynkolayHash(fields, merchantSecret) };
}
