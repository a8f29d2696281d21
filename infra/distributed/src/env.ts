import { z } from 'zod';

const port = z.coerce.number().int().min(1).max(65_535);
const optional = <T extends z.ZodType>(schema: T) =>
  z.preprocess((v) => (v === '' ? undefined : v), schema.optional());

/** Settings of `pnpm distributed`; every one has a default (the secrets' defaults are public: the run warns while they are in use). */
export const distributedEnvSchema = z.object({
  /** The PostgreSQL server; the run's own database (DISTRIBUTED_DATABASE) is created in it. */
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }).default('postgres://postgres@127.0.0.1:5432/postgres'),
  /** The run's database on that server (created when missing, kept between runs). */
  DISTRIBUTED_DATABASE: z
    .string()
    .regex(/^[a-z_][a-z0-9_]*$/)
    .default('orders_distributed'),
  /** Comma-separated brokers; unset: the Maven-run broker of infra/kafka is started (and stopped after, if it was not running). */
  KAFKA_BROKERS: optional(
    z.string().regex(/^[^:\s,]+:\d+(,[^:\s,]+:\d+)*$/, 'expected host:port[,host:port]'),
  ),
  /** The port infra/kafka/start uses when it starts the broker. */
  KAFKA_PORT: port.default(19092),
  /** The topic the relay publishes the order events to and the connector consumes. */
  KAFKA_TOPIC: z
    .string()
    .regex(/^[\w.-]{1,249}$/)
    .default('orders.events.v1'),
  /** Interface every service listens on. */
  HOST: z.string().default('127.0.0.1'),
  /** The first order-api replica (the one that applies the migrations). */
  ORDER_API_PORT: port.default(3000),
  /** The second order-api replica (same database; the connector calls this one). */
  ORDER_API_2_PORT: port.default(3002),
  /** The projector's /health, /ready, /metrics and /projections. */
  PROJECTOR_PORT: port.default(3001),
  /** The relay's /health, /ready, /metrics and /status. */
  RELAY_PORT: port.default(3010),
  /** The vigo-connector's /vigo/callbacks, health and metrics. */
  VIGO_CONNECTOR_PORT: port.default(3300),
  /** The Vigo sandbox (`/api/v2`, control at `/_sandbox`). */
  VIGO_SANDBOX_PORT: port.default(4010),
  /** pino level of every service. */
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Where logs (`logs/<name>.log`) and the connector's client id are kept. */
  DISTRIBUTED_DATA_DIR: z.string().default('.data/distributed'),
  /** The demo client seeded by order-api; the defaults are public, so they are printed with a warning. */
  ORDERS_DEMO_CLIENT_ID: z.string().min(3).default('demo-client'),
  /** The demo client's secret. */
  ORDERS_DEMO_CLIENT_SECRET: z
    .string()
    .min(12)
    .regex(/^[\x21-\x7e]+$/, 'printable ASCII without spaces: it travels in an HTTP header')
    .default('demo-secret-change-me'),
  /** The demo client's tenant; the connector's own client is made in it too. */
  ORDERS_DEMO_TENANT: z.string().min(1).default('demo'),
  /** What the sandbox's callbacks carry to the connector (x-api-key). */
  VIGO_CALLBACK_TOKEN: z.string().min(16).default('distributed-callback-token'),
  /** Time between two courier states of the Vigo sandbox. */
  VIGO_SANDBOX_STEP_INTERVAL_MS: optional(z.coerce.number().int().min(0)),
  /** The virtual POS merchant secret order-api verifies callbacks with. */
  POS_MERCHANT_SECRET: z.string().min(8).default('distributed-pos-merchant-secret'),
  /** When set, order-api refuses virtual POS callbacks of another merchant. */
  POS_MERCHANT_NO: optional(z.string().max(50)),
});

export const publicDefaults = {
  clientId: 'demo-client',
  secret: 'demo-secret-change-me',
  callbackToken: 'distributed-callback-token',
  posMerchantSecret: 'distributed-pos-merchant-secret',
};

export type DistributedEnv = z.infer<typeof distributedEnvSchema>;

/** Parses `source`; on failure throws one error listing every bad variable and why. */
export function parseDistributedEnv(source: Record<string, string | undefined>): DistributedEnv {
  const result = distributedEnvSchema.safeParse(source);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`distributed run: invalid configuration\n${lines.join('\n')}`);
  }
  return result.data;
}
