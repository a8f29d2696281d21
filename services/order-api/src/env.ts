import { z } from 'zod';

const bool = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

/** Every setting of order-api, read from the environment once at start. Nothing else reads process.env. */
export const envSchema = z.object({
  HOST: z.string().default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65_535).default(3000),
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Apply migrations at start (the embedded start and tests do; a deploy may run them once instead). */
  MIGRATE_ON_START: bool.default(true),
  /** Seeded at start when both are set (the embedded start sets them): a client of ORDERS_DEMO_TENANT. */
  ORDERS_DEMO_CLIENT_ID: z.string().min(3).max(200).optional(),
  /** The demo client's secret (stored hashed with scrypt). */
  ORDERS_DEMO_CLIENT_SECRET: z
    .string()
    .min(12)
    .max(500)
    .regex(/^[\x21-\x7e]+$/, 'printable ASCII without spaces: it travels in an HTTP header')
    .optional(),
  /** The tenant the demo client belongs to. */
  ORDERS_DEMO_TENANT: z.string().min(1).max(100).default('demo'),
  /** Virtual POS (Paynkolay style): the merchant secret that signs callbacks, and where the payer is sent after. */
  POS_MERCHANT_SECRET: z.string().min(8).default('change-me-pos-merchant-secret'),
  /** Virtual POS merchant number; when set, a callback for another merchant is refused. */
  POS_MERCHANT_NO: z.string().max(50).optional(),
  /** Where the payer is redirected after a verified successful payment. */
  POS_SUCCESS_URL: z.url().default('http://127.0.0.1:3000/payment/success'),
  /** Where the payer is redirected after a failed or unverifiable payment. */
  POS_FAIL_URL: z.url().default('http://127.0.0.1:3000/payment/fail'),
  /** Requests per minute per client (x-client-id; the address for unauthenticated routes). */
  RATE_LIMIT_PER_MINUTE: z.coerce.number().int().min(1).default(60_000),
  /** Events between snapshots of an order's state. */
  SNAPSHOT_EVERY: z.coerce.number().int().min(1).default(50),
  /** How long a verified client secret is trusted without asking the database again. */
  CLIENT_CACHE_TTL_MS: z.coerce.number().int().min(0).default(30_000),
  /** Signs the links of the unauthenticated print pages (HMAC-SHA256); set it. */
  PRINT_LINK_SECRET: z.string().min(16).default('change-me-print-link-secret'),
  /** How long a signed print link stays valid. */
  PRINT_LINK_TTL_SECONDS: z.coerce
    .number()
    .int()
    .min(10)
    .max(7 * 86_400)
    .default(900),
  /** How long `?min_position=` waits at most for a projection to reach the position. */
  PROJECTION_WAIT_MS: z.coerce.number().int().min(0).max(60_000).default(5_000),
  /** An open order without a status change for this long is in the suspended report. */
  SUSPENDED_AFTER_HOURS: z.coerce
    .number()
    .int()
    .min(1)
    .max(24 * 365)
    .default(48),
});

export type Env = z.infer<typeof envSchema>;

/** Parses `source`; on failure throws one error listing every bad variable and why. */
export function parseEnv(source: Record<string, string | undefined>): Env {
  const result = envSchema.safeParse(source);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`order-api: invalid configuration\n${lines.join('\n')}`);
  }
  return result.data;
}
