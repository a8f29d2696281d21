import { sql, type Kysely, type Transaction } from 'kysely';
import { compareAndSetCheckpoint, ensureCheckpoint, readCheckpoint, sameCheckpoint } from './checkpoints.ts';
import type { EventStore } from './store.ts';
import { createSubscriptionLoop, type CommonOptions } from './subscription-loop.ts';
import type { Checkpoint, ReadAllResult, StoredEvent } from './types.ts';

export type { CommonOptions } from './subscription-loop.ts';

/**
 * `read-model`: the handler writes through the transaction it is given, and the checkpoint
 * moves in that same transaction: each event is applied exactly once.
 */
export interface ReadModelSubscriptionOptions<DB> extends CommonOptions {
  mode: 'read-model';
  handler: (events: StoredEvent[], trx: Transaction<DB>) => Promise<void>;
}

/**
 * `side-effect`: the checkpoint moves after the handler succeeds, so a crash between the two
 * delivers the batch again (at-least-once). The handler must be idempotent.
 */
export interface SideEffectSubscriptionOptions extends CommonOptions {
  mode: 'side-effect';
  handler: (events: StoredEvent[]) => Promise<void>;
}

export type SubscriptionOptions<DB> = ReadModelSubscriptionOptions<DB> | SideEffectSubscriptionOptions;

export interface SubscriptionStatus {
  name: string;
  /** start() was called and stop() was not. */
  running: boolean;
  /** This instance holds the subscription's lock and is the one applying events. */
  active: boolean;
  checkpoint: Checkpoint | null;
  lastAppliedPosition: bigint | null;
  /** Events after the checkpoint (exact below 10 000, estimated from positions above). */
  lagEvents: number | null;
  /** Age of the oldest event not yet applied, in seconds (0 when caught up). */
  lagSeconds: number | null;
  eventsApplied: number;
  batchesApplied: number;
  /** Handler failures so far (each one retried). */
  handlerFailures: number;
  lastError: string | null;
  listening: boolean;
  listenReconnects: number;
  listenBackendPid: number | null;
  lockBackendPid: number | null;
}

export interface Subscription {
  start(): Promise<void>;
  /** Graceful: lets the batch being applied finish, then releases the lock and connections. */
  stop(): Promise<void>;
  status(): SubscriptionStatus;
}

class LostCheckpoint extends Error {}

const LAG_EXACT_LIMIT = 10_000;

/**
 * The two advisory-lock keys (namespace, name; each `hashtext`ed) that make one instance of a
 * subscription active: anything else that consumes the log under a subscription name takes the
 * same lock, so it and a subscription of that name never run at once.
 */
export function subscriptionLockKeys(store: Pick<EventStore, 'schema'>, name: string): [string, string] {
  return ['event_store.subscription', `${store.schema}/${name}`];
}

/**
 * The lag of a subscription at `at`: events after it (exact below 10 000, estimated from
 * positions above) and the age in seconds of the oldest of them (0 when there is none).
 */
export async function measureLag(
  store: EventStore,
  at: Checkpoint,
): Promise<{ lagEvents: number; lagSeconds: number } | null> {
  const events = sql.id(store.schema, 'events');
  const { rows } = await sql<{ n: number; seconds: number | null; max_position: string | null }>`select
      (select count(*)::int from (select 1 from ${events} e
         where (e.transaction_id, e.position) > (${at.transactionId}::xid8, ${String(at.position)}::bigint)
         limit ${LAG_EXACT_LIMIT}) x) as n,
      (select extract(epoch from clock_timestamp() - e.created_at)::float8 from ${events} e
         where (e.transaction_id, e.position) > (${at.transactionId}::xid8, ${String(at.position)}::bigint)
         order by e.transaction_id, e.position limit 1) as seconds,
      (select max(position)::text from ${events}) as max_position`.execute(
    store.db as unknown as Kysely<never>,
  );
  const row = rows[0];
  if (!row) return null;
  return {
    lagEvents:
      row.n < LAG_EXACT_LIMIT
        ? row.n
        : Math.max(row.n, Number(BigInt(row.max_position ?? '0') - at.position)),
    lagSeconds: row.seconds ?? 0,
  };
}

