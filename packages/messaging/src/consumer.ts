import type { EachBatchPayload, KafkaMessage } from 'kafkajs';
import type pg from 'pg';
import type { ZodType } from 'zod';
import { backoffDelay, retryTransient, validateRetryPolicy, type RetryPolicy } from './backoff.ts';
import { deadLetterRecord, defaultDeadLetterTopic, type DeadLetterReason } from './dead-letter.ts';
import { claimEvent, claimEvents, dedupeTableSql, defaultDedupeTable } from './dedupe.ts';
import { kafkaClient, toIncomingMessage } from './kafka-client.ts';
import { errorMessage, silentLogger, type MessagingLogger } from './logger.ts';
import { isRetriableClientError } from './errors.ts';
import { EventHeaders, type IncomingMessage } from './message.ts';
import { createRecordProducer } from './producer.ts';
import { createMissingTopics, describeTopics } from './topics.ts';

/** A message whose value was decoded and validated, as the handler receives it. */
export interface ConsumedMessage<T> {
  topic: string;
  partition: number;
  offset: string;
  key: string | null;
  headers: Record<string, string>;
  /** The record's timestamp in milliseconds since the epoch. */
  timestamp: number;
  /** The JSON value, parsed by the consumer's schema. */
  value: T;
  /** What the message is deduplicated by: its `event-id` header, else `<topic>/<partition>/<offset>`. */
  eventId: string;
}

/**
 * Applies one message. `tx` is a PostgreSQL client inside an open transaction that also
 * holds the dedupe row of the event: write the effect through `tx`, never commit or roll
 * back yourself; throw to fail the attempt (everything written through `tx` is undone).
 */
export type MessageHandler<T> = (message: ConsumedMessage<T>, tx: pg.PoolClient) => Promise<void>;

/** Where a consumer event happened. */
export interface MessagePosition {
  topic: string;
  partition: number;
  offset: string;
  eventId: string;
}

/** What a running consumer reports to its observer (metrics, tests). */
export type ConsumerEvent =
  | { type: 'assigned'; assignment: Record<string, number[]> }
  | { type: 'rebalancing' }
  | ({ type: 'applied'; attempts: number; ms: number } & MessagePosition)
  | ({ type: 'duplicate' } & MessagePosition)
  | ({ type: 'retrying'; attempt: number; delayMs: number; error: string } & MessagePosition)
  | ({
      type: 'dead-lettered';
      reason: DeadLetterReason;
      error: string;
      attempts: number;
      deadLetterTopic: string;
    } & MessagePosition)
  | { type: 'crashed'; error: string; restarting: boolean }
  | { type: 'stopped' };

export interface ConsumerOptions<T> {
  brokers: readonly string[];
  groupId: string;
  topics: readonly string[];
  /** Validates the JSON value of every message; a message it rejects is dead-lettered. */
  schema: ZodType<T>;
  /** The PostgreSQL of the handler's effects and of the dedupe table. */
  pool: pg.Pool;
  /** The dedupe table (default `consumer_dedupe`), created by {@link migrateConsumerDedupe}. */
  dedupe?: { table?: string };
  handler: MessageHandler<T>;
  retry: RetryPolicy;
  /** One dead-letter topic for all `topics`; default `<topic>.dlq` for each. */
  deadLetterTopic?: string;
  /** Where a group without committed offsets starts: the earliest message (default) or only new ones. */
  fromBeginning?: boolean;
  /** Partitions processed at the same time (default 1); each partition stays sequential. */
  partitionsConsumedConcurrently?: number;
  /**
   * Up to this many consecutive messages of a partition are applied in one PostgreSQL
   * transaction (default 1: a transaction per message). Each message still gets its own
   * dedupe row and its own handler call, in order; if any of them fails, the transaction is
   * rolled back and the messages are applied again one at a time, with the usual retries and
   * dead letters. Larger values cut the round trips and commits per message.
   */
  maxMessagesPerTransaction?: number;
  /** How long transient failures while starting (broker, topic leaders) are retried before `ready` rejects (default 60 s). */
  startTimeoutMs?: number;
  clientId?: string;
  logger?: MessagingLogger;
  onEvent?: (event: ConsumerEvent) => void;
}

export interface RunningConsumer {
  /** Resolves once the consumer joined its group and holds at least one partition; rejects if it cannot start. */
  ready: Promise<void>;
  /** Finishes the message in progress, commits the offsets of what was applied, leaves the group and disconnects. */
  stop(): Promise<void>;
}

/** PostgreSQL or the dead-letter topic failed: not the message's fault, so it is retried from Kafka, never dead-lettered. */
class InfrastructureError extends Error {
  override readonly name = 'InfrastructureError';
}

