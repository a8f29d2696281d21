import { defaultOrderEventsTopic, publicOrderEvent, type PublicOrderEvent } from '@orders/contracts';
import { createSubscription, type EventStore, type StoredEvent } from '@orders/event-store';
import {
  backoffDelay,
  claimEvent,
  dedupeTableSql,
  defaultDedupeTable,
  runConsumer,
  validateRetryPolicy,
  type DeadLetterReason,
  type MessagingLogger,
  type RetryPolicy,
} from '@orders/messaging';
import type pg from 'pg';
import { defaultDeadLetterTable, recordDeadLetter } from './dead-letters.ts';
import { orderStreamType, publicEventOf, UnpublishableEventError } from './stored-event.ts';

/**
 * Applies one order event. `tx` is a PostgreSQL client inside an open transaction that also
 * holds the event's dedupe row: write the effect through `tx` (never commit or roll back), throw
 * to fail the attempt. The same function runs behind either source.
 */
export type OrderEventHandler = (event: PublicOrderEvent, tx: pg.PoolClient) => Promise<void>;

interface CommonOptions {
  /** The consumer's name: its Kafka consumer group, or its event-store subscription (`consumer:<name>`); it owns its dedupe rows. */
  name: string;
  /** The consumer's PostgreSQL: its effects and its dedupe (and dead-letter) tables. */
  pool: pg.Pool;
  handler: OrderEventHandler;
  /** Attempts before an event is dead-lettered. Default 5 attempts, 200 ms doubling to 10 s. */
  retry?: RetryPolicy;
  /** Default `consumer_dedupe` (create it with `migrateOrderEventConsumer`). */
  dedupeTable?: string;
  logger?: MessagingLogger;
}

/** Distributed setup: a Kafka consumer group on the order events topic (`runConsumer` of @orders/messaging). */
export interface KafkaSourceOptions extends CommonOptions {
  source: 'kafka';
  brokers: readonly string[];
  /** Default `orders.events.v1`. */
  topic?: string;
  /** Default `<topic>.dlq`. */
  deadLetterTopic?: string;
  fromBeginning?: boolean;
  partitionsConsumedConcurrently?: number;
  clientId?: string;
}

/** Embedded setup: a side-effect subscription to the event store, no broker. */
export interface EventStoreSourceOptions extends CommonOptions {
  source: 'event-store';
  store: EventStore;
  /** Default `order_event_dead_letters` (create it with `migrateOrderEventConsumer`). */
  deadLetterTable?: string;
  /** Events read per batch. Default 100. */
  batchSize?: number;
  /** Polling fallback when no notification arrives. Default 1 000 ms. */
  pollIntervalMs?: number;
}

export type ConsumeOrderEventsOptions = KafkaSourceOptions | EventStoreSourceOptions;

export interface OrderEventConsumer {
  /** Resolves once the consumer receives events (Kafka: assigned partitions; event store: holds the subscription's lock). */
  ready: Promise<void>;
  /** Finishes the event in progress, records what was applied and lets go. */
  stop(): Promise<void>;
}

const defaultRetry: RetryPolicy = { maxAttempts: 5, initialBackoffMs: 200, maxBackoffMs: 10_000 };
const silent: MessagingLogger = { debug() {}, info() {}, warn() {}, error() {} };

/**
 * Runs `handler` on every order event, from Kafka or straight from the event store, with the same
 * `PublicOrderEvent` values and the same guarantees: each event applied once per consumer name
 * (dedupe row in the handler's transaction), in order per order, retried with backoff, and
 * dead-lettered with its reason when it cannot be applied (Kafka: `<topic>.dlq`; event store:
 * the dead-letter table), after which the consumer goes on.
 */
export function consumeOrderEvents(options: ConsumeOrderEventsOptions): OrderEventConsumer {
  return options.source === 'kafka' ? fromKafka(options) : fromEventStore(options);
}

function fromKafka(options: KafkaSourceOptions): OrderEventConsumer {
  const consumer = runConsumer<PublicOrderEvent>({
    brokers: options.brokers,
    groupId: options.name,
    topics: [options.topic ?? defaultOrderEventsTopic],
    schema: publicOrderEvent,
    pool: options.pool,
    dedupe: { table: options.dedupeTable ?? defaultDedupeTable },
    retry: options.retry ?? defaultRetry,
    handler: (message, tx) => options.handler(message.value, tx),
    ...(options.deadLetterTopic === undefined ? {} : { deadLetterTopic: options.deadLetterTopic }),
    ...(options.fromBeginning === undefined ? {} : { fromBeginning: options.fromBeginning }),
    ...(options.partitionsConsumedConcurrently === undefined
      ? {}
      : { partitionsConsumedConcurrently: options.partitionsConsumedConcurrently }),
    ...(options.clientId === undefined ? {} : { clientId: options.clientId }),
    ...(options.logger === undefined ? {} : { logger: options.logger }),
  });
  return { ready: consumer.ready, stop: () => consumer.stop() };
}

/** stop() was called: the batch ends here, unacknowledged, and the next run receives the rest again. */
class StopRequested extends Error {
  override readonly name = 'StopRequested';
}

