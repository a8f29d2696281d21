import { z } from 'zod';
import { locationSchema, onboardingStatuses, vigoBasePath } from './contract.ts';
import { faultsSchema } from './faults.ts';
import { assertTimeZone } from './time.ts';

/** When the simulator walks an order through the delivery states on its own. */
export const autoAdvanceModes = [
  /** after `PUT /order/prepared` (the default) */
  'onPrepared',
  /** as soon as the order is in the queue */
  'immediately',
  /** never: only `/_sandbox/orders/:ref/advance` moves orders */
  'manual',
] as const;
export type AutoAdvance = (typeof autoAdvanceModes)[number];

const millis = z.int().min(0).max(3_600_000);

/** A pickup point that exists from the start (and again after a reset). */
export const seedPickupPointSchema = z.strictObject({
  id: z.string().min(1),
  name: z.string().min(1),
  address: z.string().min(1),
  location: locationSchema,
  phone: z.string().min(1),
  externalId: z.string().min(1).optional(),
  onboardingStatus: z.enum(onboardingStatuses).default('approved'),
});
export type SeedPickupPoint = z.input<typeof seedPickupPointSchema>;

/** Where pickup-point state callbacks go: Vigo sends them to the client, not to an order's callback. */
export const pickupPointCallbackSchema = z.strictObject({
  url: z.url({ protocol: /^https?$/ }),
  token: z.string().optional(),
  tokenHeader: z.string().min(1).default('x-api-key'),
});

/** Every setting of the sandbox, with the defaults a local run uses. */
export const sandboxOptionsSchema = z.strictObject({
  /** Where the Vigo endpoints are served: `/api/v2` as on Vigo's servers; `''` or `/` for the root. */
  basePath: z
    .string()
    .regex(/^(\/[A-Za-z0-9._~-]+)*\/?$|^$/, 'a path such as /api/v2')
    .transform((p) => p.replace(/\/$/, ''))
    .default(vigoBasePath),
  clientId: z.string().min(1).default('sandbox-client'),
  clientSecret: z.string().min(1).default('sandbox-secret'),
  tokenTtlMs: z.int().min(1).default(86_400_000),
  stepIntervalMs: millis.default(2_000),
  autoAdvance: z.enum(autoAdvanceModes).default('onPrepared'),
  timeZone: z
    .string()
    .refine((zone) => {
      try {
        assertTimeZone(zone);
        return true;
      } catch {
        return false;
      }
    }, 'not an IANA time zone')
    .default('Europe/Istanbul'),
  /** Further attempts after a failed callback delivery (non-2xx, network error or timeout). */
  callbackRetries: z.int().min(0).max(20).default(3),
  /** Wait before the first retry; doubled before each further one. */
  callbackRetryDelayMs: millis.default(500),
  callbackTimeoutMs: z.int().min(1).max(600_000).default(5_000),
  pickupPointCallback: pickupPointCallbackSchema.optional(),
  pickupPoints: z.array(seedPickupPointSchema).default([]),
  /** Faults in force from the start and after a reset. */
  faults: faultsSchema.default(faultsSchema.parse({})),
});
export type SandboxOptions = z.input<typeof sandboxOptionsSchema>;
export type SandboxSettings = z.output<typeof sandboxOptionsSchema>;
