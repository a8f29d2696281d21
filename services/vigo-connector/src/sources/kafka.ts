import { orderEventEnvelope } from '@orders/contracts';
import { migrateConsumerDedupe, runConsumer, type RunningConsumer } from '@orders/messaging';
import type { Logger } from '@orders/service-kit';
import type pg from 'pg';
import type { OrderEventHandler, OrderEventSource } from './types.ts';

/** The consumer's dedupe table (messaging's `runConsumer`), in the connector's schema. */
export const kafkaDedupeTable = 'vigo_connector.consumer_dedupe';

/**
 * Order events from Kafka: a consumer group through messaging's `runConsumer` (envelope
 * validated by zod, deduplicated by event id in PostgreSQL, retried, then dead-lettered).
 * One partition — so one order — is handled in order; partitions run concurrently.
 */
export function createKafkaSource(options: {
  brokers: readonly string[];
  topic: string;
  groupId: string;
  /** The pool of the dedupe transactions (one connection per partition handled at once). */
  pool: pg.Pool;
  handler: OrderEventHandler;
  partitionsConcurrency: number;
  /**
   * Consumers of the group in this process, splitting the partitions between them. One
   * consumer (messaging's runConsumer on kafkajs) fetches its partitions together and fetches
   * again only when every partition's batch is handled, one message after another: a
   * partition that drew several messages holds back the next fetch of all the others. Each
   * consumer waits only for its own partitions.
   */
  consumers?: number;
  logger: Logger;
  /** The consumer cannot go on (it could not start, or crashed for good): the process should exit and be restarted. */
  onFatal?: (reason: string) => void;
}): OrderEventSource & { ready(): Promise<void> } {
  let consumers: RunningConsumer[] = [];
  let ready = false;
  let crashed: string | null = null;
  const count = Math.max(1, options.consumers ?? 1);
  const start = (index: number): RunningConsumer =>
    runConsumer({
      brokers: options.brokers,
      groupId: options.groupId,
      topics: [options.topic],
      schema: orderEventEnvelope,
      pool: options.pool,
      dedupe: { table: kafkaDedupeTable },
      retry: { maxAttempts: 10, initialBackoffMs: 200, maxBackoffMs: 5_000 },
      partitionsConsumedConcurrently: Math.ceil(options.partitionsConcurrency / count),
      clientId: count === 1 ? 'vigo-connector' : `vigo-connector-${index + 1}`,
      logger: options.logger,
      onEvent: (event) => {
        if (event.type === 'crashed' && !event.restarting) {
          crashed = event.error;
          options.onFatal?.(event.error);
        }
      },
      handler: (message) => options.handler(message.value),
    });
  const allReady = () => Promise.all(consumers.map((c) => c.ready)).then(() => undefined);
  return {
    kind: 'kafka',
    async start() {
      await migrateConsumerDedupe(options.pool, kafkaDedupeTable);
      consumers = Array.from({ length: count }, (_, i) => start(i));
      allReady().then(
        () => {
          ready = true;
        },
        (error: Error) => {
          crashed = error.message;
          options.onFatal?.(error.message);
        },
      );
    },
    async ready() {
      if (consumers.length === 0) throw new Error('kafka source not started');
      await allReady();
    },
    async stop() {
      await Promise.all(consumers.map((c) => c.stop()));
    },
    async check() {
      if (crashed) throw new Error(`kafka consumer crashed: ${crashed}`);
      if (!ready) throw new Error('kafka consumer has not joined its group yet');
    },
  };
}