/** A catch-up-then-live subscription to the store's global log; see README "Subscriptions". */
export function createSubscription<DB = Record<string, never>>(
  options: SubscriptionOptions<DB>,
): Subscription {
  const { store, name } = options;
  const lagRefreshMs = options.lagRefreshMs ?? 1_000;
  const db = store.db as unknown as Kysely<DB>;

  let checkpoint: Checkpoint | null = null;
  let lastAppliedPosition: bigint | null = null;
  let lagEvents: number | null = null;
  let lagSeconds: number | null = null;
  let lagCheckedAt = 0;
  let eventsApplied = 0;
  let batchesApplied = 0;
  let handlerFailures = 0;
  let lastError: string | null = null;

  async function refreshLag(force: boolean): Promise<void> {
    if (!checkpoint || (!force && Date.now() - lagCheckedAt < lagRefreshMs)) return;
    lagCheckedAt = Date.now();
    const lag = await measureLag(store, checkpoint);
    if (!lag) return;
    ({ lagEvents, lagSeconds } = lag);
  }

  /** Applies one batch and moves the checkpoint; throws LostCheckpoint if another instance moved it. */
  async function applyOnce(from: Checkpoint, page: ReadAllResult): Promise<void> {
    if (options.mode === 'read-model') {
      const handler = options.handler;
      await db.transaction().execute(async (trx) => {
        // The CAS goes first: it locks the checkpoint row, so a second instance blocks here and,
        // once we commit, finds the checkpoint moved and applies nothing.
        if (!(await compareAndSetCheckpoint(trx, store, name, from, page.checkpoint)))
          throw new LostCheckpoint();
        if (page.events.length > 0) await handler(page.events, trx);
      });
    } else {
      // No transaction is held open around side effects: it would hold back every reader's xmin.
      const current = await readCheckpoint(store, name);
      if (!current || !sameCheckpoint(current, from)) throw new LostCheckpoint();
      if (page.events.length > 0) await options.handler(page.events);
      if (!(await compareAndSetCheckpoint(db, store, name, from, page.checkpoint)))
        throw new LostCheckpoint();
    }
  }

  const loop = createSubscriptionLoop(options, name, [subscriptionLockKeys(store, name)], {
    forget() {
      checkpoint = null;
    },
    async load() {
      checkpoint = await ensureCheckpoint(store, name);
    },
    from: async () => checkpoint ?? (checkpoint = await ensureCheckpoint(store, name)),
    refreshLag,
    behind: () => (lagEvents ?? 0) > 0,
    applyOnce,
    attemptFailed(error, attempt, page) {
      if (error instanceof LostCheckpoint) throw error;
      handlerFailures += 1;
      lastError = error instanceof Error ? error.message : String(error);
      options.onError?.(error, { attempt, events: page.events });
    },
    applied(page) {
      checkpoint = page.checkpoint;
      lastAppliedPosition = page.checkpoint.position;
      eventsApplied += page.events.length;
      batchesApplied += 1;
      lastError = null;
    },
    async turnFailed(error) {
      if (error instanceof LostCheckpoint) {
        // Another instance advanced it: this one is not (or no longer) the active one.
        await loop.lock.release();
      } else {
        lastError = error instanceof Error ? error.message : String(error);
      }
    },
  });

  return {
    start: () => loop.start(),
    stop: () => loop.stop(),
    status: () => ({
      name,
      ...loop.state(),
      checkpoint,
      lastAppliedPosition,
      lagEvents,
      lagSeconds,
      eventsApplied,
      batchesApplied,
      handlerFailures,
      lastError,
      ...loop.connections(),
    }),
  };
}
