import { createEventStore, migrateEventStore, readCheckpoint } from '@orders/event-store';
import { createProducer, describeTopics, ensureTopics } from '@orders/messaging';
import { createLogger, createMetricsRegistry, onShutdownSignal } from '@orders/service-kit';
import { buildApp } from './app.ts';
import { parseEnv } from './env.ts';
import { relayMetrics } from './metrics.ts';
import { createRelay, type Relay } from './relay.ts';
import { orderEventsTopicSpec } from './topic.ts';

const env = parseEnv(process.env);
const logger = createLogger({ service: 'relay', level: env.LOG_LEVEL });
const brokers = env.KAFKA_BROKERS;
let stopping = false;
let relay: Relay | null = null;

const store = createEventStore({
  connectionString: env.DATABASE_URL,
  poolSize: env.DATABASE_POOL_SIZE,
  applicationName: 'relay',
});
const producer = createProducer({
  brokers,
  clientId: env.KAFKA_CLIENT_ID,
  logger,
  retries: env.KAFKA_PRODUCER_RETRIES,
  thread: env.KAFKA_PRODUCER_THREAD,
  lanes: env.KAFKA_PRODUCER_LANES,
});
const registry = createMetricsRegistry('relay');
const app = await buildApp({
  logger,
  registry,
  status: () => relay?.status() ?? null,
  checks: [
    { name: 'postgres', check: async () => void (await readCheckpoint(store, env.RELAY_SUBSCRIPTION)) },
    {
      name: 'kafka',
      check: async () => {
        const [topic] = await describeTopics(brokers, [env.RELAY_TOPIC]);
        if (!topic) throw new Error(`topic ${env.RELAY_TOPIC} does not exist`);
      },
    },
  ],
});

onShutdownSignal(logger, async () => {
  stopping = true;
  await relay?.stop(); // the batch in flight is published and checkpointed first
  await producer.disconnect();
  await app.close();
  await store.close();
});

/** Runs `step` until it succeeds (PostgreSQL or Kafka may still be starting), 1 s doubling to 10 s between tries. */
async function untilDone(what: string, step: () => Promise<void>): Promise<void> {
  for (let delay = 1_000; !stopping; delay = Math.min(10_000, delay * 2)) {
    try {
      return await step();
    } catch (error) {
      logger.warn({ err: error, retryInMs: delay }, `${what} failed; retrying`);
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}

await app.listen({ host: env.HOST, port: env.PORT });
if (env.MIGRATE_ON_START)
  await untilDone('event store migration', () => migrateEventStore(env.DATABASE_URL).then(() => undefined));
if (env.RELAY_PROVISION_TOPIC) {
  const spec = orderEventsTopicSpec(env);
  await untilDone('topic provisioning', async () => {
    const report = await ensureTopics(brokers, [spec]);
    logger.info({ topic: spec.name, partitions: spec.partitions, ...report }, 'topic provisioned');
  });
}
await untilDone('connecting to Kafka', () => producer.connect());
if (!stopping) {
  relay = createRelay({
    store,
    producer,
    topic: env.RELAY_TOPIC,
    subscription: env.RELAY_SUBSCRIPTION,
    batchSize: env.RELAY_BATCH_SIZE,
    chunkSize: env.RELAY_CHUNK_SIZE,
    pollIntervalMs: env.RELAY_POLL_INTERVAL_MS,
    lockRetryMs: env.RELAY_LOCK_RETRY_MS,
    retry: { maxDelayMs: env.RELAY_RETRY_MAX_DELAY_MS },
    logger,
    observer: relayMetrics(registry, () => relay?.status() ?? null),
  });
  await relay.start();
}
