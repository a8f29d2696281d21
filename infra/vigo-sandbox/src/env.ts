import { z } from 'zod';
import { autoAdvanceModes, seedPickupPointSchema, type SandboxOptions } from './config.ts';
import { operations, parseLatency, type FaultsInput } from './faults.ts';

const rate = z.coerce.number().min(0).max(1);
const ms = z.coerce.number().int().min(0);
const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((v) => (v === '' ? undefined : v), schema.optional());

const jsonArray = z.string().transform((text, ctx) => {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    ctx.addIssue({ code: 'custom', message: 'not valid JSON' });
    return z.NEVER;
  }
});

/** Every setting of the sandbox process, read from the environment once at start. Nothing else reads process.env. */
export const envSchema = z.object({
  HOST: z.string().default('127.0.0.1'),
  PORT: z.coerce.number().int().min(0).max(65_535).default(4010),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** `false`: no "incoming request" / "request completed" line per request (load runs: two log writes a call). */
  LOG_REQUESTS: z
    .enum(['true', 'false'])
    .default('true')
    .transform((v) => v === 'true'),
  /** `/api/v2` by default; `/` serves the Vigo endpoints at the root. */
  VIGO_SANDBOX_BASE_PATH: optional(z.string()),
  /** The clientId `POST /auth/token` accepts. */
  VIGO_SANDBOX_CLIENT_ID: optional(z.string().min(1)),
  /** The clientSecret `POST /auth/token` accepts. */
  VIGO_SANDBOX_CLIENT_SECRET: optional(z.string().min(1)),
  /** Lifetime of issued tokens. */
  VIGO_SANDBOX_TOKEN_TTL_MS: optional(z.coerce.number().int().min(1)),
  /** Time between two automatic state steps of an order (each step posts a callback). */
  VIGO_SANDBOX_STEP_INTERVAL_MS: optional(ms),
  /** When orders start walking through the states by themselves: `onPrepared`, `immediately`, or `manual` (only `/_sandbox/orders/:ref/advance` moves them). */
  VIGO_SANDBOX_AUTO_ADVANCE: optional(z.enum(autoAdvanceModes)),
  /** IANA zone of the `DD-MM-YYYY HH:mm:ss` dates. */
  VIGO_SANDBOX_TIME_ZONE: optional(z.string()),
  /** Further attempts after a failed callback delivery. */
  VIGO_SANDBOX_CALLBACK_RETRIES: optional(z.coerce.number().int().min(0)),
  /** Wait before the first callback retry; doubled before each further one. */
  VIGO_SANDBOX_CALLBACK_RETRY_DELAY_MS: optional(ms),
  /** Timeout of one callback delivery. */
  VIGO_SANDBOX_CALLBACK_TIMEOUT_MS: optional(z.coerce.number().int().min(1)),
  /** Where pickup-point onboarding callbacks are posted. */
  VIGO_SANDBOX_PICKUP_POINT_CALLBACK_URL: optional(z.url({ protocol: /^https?$/ })),
  /** Token sent with the pickup-point callbacks. */
  VIGO_SANDBOX_PICKUP_POINT_CALLBACK_TOKEN: optional(z.string()),
  /** Header the pickup-point callback token is sent in. */
  VIGO_SANDBOX_PICKUP_POINT_CALLBACK_TOKEN_HEADER: optional(z.string().min(1)),
  /** JSON array of pickup points present from the start: `[{"id","name","address","location","phone"}]`. */
  VIGO_SANDBOX_PICKUP_POINTS: optional(jsonArray.pipe(z.array(seedPickupPointSchema))),
  /** `200` or `100-500` (ms). */
  VIGO_SANDBOX_FAULT_LATENCY_MS: optional(
    z.string().transform((text, ctx) => {
      try {
        return parseLatency(text);
      } catch (error) {
        ctx.addIssue({ code: 'custom', message: (error as Error).message });
        return z.NEVER;
      }
    }),
  ),
  /** Fault: share of calls (0–1) answered with VIGO_SANDBOX_FAULT_ERROR_STATUS. */
  VIGO_SANDBOX_FAULT_ERROR_RATE: optional(rate),
  /** Fault: the 5xx status of injected errors. */
  VIGO_SANDBOX_FAULT_ERROR_STATUS: optional(z.coerce.number().int().min(500).max(599)),
  /** Fault: the next N calls fail with VIGO_SANDBOX_FAULT_ERROR_STATUS. */
  VIGO_SANDBOX_FAULT_FAIL_NEXT: optional(z.coerce.number().int().min(0)),
  /** Fault: share of calls that hang for VIGO_SANDBOX_FAULT_HANG_MS, then get 504. */
  VIGO_SANDBOX_FAULT_HANG_RATE: optional(rate),
  /** Fault: the next N calls hang. */
  VIGO_SANDBOX_FAULT_HANG_NEXT: optional(z.coerce.number().int().min(0)),
  /** Fault: how long a hanging call hangs. */
  VIGO_SANDBOX_FAULT_HANG_MS: optional(ms),
  /** Fault: share of callbacks posted twice. */
  VIGO_SANDBOX_FAULT_DUPLICATE_CALLBACKS: optional(rate),
  /** Fault: share of callbacks held back and posted after the order's next one. */
  VIGO_SANDBOX_FAULT_OUT_OF_ORDER_CALLBACKS: optional(rate),
  /** Fault: longest hold of an out-of-order callback. */
  VIGO_SANDBOX_FAULT_OUT_OF_ORDER_HOLD_MS: optional(ms),
  /** Fault: share of callbacks (0–1) never posted, as if the receiver was down past every retry. */
  VIGO_SANDBOX_FAULT_DROP_CALLBACKS: optional(rate),
  /** Comma-separated, e.g. `POST /order,PUT /order/cancel`. */
  VIGO_SANDBOX_FAULT_OPERATIONS: optional(
    z
      .string()
      .transform((text) => text.split(',').map((o) => o.trim()))
      .pipe(z.array(z.enum(operations))),
  ),
  /** Fault: seed of the random draws, so a faulty run can be repeated. */
  VIGO_SANDBOX_FAULT_SEED: optional(z.coerce.number().int()),
});

