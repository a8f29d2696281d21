/**
 * ASSUMED SHAPES — NOT FROM THE VIGO DOCUMENTATION.
 *
 * Our copy of the Vigo documentation (shared/specs/vigo-api.txt) names these things but
 * does not show them: the token call ("Kimlik Doğrulama" lists its operations without
 * their request or answer), the pickup-point operations ("Alım Noktası" lists only the
 * onboardingStatus values), the callback bodies ("Sipariş Geri Bildirimleri" has no
 * example), the list of order states (only `inQueue` appears), the inside of the
 * delivery information of `GET /order` (pickupPointState, orderState, stepStates are
 * bare "object"s) and the body of error answers other than 401.
 *
 * Every shape below is our assumption, kept in this one module so that it can be
 * replaced when the real ones are known (ask integration@vigo.ist). It imports only zod
 * and documented.ts, so services/vigo-connector can validate what it receives with the
 * same schemas the sandbox sends.
 */
import { z } from 'zod';
import { locationSchema, onboardingStatuses } from './documented.ts';

// ---------------------------------------------------------------------------------------
// Token exchange
// ---------------------------------------------------------------------------------------

/** Path of the token exchange, under the base path. */
export const tokenPath = '/auth/token';

export const tokenRequestSchema = z.strictObject({
  clientId: z.string().min(1),
  clientSecret: z.string().min(1),
});
export type TokenRequest = z.infer<typeof tokenRequestSchema>;

/** `expiresAt` is an ISO date-time; the token goes into `x-auth-token` until then. */
export const tokenAnswerSchema = z.object({ token: z.string().min(1), expiresAt: z.iso.datetime() });
export type TokenAnswer = z.infer<typeof tokenAnswerSchema>;

// ---------------------------------------------------------------------------------------
// Errors other than 401 (whose body, `{"message":"yetkisiz işlem"}`, is known)
// ---------------------------------------------------------------------------------------

/** Body of 4xx/5xx answers of `POST /order`, `GET /order` and the pickup-point calls. */
export const errorAnswerSchema = z.object({ message: z.string() });
export type ErrorAnswer = z.infer<typeof errorAnswerSchema>;

// ---------------------------------------------------------------------------------------
// Pickup points ("Alım Noktası")
// ---------------------------------------------------------------------------------------

/** Path of pickup-point registration (`POST`) and lookup (`GET ?id=` or `?externalId=`). */
export const pickupPointPath = '/pickup-point';

export const onboardingStatusSchema = z.enum(onboardingStatuses);

export const registerPickupPointBodySchema = z.strictObject({
  name: z.string().min(1),
  address: z.string().min(1),
  location: locationSchema,
  phone: z.string().min(1),
  /** Our own id for the point; a second registration with the same one is refused (409). */
  externalId: z.string().min(1).optional(),
});
export type RegisterPickupPointBody = z.infer<typeof registerPickupPointBodySchema>;

export const registerPickupPointAnswerSchema = z.object({
  id: z.string(),
  onboardingStatus: onboardingStatusSchema,
});
export type RegisterPickupPointAnswer = z.infer<typeof registerPickupPointAnswerSchema>;

export const pickupPointAnswerSchema = z.object({
  id: z.string(),
  name: z.string(),
  address: z.string(),
  location: locationSchema,
  phone: z.string(),
  externalId: z.string().nullable(),
  onboardingStatus: onboardingStatusSchema,
});
export type PickupPointAnswer = z.infer<typeof pickupPointAnswerSchema>;

// ---------------------------------------------------------------------------------------
// Order states and delivery information
// ---------------------------------------------------------------------------------------

/**
 * Every state an order can be in. `waiting`: its registered pickup point is not approved
 * yet; `transferred`: handed to another courier; `returning`/`returned`: the courier
 * brings products back to the pickup point.
 */
export const orderStates = [
  'waiting',
  'inQueue',
  'onTheWayForPickUp',
  'onPickUpAddress',
  'onDelivery',
  'onDeliveryAddress',
  'delivered',
  'returning',
  'returned',
  'transferred',
  'cancelled',
] as const;
export type OrderState = (typeof orderStates)[number];
export const orderStateSchema = z.enum(orderStates);