function fromEventStore(options: EventStoreSourceOptions): OrderEventConsumer {
  const retry = options.retry ?? defaultRetry;
  validateRetryPolicy(retry);
  const dedupe = dedupeTableSql(options.dedupeTable ?? defaultDedupeTable);
  const deadLetters = dedupeTableSql(options.deadLetterTable ?? defaultDeadLetterTable);
  const logger = options.logger ?? silent;
  const { name, pool, handler } = options;
  const log = { consumer: name, source: 'event-store' };
  // Events dead-lettered by this run: a batch delivered again (after an infrastructure error)
  // does not run their handler through all its attempts a second time.
  const deadLettered = new Set<string>();

  let stopping = false;
  const wakers = new Set<() => void>();
  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const wake = () => {
        clearTimeout(timer);
        wakers.delete(wake);
        resolve();
      };
      const timer = setTimeout(wake, ms);
      wakers.add(wake);
    });

  type Outcome = { kind: 'applied' } | { kind: 'duplicate' } | { kind: 'failed'; error: unknown };

  /** One attempt in a fresh transaction: claim the event id, run the handler, commit. Infrastructure errors throw. */
  async function attempt(event: PublicOrderEvent): Promise<Outcome> {
    const tx = await pool.connect();
    let claimed: boolean;
    try {
      await tx.query('begin');
      claimed = await claimEvent(tx, dedupe, name, event.eventId);
    } catch (error) {
      await tx.query('rollback').catch(() => undefined);
      tx.release(true);
      throw error;
    }
    if (!claimed) {
      await tx.query('rollback').then(
        () => tx.release(),
        () => tx.release(true),
      );
      return { kind: 'duplicate' };
    }
    try {
      await handler(event, tx);
      await tx.query('commit');
      tx.release();
      return { kind: 'applied' };
    } catch (error) {
      const rolledBack = await tx.query('rollback').then(
        () => true,
        () => false,
      );
      tx.release(!rolledBack);
      return { kind: 'failed', error };
    }
  }

  async function deadLetter(
    stored: StoredEvent,
    reason: DeadLetterReason,
    error: string,
    attempts: number,
    event: unknown,
  ): Promise<void> {
    await recordDeadLetter(pool, deadLetters, {
      consumer: name,
      eventId: stored.eventId,
      position: stored.position,
      eventType: stored.type,
      reason,
      error,
      attempts,
      event,
    });
    deadLettered.add(stored.eventId);
    logger.warn({ ...log, eventId: stored.eventId, reason, error, attempts }, 'order event dead-lettered');
  }

  async function deliver(stored: StoredEvent): Promise<void> {
    if (deadLettered.has(stored.eventId)) return;
    let event: PublicOrderEvent;
    try {
      event = publicOrderEvent.parse(publicEventOf(stored));
    } catch (error) {
      // Its data is left out: the dead letter names the stored event, which stays in the store.
      const reference = {
        type: stored.type,
        schemaVersion: stored.schemaVersion,
        streamId: stored.streamId,
        streamVersion: String(stored.streamVersion),
      };
      const reason = error instanceof UnpublishableEventError ? 'decode-failed' : 'schema-invalid';
      await deadLetter(stored, reason, error instanceof Error ? error.message : String(error), 1, reference);
      return;
    }
    for (let attempts = 1; ; attempts += 1) {
      const outcome = await attempt(event);
      if (outcome.kind !== 'failed') return;
      const error = outcome.error instanceof Error ? outcome.error.message : String(outcome.error);
      if (attempts >= retry.maxAttempts) {
        await deadLetter(stored, 'handler-failed', error, attempts, event);
        return;
      }
      const delayMs = backoffDelay(attempts, retry);
      logger.warn(
        { ...log, eventId: event.eventId, attempt: attempts, delayMs, error },
        'handler failed; retrying',
      );
      await sleep(delayMs);
      if (stopping) throw new StopRequested();
    }
  }

  const subscription = createSubscription({
    name: `consumer:${name}`,
    store: options.store,
    mode: 'side-effect',
    batchSize: options.batchSize ?? 100,
    ...(options.pollIntervalMs === undefined ? {} : { pollIntervalMs: options.pollIntervalMs }),
    filter: { streamTypes: [orderStreamType] },
    retry: { initialDelayMs: 200, maxDelayMs: 10_000 },
    handler: async (events) => {
      for (const stored of events) {
        if (stopping) throw new StopRequested();
        await deliver(stored);
      }
    },
    onError: (error) => {
      if (!(error instanceof StopRequested))
        logger.error({ ...log, err: error }, 'order events not applied; the batch is delivered again');
    },
  });

  const ready = (async () => {
    await subscription.start();
    while (!subscription.status().active) {
      if (stopping) throw new Error('the consumer was stopped before it became active');
      await sleep(50);
    }
    logger.info(log, 'order event consumer active');
  })();
  ready.catch(() => undefined);

  let stopped: Promise<void> | null = null;
  return {
    ready,
    stop() {
      stopped ??= (async () => {
        stopping = true;
        for (const wake of Array.from(wakers)) wake();
        await ready.catch(() => undefined);
        await subscription.stop();
        logger.info(log, 'order event consumer stopped');
      })();
      return stopped;
    },
  };
}