type Decoded<T> = { ok: true; value: T } | { ok: false; reason: DeadLetterReason; error: string };

/** Parses the value as JSON and validates it with the schema. */
export function decodeValue<T>(value: Buffer | null, schema: ZodType<T>): Decoded<T> {
  if (value === null) return { ok: false, reason: 'decode-failed', error: 'the message has no value' };
  let json: unknown;
  try {
    json = JSON.parse(value.toString('utf8'));
  } catch (error) {
    return { ok: false, reason: 'decode-failed', error: `the value is not JSON: ${errorMessage(error)}` };
  }
  try {
    const parsed = schema.safeParse(json);
    if (parsed.success) return { ok: true, value: parsed.data };
    const issues = parsed.error.issues.map(
      (i) => `${i.path.map(String).join('.') || '(value)'}: ${i.message}`,
    );
    return { ok: false, reason: 'schema-invalid', error: issues.join('; ') };
  } catch (error) {
    return { ok: false, reason: 'schema-invalid', error: errorMessage(error) };
  }
}

/** The id a message is deduplicated by: its `event-id` header, else its position. */
export function dedupeId(message: IncomingMessage): string {
  const header = message.headers[EventHeaders.eventId];
  return header ? header : `${message.topic}/${message.partition}/${message.offset}`;
}

/**
 * Consumes `topics` as `groupId` and applies each message with `handler` inside a
 * PostgreSQL transaction that also records the event id, so that a redelivered event is
 * applied once (at-least-once delivery, effectively once per event id). Poison messages
 * and messages whose handler keeps failing go to the dead-letter topic; offsets are
 * committed only for messages applied, skipped as duplicates or dead-lettered.
 */