export type Env = z.infer<typeof envSchema>;

/** Parses `source`; on failure throws one error listing every bad variable and why. */
export function parseEnv(source: Record<string, string | undefined>): Env {
  const result = envSchema.safeParse(source);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`vigo-sandbox: invalid configuration\n${lines.join('\n')}`);
  }
  return result.data;
}

/** Only the keys whose value is set, so that the sandbox's defaults apply to the rest. */
function defined<T extends Record<string, unknown>>(record: T): Partial<T> {
  return Object.fromEntries(Object.entries(record).filter(([, v]) => v !== undefined)) as Partial<T>;
}

/** The sandbox options the environment asks for. */
export function optionsFromEnv(env: Env): SandboxOptions {
  const faults: FaultsInput = defined({
    latencyMs: env.VIGO_SANDBOX_FAULT_LATENCY_MS,
    errorRate: env.VIGO_SANDBOX_FAULT_ERROR_RATE,
    errorStatus: env.VIGO_SANDBOX_FAULT_ERROR_STATUS,
    failNext: env.VIGO_SANDBOX_FAULT_FAIL_NEXT,
    hangRate: env.VIGO_SANDBOX_FAULT_HANG_RATE,
    hangNext: env.VIGO_SANDBOX_FAULT_HANG_NEXT,
    hangMs: env.VIGO_SANDBOX_FAULT_HANG_MS,
    duplicateCallbacks: env.VIGO_SANDBOX_FAULT_DUPLICATE_CALLBACKS,
    outOfOrderCallbacks: env.VIGO_SANDBOX_FAULT_OUT_OF_ORDER_CALLBACKS,
    outOfOrderHoldMs: env.VIGO_SANDBOX_FAULT_OUT_OF_ORDER_HOLD_MS,
    dropCallbacks: env.VIGO_SANDBOX_FAULT_DROP_CALLBACKS,
    operations: env.VIGO_SANDBOX_FAULT_OPERATIONS,
    seed: env.VIGO_SANDBOX_FAULT_SEED,
  });
  const callbackUrl = env.VIGO_SANDBOX_PICKUP_POINT_CALLBACK_URL;
  const callbackToken = env.VIGO_SANDBOX_PICKUP_POINT_CALLBACK_TOKEN;
  const callbackTokenHeader = env.VIGO_SANDBOX_PICKUP_POINT_CALLBACK_TOKEN_HEADER;
  return defined({
    basePath: env.VIGO_SANDBOX_BASE_PATH,
    clientId: env.VIGO_SANDBOX_CLIENT_ID,
    clientSecret: env.VIGO_SANDBOX_CLIENT_SECRET,
    tokenTtlMs: env.VIGO_SANDBOX_TOKEN_TTL_MS,
    stepIntervalMs: env.VIGO_SANDBOX_STEP_INTERVAL_MS,
    autoAdvance: env.VIGO_SANDBOX_AUTO_ADVANCE,
    timeZone: env.VIGO_SANDBOX_TIME_ZONE,
    callbackRetries: env.VIGO_SANDBOX_CALLBACK_RETRIES,
    callbackRetryDelayMs: env.VIGO_SANDBOX_CALLBACK_RETRY_DELAY_MS,
    callbackTimeoutMs: env.VIGO_SANDBOX_CALLBACK_TIMEOUT_MS,
    pickupPointCallback:
      callbackUrl === undefined
        ? undefined
        : { url: callbackUrl, ...defined({ token: callbackToken, tokenHeader: callbackTokenHeader }) },
    pickupPoints: env.VIGO_SANDBOX_PICKUP_POINTS,
    faults,
  });
}
