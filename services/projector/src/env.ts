import { z } from 'zod';

const bool = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

/** Every setting of the projector, read from the environment once at start. Nothing else reads process.env. */
export const envSchema = z.object({
  DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }),
  HOST: z.string().default('127.0.0.1'),
  /** /health, /ready and /metrics. */
  PORT: z.coerce.number().int().min(0).max(65_535).default(3001),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(2).max(100).default(8),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Apply the event store's and the read models' migrations at start. */
  MIGRATE_ON_START: bool.default(true),
  /** Events read per batch (one transaction per batch, for every projection: one group subscription). */
  PROJECTOR_BATCH_SIZE: z.coerce.number().int().min(1).max(20_000).default(500),
  /** Polling fallback when no notification arrives. */
  PROJECTOR_POLL_INTERVAL_MS: z.coerce.number().int().min(10).max(60_000).default(1_000),
  /** Only these projections (comma-separated names); all by default. */
  PROJECTIONS: z
    .string()
    .optional()
    .transform((v) =>
      v
        ? v
            .split(',')
            .map((s) => s.trim())
            .filter(Boolean)
        : undefined,
    ),
});

export type Env = z.infer<typeof envSchema>;

/** Parses `source`; on failure throws one error listing every bad variable and why. */
export function parseEnv(source: Record<string, string | undefined>): Env {
  const result = envSchema.safeParse(source);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`projector: invalid configuration\n${lines.join('\n')}`);
  }
  return result.data;
}
