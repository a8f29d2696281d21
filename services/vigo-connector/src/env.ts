import { defaultOrderEventsTopic } from '@orders/contracts';
import { courierTypes } from '@orders/contracts/vigo';
import { z } from 'zod';

const bool = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');
const ms = z.coerce.number().int().min(0);
const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((v) => (v === '' ? undefined : v), schema.optional());
const json = z.string().transform((text, ctx) => {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    ctx.addIssue({ code: 'custom', message: 'not valid JSON' });
    return z.NEVER;
  }
});

/** Where the crash-injection hook kills the process (tests only). */
export const crashPoints = ['after-vigo-create'] as const;
export type CrashPoint = (typeof crashPoints)[number];

/** Every setting of the connector, read from the environment once at start. Nothing else reads process.env. */
export const envSchema = z.object({
  HOST: z.string().default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65_535).default(3300),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(2).max(200).default(10),
  /** Connections that hold order locks (PostgreSQL advisory locks): at most this many orders are handled at once. */
  DATABASE_LOCK_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  /** Apply the connector's migrations (and, with SOURCE=event-store, the event store's) at start. */
  MIGRATE_ON_START: bool.default(true),

  /** Vigo's API including its base path, e.g. `https://app.vigo.ist/api/v2` or the sandbox's `http://127.0.0.1:4010/api/v2`. */
  VIGO_BASE_URL: z.url({ protocol: /^https?$/ }),
  /** Vigo API client id, exchanged for a token sent as `x-auth-token`. */
  VIGO_CLIENT_ID: z.string().min(1),
  /** Vigo API client secret (never logged). */
  VIGO_CLIENT_SECRET: z.string().min(1),
  /** Per attempt. */
  VIGO_TIMEOUT_MS: z.coerce.number().int().min(1).default(5_000),
  /** Attempts in all for one call (5xx, timeouts, network errors). */
  VIGO_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(20).default(4),
  /** First backoff delay of a retried Vigo call (exponential, with jitter). */
  VIGO_RETRY_BASE_MS: ms.default(100),
  /** Longest backoff delay between two attempts of a Vigo call. */
  VIGO_RETRY_MAX_MS: ms.default(2_000),
  /** Consecutive failed calls that open the circuit, and how long it stays open. */
  VIGO_BREAKER_THRESHOLD: z.coerce.number().int().min(1).default(8),
  /** How long the circuit stays open before one trial call. */
  VIGO_BREAKER_COOLDOWN_MS: ms.default(5_000),
  /** A token is refreshed this long before it expires. */
  VIGO_TOKEN_REFRESH_MARGIN_MS: ms.default(60_000),
  /** `platform` of every Vigo order. */
  VIGO_PLATFORM: z.string().min(1).default('orders'),
  /** `cancelText` sent to Vigo when an order is cancelled. */
  VIGO_CANCEL_TEXT: z.string().min(1).default('Sipariş iptal edildi'),
  /** courierType when the order names no vehicle_type. */
  VIGO_DEFAULT_COURIER_TYPE: z.enum(courierTypes).default('motorCourier'),
  /** Branches already registered (and approved) with Vigo: `{"<branch uuid>":"<Vigo pickup point id>"}`. */
  VIGO_PICKUP_POINTS: optional(json.pipe(z.record(z.uuid(), z.string().min(1)))),

  /** Where Vigo posts callbacks: this service's `/vigo/callbacks` as Vigo reaches it. */
  CALLBACK_PUBLIC_URL: z.url({ protocol: /^https?$/ }),
  /** Vigo sends it back in CALLBACK_TOKEN_HEADER; compared in constant time. */
  CALLBACK_TOKEN: z.string().min(16),
  /** Header Vigo's callbacks carry CALLBACK_TOKEN in. */
  CALLBACK_TOKEN_HEADER: z
    .string()
    .regex(/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/)
    .transform((h) => h.toLowerCase())
    .default('x-api-key'),
  /** Protects `POST /admin/pickup-points`; the route is off when unset. */
  ADMIN_TOKEN: optional(z.string().min(16)),

  /** order-api's base URL: callbacks become commands sent there. */
  ORDER_API_URL: z.url({ protocol: /^https?$/ }),
  /** The connector's own order-api client (`pnpm orders clients create`). */
  ORDER_API_CLIENT_ID: z.string().min(1),
  /** Secret of ORDER_API_CLIENT_ID (never logged). */
  ORDER_API_CLIENT_SECRET: z.string().min(1),
  /** The acting user recorded on every command the connector sends. */
  ORDER_API_USER_ID: z.uuid(),
  /** The tenant of ORDER_API_CLIENT_ID: events of other tenants are not this connector's. */
  ORDER_API_TENANT_ID: z.string().min(1),
  /** Timeout of one call to order-api. */
  ORDER_API_TIMEOUT_MS: z.coerce.number().int().min(1).default(5_000),

  /** Where order events come from: `kafka` (distributed: a consumer group on KAFKA_TOPIC) or `event-store` (embedded: a subscription on DATABASE_URL). */
  SOURCE: z.enum(['kafka', 'event-store']).default('event-store'),
  KAFKA_BROKERS: optional(z.string().transform((s) => s.split(',').map((b) => b.trim()))),
  /** The order events topic the relay fills (SOURCE=kafka). */
  KAFKA_TOPIC: z.string().min(1).default(defaultOrderEventsTopic),
  /** Consumer group id (SOURCE=kafka). */
  KAFKA_GROUP_ID: z.string().min(1).default('vigo-connector'),
  /** Partitions handled at once (SOURCE=kafka). */
  KAFKA_PARTITIONS_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(4),
  /**
   * Consumers of the group this process runs (SOURCE=kafka), sharing KAFKA_PARTITIONS_CONCURRENCY:
   * each fetches again only once all of its partitions' messages are handled, so more consumers
   * mean a slow partition holds back fewer others. At most the topic's partitions: a consumer
   * the group gives no partition never becomes ready.
   */
  KAFKA_CONSUMERS: z.coerce.number().int().min(1).max(64).default(1),
  /** Name of the event-store subscription: its checkpoint and its lock (SOURCE=event-store). */
  SUBSCRIPTION_NAME: z.string().min(1).default('vigo-connector'),
  /** Orders handled at once within one event-store batch (one order's events stay in order). */
  SOURCE_CONCURRENCY: z.coerce.number().int().min(1).max(256).default(16),

  /**
   * At start, before consuming: how long to wait at most for the Vigo token, one authenticated
   * order-api call and the PostgreSQL pools' connections (0: skip). A failure is logged and
   * consuming starts anyway.
   */
  WARM_UP_TIMEOUT_MS: ms.default(5_000),

  /** How often rows left pending (a failed attempt, a crash) are retried, and how old they must be. */
  RESUME_INTERVAL_MS: ms.default(5_000),
  /** Age a pending dispatch must reach before the resume loop retries it. */
  RESUME_AFTER_MS: ms.default(5_000),
  /**
   * A prepared order not yet delivered, returned or cancelled whose row has not changed for this
   * long is looked up with Vigo's GET /order (a callback may have been lost for good).
   */
  RECONCILE_AFTER_MS: ms.default(60_000),

  /** Tests only: kill the process with SIGKILL at this point. */
  CRASH_AT: optional(z.enum(crashPoints)),
});

export type Env = z.infer<typeof envSchema>;

/** Parses `source`; on failure throws one error listing every bad variable and why. */
export function parseEnv(source: Record<string, string | undefined>): Env {
  const result = envSchema.safeParse(source);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`vigo-connector: invalid configuration\n${lines.join('\n')}`);
  }
  const env = result.data;
  if (env.SOURCE === 'kafka' && !env.KAFKA_BROKERS?.length) {
    throw new Error('vigo-connector: invalid configuration\n  KAFKA_BROKERS: required when SOURCE=kafka');
  }
  if (env.KAFKA_CONSUMERS > env.KAFKA_PARTITIONS_CONCURRENCY) {
    throw new Error(
      'vigo-connector: invalid configuration\n  KAFKA_CONSUMERS: at most KAFKA_PARTITIONS_CONCURRENCY (the consumers share it)',
    );
  }
  return env;
}
