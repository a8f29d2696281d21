import { z } from 'zod';

// What our copy of the Vigo documentation (shared/specs/vigo-api.txt) states: paths,
// field names, enum values and answer shapes, kept exactly as written there. Whatever
// the documentation leaves open is defined in undocumented.ts, not here.

/** Base path of the development and production servers (`https://app.vigo.ist/api/v2/`). */
export const vigoBasePath = '/api/v2';

/** The header every authorised call carries. */
export const authTokenHeader = 'x-auth-token';

/** The answer to a call without a valid token. */
export const unauthorisedAnswer = { message: 'yetkisiz işlem' } as const;

export const orderCancelledMessage = 'Sipariş iptal edildi';
export const orderPreparedMessage = 'Sipariş hazırlandı';

export const courierTypes = ['motorCourier', 'carCourier', 'pedestrian', 'bicycleCourier'] as const;
export type CourierType = (typeof courierTypes)[number];

export const orderTypes = ['delivery', 'productReturn'] as const;
export type OrderType = (typeof orderTypes)[number];

export const paymentTypes = [
  'paid',
  'creditCard',
  'cash',
  'ticketRestaurant',
  'sodexo',
  'multinet',
  'setCard',
  'yemekmatik',
  'metropol',
  'cioCard',
  'paye',
  'winWin',
  'tokenFlex',
] as const;
export type PaymentType = (typeof paymentTypes)[number];

export const paymentMethods = ['cod', 'online'] as const;
export type PaymentMethod = (typeof paymentMethods)[number];

/** `onboardingStatus` of a pickup point ("Alım Noktası"). */
export const onboardingStatuses = ['candidate', 'approved', 'rejected', 'pending'] as const;
export type OnboardingStatus = (typeof onboardingStatuses)[number];

const latitude = z.number().min(-90).max(90);
const longitude = z.number().min(-180).max(180);

/** `LocationForReceiver`: `{ lat, lon }`. */
export const receiverLocationSchema = z.strictObject({ lat: latitude, lon: longitude });

/** `Location`: `{ longitude, latitude }` (pickup points and the courier). */
export const locationSchema = z.strictObject({ longitude, latitude });
export type Location = z.infer<typeof locationSchema>;

/** "Belirsiz alım noktası": a pickup point given in full on the order. */
export const unregisteredPickupPointSchema = z.strictObject({
  name: z.string(),
  address: z.string(),
  location: locationSchema,
  phone: z.string(),
});

/** "Kayıtlı Alım Noktası": a pickup point registered with Vigo, named by its id. */
export const registeredPickupPointSchema = z.strictObject({ id: z.string().min(1) });

/** The order's callback: where Vigo posts delivery state changes, and the header that authenticates them. */
export const orderCallbackSchema = z.strictObject({
  url: z.url({ protocol: /^https?$/ }),
  token: z.string(),
  tokenHeader: z.string().regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/, 'not a valid HTTP header name'),
});
export type OrderCallback = z.infer<typeof orderCallbackSchema>;

const desi = z.number().min(0.001);

export const productSchema = z.strictObject({
  productName: z.string(),
  ingredients: z.string(),
  amount: z.int(),
  return: z.boolean().optional(),
  price: z.string().optional(),
  desi: desi.optional(),
});

/** Body of `POST /order`. Unknown fields are refused so that a misspelt optional field fails loudly. */
export const createOrderBodySchema = z.strictObject({
  receiverName: z.string(),
  receiverLocation: receiverLocationSchema,
  receiverAddress: z.string(),
  receiverAddressDetail: z.string().optional(),
  receiverPhone: z.string(),
  pickupPoint: z.union([registeredPickupPointSchema, unregisteredPickupPointSchema]),
  courierType: z.enum(courierTypes),
  orderType: z.enum(orderTypes).default('delivery'),
  callback: orderCallbackSchema.optional(),
  // Our connector reconciles by orderNumber, so an empty one is refused.
  orderNumber: z.string().min(1),
  note: z.string().optional(),
  desi: desi.optional(),
  paymentType: z.enum(paymentTypes),
  paymentMethod: z.enum(paymentMethods),
  price: z.string().optional(),
  dontRingTheBell: z.boolean().optional(),
  barcode: z.string().optional(),
  receiptNumber: z.string().optional(),
  platform: z.string(),
  products: z.array(productSchema),
});
export type CreateOrderBody = z.input<typeof createOrderBodySchema>;
export type CreateOrderRequest = z.output<typeof createOrderBodySchema>;

/** `ServerTime`: ISO date-time "for synchronisation". */
const serverTime = z.iso.datetime();

/** Order states; only `inQueue` appears in the documentation, the full list is in undocumented.ts. */
const stateName = z.string();

/** Answer of `POST /order`. */
export const createOrderAnswerSchema = z.object({
  order: z.object({ id: z.string(), orderNumber: z.string(), state: stateName }),
  serverTime,
});
export type CreateOrderAnswer = z.infer<typeof createOrderAnswerSchema>;

/** Query of `GET /order`: at least one of id, orderNumber. */
export const orderLookupQuerySchema = z.object({
  id: z.string().min(1).optional(),
  orderNumber: z.string().min(1).optional(),
});

/** Query of `PUT /order/cancel`. */
export const cancelQuerySchema = orderLookupQuerySchema.extend({ cancelText: z.string().optional() });

/** Answer of `PUT /order/cancel` and `PUT /order/prepared`. */
export const successAnswerSchema = z.object({ success: z.boolean(), message: z.string() });
export type SuccessAnswer = z.infer<typeof successAnswerSchema>;
