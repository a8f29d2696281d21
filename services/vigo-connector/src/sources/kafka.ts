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
  logger: Logger;
  /** The consumer cannot go on (it could not start, or crashed for good): the process should exit and be restarted. */
  onFatal?: (reason: string) => void;
}): OrderEventSource & { ready(): Promise<void> } {
  let consumer: RunningConsumer | null = null;
  let ready = false;
  let crashed: string | null = null;
  return {
    kind: 'kafka',
    async start() {
      await migrateConsumerDedupe(options.pool, kafkaDedupeTable);
      consumer = runConsumer({
        brokers: options.brokers,
        groupId: options.groupId,
        topics: [options.topic],
        schema: orderEventEnvelope,
        pool: options.pool,
        dedupe: { table: kafkaDedupeTable },
        retry: { maxAttempts: 10, initialBackoffMs: 200, maxBackoffMs: 5_000 },
        partitionsConsumedConcurrently: options.partitionsConcurrency,
        clientId: 'vigo-connector',
        logger: options.logger,
        onEvent: (event) => {
          if (event.type === 'crashed' && !event.restarting) {
            crashed = event.error;
            options.onFatal?.(event.error);
          }
        },
        handler: (message) => options.handler(message.value),
      });
      consumer.ready.then(
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
      if (!consumer) throw new Error('kafka source not started');
      await consumer.ready;
    },
    async stop() {
      await consumer?.stop();
    },
    async check() {
      if (crashed) throw new Error(`kafka consumer crashed: ${crashed}`);
      if (!ready) throw new Error('kafka consumer has not joined its group yet');
    },
  };
}
