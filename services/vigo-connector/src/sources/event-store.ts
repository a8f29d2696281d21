import { orderEventEnvelope, type OrderEventEnvelope } from '@orders/contracts';
import {
  compareAndSetCheckpoint,
  compareCheckpoints,
  createWakeups,
  ensureCheckpoint,
  subscriptionLockKeys,
  type Checkpoint,
  type EventStore,
  type StoredEvent,
} from '@orders/event-store';
import type { Logger } from '@orders/service-kit';
import type { Kysely } from 'kysely';
import pg from 'pg';
import type { OrderEventHandler, OrderEventSource } from './types.ts';

const orderStreamPrefix = 'order-';

/**
 * The envelope of a stored order event, built from its type, stream id, metadata and
 * position — the same fields the relay puts on Kafka. `data` is left empty: the connector
 * never reads the payload. Null for an event that is not an order event.
 */
export function envelopeOf(event: StoredEvent): OrderEventEnvelope | null {
  if (!event.streamId.startsWith(orderStreamPrefix)) return null;
  const metadata = event.metadata;
  const parsed = orderEventEnvelope.safeParse({
    eventId: event.eventId,
    type: event.type,
    schemaVersion: event.schemaVersion,
    orderId: event.streamId.slice(orderStreamPrefix.length),
    tenantId: metadata.tenantId,
    streamVersion: Number(event.streamVersion),
    position: event.position.toString(),
    occurredAt: event.createdAt.toISOString(),
    actorId: typeof metadata.actor === 'string' && metadata.actor !== '' ? metadata.actor : 'unknown',
    ...(typeof metadata.correlationId === 'string' ? { correlationId: metadata.correlationId } : {}),
    ...(typeof metadata.causationId === 'string' ? { causationId: metadata.causationId } : {}),
    data: {},
  });
  return parsed.success ? parsed.data : null;
}

/** The lowest mark still unfinished and the marks behind it, in log order. */
export interface CheckpointWindow {
  /** A point of the log read up to: everything up to it is handed out (no event to wait for at it). */
  read(at: Checkpoint): void;
  /** An event handed to its handler; returns the function that marks it finished. */
  start(at: Checkpoint): () => void;
  /** The furthest checkpoint with nothing unfinished at or before it. */
  safe(): Checkpoint;
  /** Events started and not finished. */
  readonly unfinished: number;
}

/**
 * The checkpoint of a continuous window: marks come in log order (events as they are
 * started, read ends as pages end) and finish in any order; the safe checkpoint is the last
 * mark of the finished prefix, so it never passes an unfinished event.
 */
export function createCheckpointWindow(from: Checkpoint): CheckpointWindow {
  let safe = from;
  let unfinished = 0;
  // Marks behind the first unfinished one, oldest first; `head` is the first not yet dropped.
  const marks: { at: Checkpoint; done: boolean }[] = [];
  let head = 0;
  const settle = () => {
    while (head < marks.length && marks[head]!.done) safe = marks[head++]!.at;
    if (head > 1024 && head * 2 > marks.length) {
      marks.splice(0, head);
      head = 0;
    }
  };
  const push = (at: Checkpoint, done: boolean) => {
    const last = marks.at(-1)?.at ?? safe;
    if (compareCheckpoints(at, last) < 0) throw new Error('checkpoint window: marks out of log order');
    const mark = { at, done };
    marks.push(mark);
    return mark;
  };
  return {
    read(at) {
      if (compareCheckpoints(at, marks.at(-1)?.at ?? safe) <= 0) return;
      push(at, true);
      settle();
    },
    start(at) {
      const mark = push(at, false);
      unfinished += 1;
      return () => {
        if (mark.done) return;
        mark.done = true;
        unfinished -= 1;
        settle();
      };
    },
    safe: () => safe,
    get unfinished() {
      return unfinished;
    },
  };
}

export interface EventStoreSourceOptions {
  store: EventStore;
  name: string;
  handler: OrderEventHandler;
  /** Handlers running at once (different orders; one order's events run one after another). */
  concurrency: number;
  logger: Logger;
  /** Read again after this long without a notification. */
  pollIntervalMs?: number;
  /** Events read and not finished at most (a slow order holds back the checkpoint, not the others). */
  windowSize?: number;
  /** How often the checkpoint is written while events finish. */
  checkpointIntervalMs?: number;
  retry?: { initialDelayMs: number; maxDelayMs: number };
}