export function runConsumer<T>(options: ConsumerOptions<T>): RunningConsumer {
  if (options.topics.length === 0) throw new TypeError('runConsumer needs at least one topic');
  validateRetryPolicy(options.retry);
  const perTransaction = options.maxMessagesPerTransaction ?? 1;
  if (!Number.isInteger(perTransaction) || perTransaction < 1)
    throw new TypeError('maxMessagesPerTransaction must be an integer of at least 1');
  const table = dedupeTableSql(options.dedupe?.table ?? defaultDedupeTable);
  const logger = options.logger ?? silentLogger;
  const { groupId, pool, handler, retry, schema } = options;
  const log = { groupId };

  const emit = (event: ConsumerEvent) => {
    try {
      options.onEvent?.(event);
    } catch (error) {
      logger.warn({ ...log, err: error }, 'consumer observer threw');
    }
  };

  const clientId = options.clientId ?? groupId;
  const kafka = kafkaClient({ brokers: options.brokers, clientId, logger: options.logger });
  const consumer = kafka.consumer({
    groupId,
    allowAutoTopicCreation: false,
    // A short long-poll keeps stop() prompt when the topics are idle.
    maxWaitTimeInMs: 1_000,
  });
  const deadLetters = createRecordProducer({
    brokers: options.brokers,
    clientId: `${clientId}-dlq`,
    ...(options.logger ? { logger: options.logger } : {}),
  });

  let stopping = false;
  const wakers = new Set<() => void>();

  let readySettled = false;
  const readiness = Promise.withResolvers<void>();
  const ready = readiness.promise;
  const resolveReady = () => {
    readySettled = true;
    readiness.resolve();
  };
  const rejectReady = (error: Error) => {
    if (readySettled) return;
    readySettled = true;
    readiness.reject(error);
  };
  // A caller that never awaits `ready` must not get an unhandled rejection.
  ready.catch(() => undefined);

  consumer.on(consumer.events.GROUP_JOIN, ({ payload }) => {
    const assignment = Object.fromEntries(
      Object.entries(payload.memberAssignment).map(([topic, partitions]) => [topic, [...partitions]]),
    );
    emit({ type: 'assigned', assignment });
    logger.info({ ...log, assignment }, 'consumer joined its group');
    if (Object.values(assignment).some((partitions) => partitions.length > 0)) resolveReady();
  });
  consumer.on(consumer.events.REBALANCING, () => {
    emit({ type: 'rebalancing' });
    logger.info(log, 'consumer group is rebalancing');
  });
  consumer.on(consumer.events.CRASH, ({ payload }) => {
    const error = errorMessage(payload.error);
    emit({ type: 'crashed', error, restarting: payload.restart });
    logger.error({ ...log, err: payload.error, restarting: payload.restart }, 'consumer crashed');
    if (!payload.restart) rejectReady(payload.error);
  });

  /** Waits `ms`, heartbeating; false when stop() cut the wait short. */
  async function pause(ms: number, heartbeat: () => Promise<void>): Promise<boolean> {
    const until = Date.now() + ms;
    for (;;) {
      if (stopping || Date.now() >= until) break;
      await new Promise<void>((resolve) => {
        const wake = () => {
          clearTimeout(timer);
          wakers.delete(wake);
          resolve();
        };
        const timer = setTimeout(wake, Math.min(1_000, until - Date.now()));
        wakers.add(wake);
      });
      if (!stopping) await heartbeat();
    }
    return !stopping;
  }

  async function deadLetter(
    incoming: IncomingMessage,
    eventId: string,
    reason: DeadLetterReason,
    error: string,
    attempts: number,
  ): Promise<void> {
    const topic = options.deadLetterTopic ?? defaultDeadLetterTopic(incoming.topic);
    const record = deadLetterRecord(incoming, {
      topic,
      consumerGroup: groupId,
      reason,
      error,
      attempts,
      failedAt: new Date(),
    });
    try {
      await deadLetters.send([record]);
    } catch (cause) {
      throw new InfrastructureError(
        `cannot publish to the dead-letter topic ${topic}: ${errorMessage(cause)}`,
        {
          cause,
        },
      );
    }
    const position = {
      topic: incoming.topic,
      partition: incoming.partition,
      offset: incoming.offset,
      eventId,
    };
    emit({ type: 'dead-lettered', ...position, reason, error, attempts, deadLetterTopic: topic });
    logger.warn(
      { ...log, ...position, reason, error, attempts, deadLetterTopic: topic },
      'message dead-lettered',
    );
  }

  type Attempt = { kind: 'applied' } | { kind: 'duplicate' } | { kind: 'failed'; error: unknown };

  /** One attempt in a fresh transaction: claim the event id, run the handler, commit. */
  async function attempt(message: ConsumedMessage<T>): Promise<Attempt> {
    let tx: pg.PoolClient;
    try {
      tx = await pool.connect();
    } catch (cause) {
      throw new InfrastructureError(`cannot connect to PostgreSQL: ${errorMessage(cause)}`, { cause });
    }
    let claimed: boolean;
    try {
      await tx.query('begin');
      claimed = await claimEvent(tx, table, groupId, message.eventId);
    } catch (cause) {
      await tx.query('rollback').catch(() => undefined);
      tx.release(true);
      throw new InfrastructureError(
        `cannot record event ${message.eventId} in ${table}: ${errorMessage(cause)}`,
        {
          cause,
        },
      );
    }
    if (!claimed) {
      // Already applied by this group: the transaction ends having written nothing.
      await tx.query('rollback').then(
        () => tx.release(),
        () => tx.release(true),
      );
      return { kind: 'duplicate' };
    }
    try {
      await handler(message, tx);
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

  /** The message as the handler receives it, or null for a poison message (dead-lettered on its own). */
  function decodeMessage(incoming: IncomingMessage): ConsumedMessage<T> | null {
    const decoded = decodeValue(incoming.value, schema);
    if (!decoded.ok) return null;
    return {
      topic: incoming.topic,
      partition: incoming.partition,
      offset: incoming.offset,
      key: incoming.key,
      headers: incoming.headers,
      timestamp: incoming.timestamp,
      value: decoded.value,
      eventId: dedupeId(incoming),
    };
  }

  /**
   * Applies consecutive messages in one transaction: claims their event ids in one statement,
   * runs the handler for each new one, in order, and commits. False (everything rolled back)
   * when a handler or the commit failed. Throws InfrastructureError when PostgreSQL cannot be
   * reached or the claim fails.
   */
  async function applyGroup(messages: readonly ConsumedMessage<T>[]): Promise<boolean> {
    const started = performance.now();
    let tx: pg.PoolClient;
    try {
      tx = await pool.connect();
    } catch (cause) {
      throw new InfrastructureError(`cannot connect to PostgreSQL: ${errorMessage(cause)}`, { cause });
    }
    let claimed: Set<string>;
    try {
      await tx.query('begin');
      claimed = await claimEvents(
        tx,
        table,
        groupId,
        messages.map((m) => m.eventId),
      );
    } catch (cause) {
      await tx.query('rollback').catch(() => undefined);
      tx.release(true);
      throw new InfrastructureError(
        `cannot record ${messages.length} events in ${table}: ${errorMessage(cause)}`,
        { cause },
      );
    }
    const applied: ConsumedMessage<T>[] = [];
    const duplicates: ConsumedMessage<T>[] = [];
    try {
      for (const message of messages) {
        // An event id listed twice is claimed once: its second message is a duplicate.
        if (claimed.delete(message.eventId)) {
          await handler(message, tx);
          applied.push(message);
        } else duplicates.push(message);
      }
      await tx.query(applied.length > 0 ? 'commit' : 'rollback');
      tx.release();
    } catch (error) {
      const rolledBack = await tx.query('rollback').then(
        () => true,
        () => false,
      );
      tx.release(!rolledBack);
      logger.warn(
        {
          ...log,
          topic: messages[0]?.topic,
          partition: messages[0]?.partition,
          messages: messages.length,
          err: error,
        },
        'a transaction of several messages failed; applying them one at a time',
      );
      return false;
    }
    const ms = performance.now() - started;
    for (const message of applied) emit({ type: 'applied', ...positionOf(message), attempts: 1, ms });
    for (const message of duplicates) {
      emit({ type: 'duplicate', ...positionOf(message) });
      logger.debug({ ...log, ...positionOf(message) }, 'duplicate event skipped');
    }
    return true;
  }

  const positionOf = (message: ConsumedMessage<T>): MessagePosition => ({
    topic: message.topic,
    partition: message.partition,
    offset: message.offset,
    eventId: message.eventId,
  });

  /**
   * Takes one message to its end: applied, duplicate or dead-lettered ('done'), or left
   * for a later delivery when stop() interrupts its retries ('abandoned'). Throws
   * InfrastructureError (and the client's rebalance errors) without finishing it.
   */
  async function processMessage(
    incoming: IncomingMessage,
    heartbeat: () => Promise<void>,
  ): Promise<'done' | 'abandoned'> {
    const eventId = dedupeId(incoming);
    const position = {
      topic: incoming.topic,
      partition: incoming.partition,
      offset: incoming.offset,
      eventId,
    };
    const decoded = decodeValue(incoming.value, schema);
    if (!decoded.ok) {
      await deadLetter(incoming, eventId, decoded.reason, decoded.error, 1);
      return 'done';
    }
    const message: ConsumedMessage<T> = {
      topic: incoming.topic,
      partition: incoming.partition,
      offset: incoming.offset,
      key: incoming.key,
      headers: incoming.headers,
      timestamp: incoming.timestamp,
      value: decoded.value,
      eventId,
    };
    for (let attempts = 1; ; attempts += 1) {
      const started = performance.now();
      const result = await attempt(message);
      if (result.kind === 'applied') {
        emit({ type: 'applied', ...position, attempts, ms: performance.now() - started });
        return 'done';
      }
      if (result.kind === 'duplicate') {
        emit({ type: 'duplicate', ...position });
        logger.debug({ ...log, ...position }, 'duplicate event skipped');
        return 'done';
      }
      const error = errorMessage(result.error);
      if (attempts >= retry.maxAttempts) {
        await deadLetter(incoming, eventId, 'handler-failed', error, attempts);
        return 'done';
      }
      const delayMs = backoffDelay(attempts, retry);
      emit({ type: 'retrying', ...position, attempt: attempts, delayMs, error });
      logger.warn(
        { ...log, ...position, attempt: attempts, delayMs, err: result.error },
        'handler failed; retrying',
      );
      if (!(await pause(delayMs, heartbeat))) return 'abandoned';
    }
  }

  // eachBatch rather than eachMessage: the offset of a message is resolved only after its
  // transaction committed (or it was dead-lettered), and the loop can stop between two
  // messages or groups of messages (stop(), rebalance) without resolving the rest of the
  // batch. A group's offsets are resolved at once, after its one commit. Offsets resolved
  // are committed by the client every 100 messages, at the end of each batch, before a
  // rebalance and on stop(); nothing unresolved is ever committed.
  async function eachBatch({
    batch,
    resolveOffset,
    heartbeat,
    isRunning,
    isStale,
    commitOffsetsIfNecessary,
  }: EachBatchPayload): Promise<void> {
    const halted = () => stopping || !isRunning() || isStale();
    const finished = async (raw: KafkaMessage) => {
      resolveOffset(raw.offset);
      await commitOffsetsIfNecessary();
      await heartbeat();
    };
    /** Runs `step`, logging an infrastructure failure before it ends the batch. */
    const logged = async <R>(offset: string, step: () => Promise<R>): Promise<R> => {
      try {
        return await step();
      } catch (error) {
        if (error instanceof InfrastructureError) {
          logger.error(
            { ...log, topic: batch.topic, partition: batch.partition, offset, err: error },
            'message not processed; it will be fetched again',
          );
        }
        throw error;
      }
    };
    /** One message in its own transaction(s); false when stop() abandoned it. */
    const one = async (raw: KafkaMessage): Promise<boolean> => {
      const incoming = toIncomingMessage(batch.topic, batch.partition, raw);
      if ((await logged(raw.offset, () => processMessage(incoming, heartbeat))) === 'abandoned') return false;
      await finished(raw);
      return true;
    };

    const messages = batch.messages;
    for (let i = 0; i < messages.length;) {
      if (halted()) return;
      if (perTransaction > 1) {
        // The next run of decodable messages, up to perTransaction; a poison message ends it.
        const group: { raw: KafkaMessage; message: ConsumedMessage<T> }[] = [];
        for (let j = i; j < messages.length && group.length < perTransaction; j += 1) {
          const raw = messages[j]!;
          const message = decodeMessage(toIncomingMessage(batch.topic, batch.partition, raw));
          if (!message) break;
          group.push({ raw, message });
        }
        if (group.length > 1) {
          const last = group.at(-1)!.raw;
          if (await logged(group[0]!.raw.offset, () => applyGroup(group.map((g) => g.message)))) {
            await finished(last);
            i += group.length;
            continue;
          }
          for (const { raw } of group) {
            if (halted() || !(await one(raw))) return;
            i += 1;
          }
          continue;
        }
      }
      if (!(await one(messages[i]!))) return;
      i += 1;
    }
  }

  async function deadLetterTopicSpecs() {
    const sources = await describeTopics(options.brokers, options.topics);
    const missing = options.topics.filter((t) => !sources.some((s) => s.name === t));
    if (missing.length > 0)
      throw new Error(`topics not found: ${missing.join(', ')} (provision them with ensureTopics)`);
    if (options.deadLetterTopic !== undefined) {
      const partitions = Math.max(...sources.map((s) => s.partitions));
      const replicationFactor = Math.max(...sources.map((s) => s.replicationFactor));
      return [{ name: options.deadLetterTopic, partitions, replicationFactor }];
    }
    return sources.map((s) => ({
      name: defaultDeadLetterTopic(s.name),
      partitions: s.partitions,
      replicationFactor: s.replicationFactor,
    }));
  }

  const started = (async () => {
    try {
      await pool.query(`select 1 from ${table} limit 0`);
    } catch (cause) {
      throw new Error(
        `the dedupe table ${table} is not there: run migrateConsumerDedupe() first (${errorMessage(cause)})`,
        {
          cause,
        },
      );
    }
    // A broker that is starting, or a topic whose partitions have no leader yet ("This server
    // does not host this topic-partition"), fails these steps for a while: transient errors are
    // retried with backoff for up to startTimeoutMs, so the process need not exit and restart.
    await retryTransient(
      async () => {
        const created = await createMissingTopics(options.brokers, await deadLetterTopicSpecs());
        if (created.length > 0) logger.info({ ...log, topics: created }, 'dead-letter topics created');
        if (stopping) return;
        await deadLetters.connect();
        await consumer.connect();
        await consumer.subscribe({
          topics: [...options.topics],
          fromBeginning: options.fromBeginning ?? true,
        });
      },
      {
        withinMs: options.startTimeoutMs ?? 60_000,
        retry: { initialBackoffMs: 250, maxBackoffMs: 5_000 },
        isTransient: isRetriableClientError,
        stopped: () => stopping,
        onRetry: (error, tries, delayMs) =>
          logger.warn(
            { ...log, err: errorMessage(error), attempt: tries, delayMs },
            'consumer start failed; retrying',
          ),
      },
    );
    if (stopping) return;
    await consumer.run({
      autoCommit: true,
      autoCommitThreshold: 100,
      eachBatchAutoResolve: false,
      partitionsConsumedConcurrently: options.partitionsConsumedConcurrently ?? 1,
      eachBatch,
    });
  })();
  started.catch((error: unknown) => {
    logger.error({ ...log, err: error }, 'consumer did not start');
    rejectReady(error instanceof Error ? error : new Error(errorMessage(error)));
  });

  let stopped: Promise<void> | null = null;
  return {
    ready,
    stop() {
      stopped ??= (async () => {
        stopping = true;
        const sleeping = Array.from(wakers);
        for (const wake of sleeping) wake();
        await started.catch(() => undefined);
        try {
          // The client waits for the batch in progress (which ends after its current
          // message), commits the resolved offsets and leaves the group.
          await consumer.disconnect();
        } finally {
          await deadLetters.disconnect();
          rejectReady(new Error('the consumer was stopped before it was assigned partitions'));
          emit({ type: 'stopped' });
          logger.info(log, 'consumer stopped');
        }
      })();
      return stopped;
    },
  };
}
