import { defaultOrderEventsTopic, orderEventsTopicDefaults } from '@orders/contracts';
import { z } from 'zod';

const bool = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');
const int = (min: number, max = Number.MAX_SAFE_INTEGER) => z.coerce.number().int().min(min).max(max);

/** Every setting of the relay, read from the environment once at start. Nothing else reads process.env. */
export const envSchema = z
  .object({
    HOST: z.string().default('127.0.0.1'),
    PORT: int(0, 65_535).default(3010),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
    DATABASE_URL: z.url({ protocol: /^postgres(ql)?$/ }),
    DATABASE_POOL_SIZE: int(1, 100).default(4),
    /** Apply the event store's migrations at start (idempotent; order-api does the same). */
    MIGRATE_ON_START: bool.default(true),
    /** Comma-separated bootstrap brokers. */
    KAFKA_BROKERS: z
      .string()
      .min(1)
      .transform((list) =>
        list
          .split(',')
          .map((b) => b.trim())
          .filter(Boolean),
      )
      .pipe(z.array(z.string().regex(/^[^:\s]+:\d+$/, 'expected host:port')).min(1)),
    /** Kafka client id of the relay's producer. */
    KAFKA_CLIENT_ID: z.string().min(1).default('orders-relay'),
    /** Client retries inside one send before the batch is retried from the event log. */
    KAFKA_PRODUCER_RETRIES: int(0, 100).default(5),
    /** Run the Kafka client on a worker thread of its own, beside the reading and mapping of events. */
    KAFKA_PRODUCER_THREAD: bool.default(true),
    /** Idempotent producers side by side, each owning the keys (partitions) murmur2 puts on it. */
    KAFKA_PRODUCER_LANES: int(1, 8).default(2),
    /** The topic order events are published to. */
    RELAY_TOPIC: z
      .string()
      .regex(/^[\w.-]{1,249}$/)
      .default(defaultOrderEventsTopic),
    /** Create or fix the topic at start (partitions, replication, retention, cleanup policy). */
    RELAY_PROVISION_TOPIC: bool.default(true),
    /** Partitions of the topic when the relay creates it (never lowered). */
    RELAY_TOPIC_PARTITIONS: int(1, 10_000).default(orderEventsTopicDefaults.partitions),
    /** Replication factor of the topic when the relay creates it. */
    RELAY_TOPIC_REPLICATION_FACTOR: int(1, 10).default(1),
    /** `retention.ms` of the topic (-1: kept forever). */
    RELAY_TOPIC_RETENTION_MS: int(-1).default(orderEventsTopicDefaults.retentionMs),
    /** Names the subscription: its checkpoint and its advisory lock (one active relay per name). Default `relay:<topic>`. */
    RELAY_SUBSCRIPTION: z.string().min(1).max(200).optional(),
    /** Events read from the log per batch; the checkpoint moves once per batch. */
    RELAY_BATCH_SIZE: int(1, 50_000).default(5_000),
    /** Messages per produce request to Kafka (each acknowledged before the next). */
    RELAY_CHUNK_SIZE: int(1, 1_000).default(1_000),
    /** Polling fallback when no NOTIFY arrives. */
    RELAY_POLL_INTERVAL_MS: int(10).default(500),
    /** How often a standby tries to take the lock. */
    RELAY_LOCK_RETRY_MS: int(10).default(300),
    /** Longest wait between two attempts at a batch that failed (broker down). */
    RELAY_RETRY_MAX_DELAY_MS: int(10).default(5_000),
  })
  .transform((env) => ({ ...env, RELAY_SUBSCRIPTION: env.RELAY_SUBSCRIPTION ?? `relay:${env.RELAY_TOPIC}` }));

export type Env = z.infer<typeof envSchema>;

/** Parses `source`; on failure throws one error listing every bad variable and why. */
export function parseEnv(source: Record<string, string | undefined>): Env {
  const result = envSchema.safeParse(source);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`relay: invalid configuration\n${lines.join('\n')}`);
  }
  return result.data;
}