/** States after which nothing happens to the order any more. */
export const finalOrderStates = [
  'delivered',
  'returned',
  'cancelled',
] as const satisfies readonly OrderState[];

/** Dates inside the delivery information: `DD-MM-YYYY HH:mm:ss`, Istanbul local time (UTC+3). */
export const vigoDatePattern =
  /^(0[1-9]|[12]\d|3[01])-(0[1-9]|1[0-2])-\d{4} ([01]\d|2[0-3]):[0-5]\d:[0-5]\d$/;
export const vigoDateSchema = z.string().regex(vigoDatePattern, 'expected DD-MM-YYYY HH:mm:ss');

/** One state the order went through, and when. */
export const stepStateSchema = z.object({ state: orderStateSchema, date: vigoDateSchema });
export type StepState = z.infer<typeof stepStateSchema>;

/** The courier's position: the documented `Location`, or null while no courier is assigned. */
export const courierLocationSchema = locationSchema.nullable();

export const assignedCourierSchema = z
  .object({ id: z.string(), name: z.string(), phone: z.string() })
  .nullable();
export type AssignedCourier = z.infer<typeof assignedCourierSchema>;

/** The pickup point as the order sees it; `id` and `onboardingStatus` are null for an unregistered point. */
export const pickupPointStateSchema = z.object({
  id: z.string().nullable(),
  name: z.string(),
  onboardingStatus: onboardingStatusSchema.nullable(),
});
export type PickupPointState = z.infer<typeof pickupPointStateSchema>;

/** The current state, its description (the cancel text when cancelled) and when it was entered. */
export const orderStateInfoSchema = z.object({
  state: orderStateSchema,
  description: z.string(),
  date: vigoDateSchema,
});

/**
 * Answer of `GET /order`: the documented example's `order` and `serverTime`, with the
 * delivery information the documentation lists beside them (pickupPointState,
 * orderState, stepStates, courierLocation) at the top level.
 */
export const getOrderAnswerSchema = z.object({
  order: z.object({
    id: z.string(),
    orderNumber: z.string(),
    state: orderStateSchema,
    description: z.string(),
    tracking: z.record(z.string(), z.unknown()),
    assignedCourier: assignedCourierSchema,
  }),
  pickupPointState: pickupPointStateSchema,
  orderState: orderStateInfoSchema,
  stepStates: z.array(stepStateSchema),
  courierLocation: courierLocationSchema,
  serverTime: z.iso.datetime(),
});
export type GetOrderAnswer = z.infer<typeof getOrderAnswerSchema>;

// ---------------------------------------------------------------------------------------
// Callbacks ("Sipariş Geri Bildirimleri")
// ---------------------------------------------------------------------------------------

/**
 * Posted to the order's `callback.url` on every state change, with `callback.token` in the
 * header named `callback.tokenHeader`. The same state may arrive twice and callbacks may
 * arrive out of order: receivers deduplicate on (order.id, order.state) and order by
 * `occurredAt`.
 */
export const orderStateCallbackSchema = z.object({
  event: z.literal('orderState'),
  order: z.object({
    id: z.string(),
    orderNumber: z.string(),
    state: orderStateSchema,
    description: z.string().optional(),
  }),
  courier: z
    .object({ name: z.string().optional(), phone: z.string().optional(), location: locationSchema })
    .optional(),
  occurredAt: z.iso.datetime(),
  stepStates: z.array(stepStateSchema).optional(),
});
export type OrderStateCallback = z.infer<typeof orderStateCallbackSchema>;

/** Posted to the client's configured pickup-point callback URL when a point's onboardingStatus changes. */
export const pickupPointStateCallbackSchema = z.object({
  event: z.literal('pickupPointState'),
  pickupPoint: z.object({ id: z.string(), onboardingStatus: onboardingStatusSchema }),
  occurredAt: z.iso.datetime().optional(),
});
export type PickupPointStateCallback = z.infer<typeof pickupPointStateCallbackSchema>;

/** Any callback Vigo posts to us. */
export const vigoCallbackSchema = z.discriminatedUnion('event', [
  orderStateCallbackSchema,
  pickupPointStateCallbackSchema,
]);
export type VigoCallback = z.infer<typeof vigoCallbackSchema>;