/**
 * Order events straight from the event store, as a continuous window: the log is read
 * gap-safe (below every open transaction) after the checkpoint; each event starts as soon as
 * a handler slot is free and the previous event of its order has finished, whatever the
 * other orders do. The checkpoint moves to the end of the finished prefix (in
 * (transaction_id, position) order), so it never passes an unfinished event; after a crash
 * the events after it are handled again, which the handler's idempotence makes harmless
 * (at-least-once). A failing event is retried with backoff in place (its order waits, the
 * others go on). One instance is active per subscription name (a session advisory lock, the
 * same one the event store's subscriptions take); NOTIFY on the store's channel wakes it.
 */
export function createEventStoreSource(options: EventStoreSourceOptions): OrderEventSource {
  const { store, name, logger } = options;
  const pollIntervalMs = options.pollIntervalMs ?? 1_000;
  const windowSize = Math.max(options.windowSize ?? 1_000, options.concurrency);
  const pageSize = Math.min(500, windowSize);
  const checkpointIntervalMs = options.checkpointIntervalMs ?? 200;
  const retry = options.retry ?? { initialDelayMs: 200, maxDelayMs: 5_000 };
  const db = store.db as unknown as Kysely<never>;

  let running = false;
  // Read through a function: the loops below wait, and stop() changes it meanwhile.
  const isRunning = () => running;
  let loop: Promise<void> | null = null;
  let client: pg.Client | null = null;
  let lockHeld = false;
  let lastError: string | null = null;

  // Wake-ups: a notification, a finished event (a slot or window room freed), stop().
  const wakeups = createWakeups(isRunning);
  const { signal, sleep, pause } = wakeups;

  // Handler slots: at most `concurrency` handlers at once.
  let busy = 0;
  const queued: (() => void)[] = [];
  const acquire = () =>
    busy < options.concurrency
      ? ((busy += 1), Promise.resolve())
      : new Promise<void>((resolve) => queued.push(resolve));
  const release = () => {
    const next = queued.shift();
    if (next) next();
    else busy -= 1;
  };

  /** Handles one event until it succeeds (true) or the source stops (false). */
  async function handle(envelope: OrderEventEnvelope): Promise<boolean> {
    await acquire();
    try {
      for (let attempt = 1; ; attempt += 1) {
        if (!isRunning()) break;
        try {
          await options.handler(envelope);
          return true;
        } catch (error) {
          lastError = (error as Error).message;
          logger.warn(
            { err: lastError, attempt, eventId: envelope.eventId, orderId: envelope.orderId },
            'order event failed; retrying',
          );
          await pause(Math.min(retry.maxDelayMs, retry.initialDelayMs * 2 ** (attempt - 1)));
        }
      }
      return false;
    } finally {
      release();
    }
  }

  async function acquireLock(): Promise<boolean> {
    const next = new pg.Client(store.connectionConfig(`vigo-connector:${name}`));
    next.on('error', (error) => {
      logger.warn({ err: error.message }, 'event-store source connection failed');
      lockHeld = false;
      signal();
    });
    next.on('notification', signal);
    // The session ended (a restart, a failover): the lock went with it.
    next.on('end', () => {
      if (client === next) {
        lockHeld = false;
        signal();
      }
    });
    try {
      await next.connect();
      const { rows } = await next.query<{ locked: boolean }>(
        // The key of the event store's own subscriptions: one active instance, whichever kind.
        'select pg_try_advisory_lock(hashtext($1), hashtext($2)) as locked',
        subscriptionLockKeys(store, name),
      );
      if (!rows[0]?.locked) {
        await next.end();
        return false;
      }
      await next.query(`listen ${pg.escapeIdentifier(store.notifyChannel)}`);
      client = next;
      lockHeld = true;
      return true;
    } catch (error) {
      lastError = (error as Error).message;
      await next.end().catch(() => undefined);
      return false;
    }
  }

  /** One term as the active instance: reads and hands out events until stopped or the lock is lost. */
  async function serve(): Promise<void> {
    const from = await ensureCheckpoint(store, name);
    const window = createCheckpointWindow(from);
    const chains = new Map<string, Promise<void>>();
    let written = from;
    let readFrom = from;
    let heldBack = 0;
    let lastWrite = Date.now();
    let lost = false;
    // The window is full: a finished event wakes the reader.
    let full = false;

    const writeCheckpoint = async () => {
      const next = window.safe();
      if (compareCheckpoints(next, written) <= 0) return;
      if (!(await compareAndSetCheckpoint(db, store, name, written, next))) {
        // Another instance moved it: this one is no longer the active one.
        lost = true;
        return;
      }
      written = next;
      lastWrite = Date.now();
    };

    const idle = () => Promise.all(chains.values()).then(() => undefined);
    try {
      for (;;) {
        if (!isRunning() || !lockHeld || lost) break;
        if (Date.now() - lastWrite >= checkpointIntervalMs) await writeCheckpoint();
        const room = windowSize - window.unfinished;
        full = room <= 0;
        if (full) {
          wakeups.pending = false;
          await sleep(checkpointIntervalMs);
          continue;
        }
        const woken = wakeups.pending;
        wakeups.pending = false;
        const page = await store.readAll({
          after: readFrom,
          maxCount: Math.min(pageSize, room),
          filter: { streamTypes: ['order'] },
        });
        for (const event of page.events) {
          const at = { transactionId: event.transactionId, position: event.position };
          const envelope = envelopeOf(event);
          if (!envelope) {
            logger.warn({ eventId: event.eventId, type: event.type }, 'not an order event envelope; skipped');
            continue;
          }
          const finish = window.start(at);
          const previous = chains.get(envelope.orderId) ?? Promise.resolve();
          const chain: Promise<void> = previous
            .then(() => handle(envelope))
            .then((handled) => {
              // Finished only when handled: a stop in the middle leaves it unfinished.
              if (handled) finish();
            })
            .finally(() => {
              if (chains.get(envelope.orderId) === chain) chains.delete(envelope.orderId);
              if (full) signal();
            });
          chains.set(envelope.orderId, chain);
        }
        window.read(page.checkpoint);
        readFrom = page.checkpoint;
        if (page.scanned === Math.min(pageSize, room)) continue;
        if (page.scanned === 0 && woken) {
          // A notification came but nothing was visible yet: an older transaction still open
          // holds the new events back. Look again soon: 20 ms, doubling, up to the poll interval.
          heldBack = Math.min(heldBack === 0 ? 20 : heldBack * 2, pollIntervalMs);
          await pause(heldBack);
          wakeups.pending = true;
          continue;
        }
        heldBack = 0;
        await writeCheckpoint();
        // A short breath between partial reads, so that a busy log is read in pages, not event by event.
        await pause(10);
        await sleep(pollIntervalMs);
      }
    } finally {
      await idle();
      if (!lost) await writeCheckpoint().catch((error: Error) => (lastError = error.message));
    }
  }

  async function run(): Promise<void> {
    while (isRunning()) {
      try {
        if (!lockHeld && !(await acquireLock())) {
          await sleep(300);
          continue;
        }
        await serve();
      } catch (error) {
        lastError = (error as Error).message;
        logger.warn({ err: lastError }, 'event-store source failed; starting again');
        if (running) await pause(300);
      }
      if (!lockHeld || !running) await dropLock();
    }
  }

  async function dropLock(): Promise<void> {
    const held = client;
    client = null;
    lockHeld = false;
    // Ending the session releases the advisory lock and the LISTEN.
    await held?.end().catch(() => undefined);
  }

  return {
    kind: 'event-store',
    async start() {
      if (running) return;
      running = true;
      loop = run();
    },
    async stop() {
      if (!running) return;
      running = false;
      wakeups.stopAll();
      await loop;
      loop = null;
      await dropLock();
    },
    async check() {
      if (!running) throw new Error('event-store subscription is not running');
      if (lastError && !lockHeld) throw new Error(`event-store source: ${lastError}`);
    },
  };
}
