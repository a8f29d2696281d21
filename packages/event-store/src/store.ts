import { sql, type Kysely } from 'kysely';
import type pg from 'pg';
import {
  callAppendEvents,
  expectedOf,
  refusedDetail,
  sqlState,
  toAppendResult,
  toWireAppend,
  type Executor,
  type WireAppend,
  type WireResult,
} from './append.ts';
import { aggregateStream, type AggregateOptions, type AggregateResult } from './aggregate.ts';
import { StreamKeyTakenError } from './errors.ts';
import {
  clientConfig,
  kyselyFor,
  openPool,
  type AnyDatabase,
  type ConnectionSource,
  type SessionSettings,
} from './connection.ts';
import { GroupCommitter, type GroupCommitOptions } from './group-commit.ts';
import { Notifier } from './notifier.ts';
import { DEFAULT_SCHEMA } from './migrate.ts';
import { migrationsHash, quoteIdent } from './migrations/index.ts';
import {
  existingStreamAppend,
  existingStreamAppendSql,
  fastAppend,
  fastAppendSql,
  targetsExistingStream,
} from './fast-append.ts';
import { encryptPersonal, newDataKey } from './personal.ts';
import { readAll, readStream, type Tables } from './read.ts';
import { UpcasterRegistry } from './upcasters.ts';
import type {
  AppendManyItem,
  AppendOptions,
  AppendResult,
  NewEvent,
  ReadAllOptions,
  ReadAllResult,
  ReadStreamOptions,
  ReadStreamResult,
  Upcaster,
} from './types.ts';

export type EventStoreOptions = ConnectionSource & {
  /** PostgreSQL schema of the store's tables (default `event_store`). */
  schema?: string;
  /** Size of the pool the store opens from `connectionString` (default 10). */
  poolSize?: number;
  /** `application_name` of the store's connections (default `event-store`). */
  applicationName?: string;
  /** `idle_in_transaction_session_timeout` of the store's connections in ms (default 60 000). */
  idleInTransactionTimeoutMs?: number;
  /** Coalesce concurrent `append` calls into one transaction (default on). */
  groupCommit?: boolean;
  /** Most appends per group-commit transaction (default 256). */
  maxBatchSize?: number;
  /** Most events per group-commit transaction (default 10 000). */
  maxBatchEvents?: number;
  /**
   * Group-commit transactions in flight at once (default 1: with the NOTIFY inside the append
   * transaction, commits are serialised anyway, and one batch at a time makes the fullest
   * batches; measured best at 1 and 8 writers on the 2-core machine).
   */
  maxInFlightBatches?: number;
  /**
   * When appends wake subscribers: `'in-transaction'` (default) sends `pg_notify` inside each
   * append transaction (one per batch); `'after-commit'` sends it on its own statement after
   * the commit, folded to at most one per `notifyIntervalMs` (see notifier.ts).
   */
  notify?: 'in-transaction' | 'after-commit';
  /** Least time between two NOTIFYs sent after commits (default 2 ms). */
  notifyIntervalMs?: number;
  /** Called with errors of work done off the caller's path (snapshot writes). */
  onBackgroundError?: (error: unknown) => void;
};

export interface EventStore {
  readonly schema: string;
  readonly pool: pg.Pool;
  /** Kysely over the store's pool; every query of the store is raw `sql` against `schema`. */
  readonly db: Kysely<AnyDatabase>;
  /** The NOTIFY channel signalled once per committed append transaction. */
  readonly notifyChannel: string;
  /** Appends to one stream in one transaction, checking `expectedVersion`. */
  append(streamId: string, events: readonly NewEvent[], options: AppendOptions): Promise<AppendResult>;
  /**
   * Appends to many streams in one transaction, all or nothing: the first refused item throws
   * its error and nothing is written. With `transaction`, runs inside the caller's transaction.
   */
  appendMany<DB>(
    items: readonly AppendManyItem[],
    options?: { transaction?: Kysely<DB> },
  ): Promise<AppendResult[]>;
  readStream(streamId: string, options?: ReadStreamOptions): Promise<ReadStreamResult>;
  /** The stream created with this key (`AppendOptions.streamKey`) in the tenant and stream type, if any. */
  streamIdByKey(key: {
    tenantId: string;
    streamType: string;
    streamKey: string;
  }): Promise<string | undefined>;
  /** The global log after a checkpoint, gap-safe (see README). */
  readAll(options: ReadAllOptions): Promise<ReadAllResult>;
  /** Folds a stream into state, starting from a valid snapshot and writing one every N events. */
  aggregateStream<State>(streamId: string, options: AggregateOptions<State>): Promise<AggregateResult<State>>;
  /** Lifts `type`'s data from `fromSchemaVersion` to the next one on every read path. */
  registerUpcaster(type: string, fromSchemaVersion: number, upcaster: Upcaster): void;
  /** Soft delete: the events stay in the log, appends fail with StreamArchivedError. */
  archiveStream(streamId: string): Promise<void>;
  /** Crypto-shredding: deletes the stream's data key (and snapshots), so its personal data reads as `null`. */
  forgetStream(streamId: string): Promise<void>;
  /** Resolves when queued appends and background snapshot writes are done. */
  settled(): Promise<void>;
  /** Settles, then ends the pool when the store opened it. */
  close(): Promise<void>;
  /** Settings for a dedicated connection beside the pool (subscriptions' LISTEN and lock). */
  connectionConfig(role: string): pg.ClientConfig;
  /** Group-commit counters: batches sent and appends carried. */
  readonly groupCommitStats: { batches: number; appends: number };
}

/**
 * A unique violation on `streams_key` (the append's key is another stream's) as the typed
 * error, when `item` carries a key; otherwise undefined. Batches that fail on a key are
 * retried append by append (group-commit.ts), so the error reaches the append that caused it.
 */
function keyTaken(error: unknown, item: WireAppend): StreamKeyTakenError | undefined {
  if (item.k === undefined || sqlState(error) !== '23505') return undefined;
  const { constraint, detail } = error as { constraint?: unknown; detail?: unknown };
  if (constraint !== 'streams_key') return undefined;
  // DETAIL names the key: "Key (tenant_id, stream_type, stream_key)=(…, …, <key>) already exists."
  if (typeof detail === 'string' && !detail.includes(`, ${item.k}) already exists`)) return undefined;
  return new StreamKeyTakenError(item.s, item.k);
}

/** Opens an event store over PostgreSQL. Run `migrateEventStore` first. */
export function createEventStore(options: EventStoreOptions): EventStore {
  const schema = options.schema ?? DEFAULT_SCHEMA;
  const settings: SessionSettings = {
    applicationName: options.applicationName ?? 'event-store',
    idleInTransactionTimeoutMs: options.idleInTransactionTimeoutMs ?? 60_000,
  };
  const source: ConnectionSource =
    'pool' in options ? { pool: options.pool } : { connectionString: options.connectionString };
  const { pool, owned } = openPool(source, settings, options.poolSize ?? 10);
  const db = kyselyFor(pool);
  const raw = db as unknown as Kysely<never>;
  const tables: Tables = {
    events: sql.id(schema, 'events'),
    streams: sql.id(schema, 'streams'),
    keys: sql.id(schema, 'stream_keys'),
  };
  const snapshots = sql.id(schema, 'snapshots');
  // append_events() plus the stream keys of the streams it creates (migrations/0003-stream-keys.ts)
  const appendFn = `${quoteIdent(schema)}.append_events_keyed`;
  const notifyChannel = `${schema}_events`;
  const upcasters = new UpcasterRegistry();
  const background = new Set<Promise<void>>();
  const onBackgroundError = options.onBackgroundError ?? (() => undefined);

  const groupOptions: GroupCommitOptions = {
    maxBatchSize: options.groupCommit === false ? 1 : (options.maxBatchSize ?? 256),
    maxBatchEvents: options.maxBatchEvents ?? 10_000,
    maxInFlight: options.groupCommit === false ? Number.POSITIVE_INFINITY : (options.maxInFlightBatches ?? 1),
  };
  const fastStatement = {
    name: `event_store_fast_append_${migrationsHash()}_${schema}`,
    text: fastAppendSql(schema),
  };
  const existingStatement = {
    name: `event_store_existing_append_${migrationsHash()}_${schema}`,
    text: existingStreamAppendSql(schema),
  };

  /** Fast path for the batch, then `append_events()` for whatever it left (see fast-append.ts). */
  async function runBatch(items: readonly WireAppend[]): Promise<WireResult[]> {
    let fast: Array<WireResult | undefined>;
    try {
      const lone = items.length === 1 ? items[0] : undefined;
      fast =
        lone && targetsExistingStream(lone)
          ? [await existingStreamAppend(pool, existingStatement, lone, inTx)]
          : await fastAppend(pool, fastStatement, items, inTx, false);
    } catch (error) {
      if (sqlState(error) === undefined) throw error;
      fast = items.map(() => undefined);
    }
    const left = items.filter((_, index) => fast[index] === undefined);
    if (left.length > 0) {
      const careful = await callAppendEvents(raw, appendFn, left, false, inTx);
      let next = 0;
      fast = fast.map((result) => result ?? careful[next++]!);
    }
    if (fast.some((result) => result?.r === 'ok')) notified();
    return fast as WireResult[];
  }
  const committer = new GroupCommitter(runBatch, groupOptions);
  const afterCommit = options.notify === 'after-commit';
  const notifier = new Notifier(pool, notifyChannel, options.notifyIntervalMs ?? 2);
  /** The channel for statements that NOTIFY inside their transaction, or null after commit. */
  const inTx = afterCommit ? null : notifyChannel;
  const notified = () => {
    if (afterCommit) notifier.poke();
  };

  /** `append_events()` in atomic mode: the first refused append throws its typed error. */
  async function appendAtomically(
    executor: Executor,
    items: readonly WireAppend[],
    channel: string | null,
  ): Promise<WireResult[]> {
    try {
      return await callAppendEvents(executor, appendFn, items, true, channel);
    } catch (error) {
      const refused = refusedDetail(error);
      const item = refused ? items[refused.index] : undefined;
      if (refused && item) toAppendResult(item.s, expectedOf(item), refused.result);
      throw error;
    }
  }

  /**
   * appendMany on its own: the fast path in atomic mode (one statement, one commit); when it
   * refuses (an append left over, or a duplicate event id), nothing was written and
   * `append_events()` redoes the batch, telling which append failed and why.
   */
  async function appendManyOwnTransaction(items: readonly WireAppend[]): Promise<WireResult[]> {
    if (new Set(items.map((item) => item.s)).size === items.length) {
      try {
        const fast = await fastAppend(pool, fastStatement, items, inTx, true);
        if (fast.every((result) => result !== undefined)) {
          notified();
          return fast as WireResult[];
        }
      } catch (error) {
        if (sqlState(error) === undefined) throw error;
      }
    }
    const results = await appendAtomically(raw, items, inTx);
    notified();
    return results;
  }

  /** Seals each event's personal part with the stream's data key (created on first use). */
  async function sealPersonal(
    executor: Kysely<never>,
    streamId: string,
    events: readonly NewEvent[],
  ): Promise<Map<string, Buffer>> {
    const sealed = new Map<string, Buffer>();
    if (!events.some((event) => event.personal !== undefined)) return sealed;
    await sql`insert into ${tables.keys} (stream_id, key) values (${streamId}, ${newDataKey()})
      on conflict (stream_id) do nothing`.execute(executor);
    const { rows } = await sql<{
      key: Buffer;
    }>`select key from ${tables.keys} where stream_id = ${streamId}`.execute(executor);
    const key = rows[0]?.key;
    if (!key) throw new Error(`No data key for stream ${streamId}`);
    for (const event of events) {
      if (event.personal !== undefined) {
        sealed.set(
          event.eventId,
          encryptPersonal(key, streamId, event.eventId.toLowerCase(), event.personal),
        );
      }
    }
    return sealed;
  }

  async function toWire(executor: Kysely<never>, item: AppendManyItem): Promise<WireAppend> {
    const sealed = await sealPersonal(executor, item.streamId, item.events);
    return toWireAppend(
      item.streamId,
      item.events,
      item.expectedVersion,
      item.streamType,
      item.tenantId,
      sealed,
      item.streamKey,
    );
  }

  function track(work: Promise<void>): void {
    const tracked = work.catch(onBackgroundError).finally(() => background.delete(tracked));
    background.add(tracked);
  }

  const store: EventStore = {
    schema,
    pool,
    db,
    notifyChannel,
    groupCommitStats: committer.stats,

    async append(streamId, events, appendOptions) {
      const wire = await toWire(raw, { streamId, events: [...events], ...appendOptions });
      const result = await committer.submit(wire).catch((error: unknown) => {
        throw keyTaken(error, wire) ?? error;
      });
      return toAppendResult(streamId, appendOptions.expectedVersion, result);
    },

    async appendMany(items, manyOptions) {
      if (items.length === 0) return [];
      const caller = manyOptions?.transaction as unknown as Kysely<never> | undefined;
      const wire: WireAppend[] = [];
      for (const item of items) wire.push(await toWire(caller ?? raw, item));
      // In the caller's transaction the NOTIFY goes with it, delivered when it commits.
      const results = await (
        caller ? appendAtomically(caller, wire, notifyChannel) : appendManyOwnTransaction(wire)
      ).catch((error: unknown) => {
        throw wire.map((item) => keyTaken(error, item)).find((e) => e !== undefined) ?? error;
      });
      return items.map((item, index) => toAppendResult(item.streamId, item.expectedVersion, results[index]));
    },

    async streamIdByKey({ tenantId, streamType, streamKey }) {
      const { rows } = await sql<{ stream_id: string }>`select stream_id from ${tables.streams}
        where tenant_id = ${tenantId} and stream_type = ${streamType} and stream_key = ${streamKey}`.execute(
        raw,
      );
      return rows[0]?.stream_id;
    },

    readStream: (streamId, readOptions) => readStream(raw, tables, upcasters, streamId, readOptions),
    readAll: (readOptions) => readAll(raw, tables, upcasters, readOptions),

    aggregateStream: (streamId, aggregateOptions) =>
      aggregateStream(
        {
          read: (fromVersion, maxCount) =>
            readStream(raw, tables, upcasters, streamId, { fromVersion, maxCount }).then((r) => r.events),
          loadSnapshot: async () => {
            const { rows } = await sql<{
              stream_version: string;
              state_schema_version: number;
              state: unknown;
            }>`select stream_version, state_schema_version, state from ${snapshots}
              where stream_id = ${streamId}`.execute(raw);
            const row = rows[0];
            return row
              ? {
                  version: BigInt(row.stream_version),
                  stateSchemaVersion: row.state_schema_version,
                  state: row.state,
                }
              : undefined;
          },
          saveSnapshot: (snapshot) =>
            track(
              sql`insert into ${snapshots} (stream_id, stream_version, state_schema_version, state)
                values (${streamId}, ${String(snapshot.version)}::bigint, ${snapshot.stateSchemaVersion},
                        ${JSON.stringify(snapshot.state)}::jsonb)
                on conflict (stream_id) do update set stream_version = excluded.stream_version,
                  state_schema_version = excluded.state_schema_version, state = excluded.state, created_at = now()
                where ${snapshots}.stream_version < excluded.stream_version
                   or ${snapshots}.state_schema_version <> excluded.state_schema_version`
                .execute(raw)
                .then(() => undefined),
            ),
        },
        aggregateOptions,
      ),

    registerUpcaster: (type, fromSchemaVersion, upcaster) =>
      upcasters.register(type, fromSchemaVersion, upcaster),

    async archiveStream(streamId) {
      await sql`insert into ${tables.streams} (stream_id, version, archived_at) values (${streamId}, 0, now())
        on conflict (stream_id) do update set archived_at = coalesce(${tables.streams}.archived_at, now()),
          updated_at = now()`.execute(raw);
    },

    async forgetStream(streamId) {
      await db.transaction().execute(async (trx) => {
        const executor = trx as unknown as Kysely<never>;
        await sql`delete from ${tables.keys} where stream_id = ${streamId}`.execute(executor);
        // A snapshot may hold state folded from personal data: it goes with the key.
        await sql`delete from ${snapshots} where stream_id = ${streamId}`.execute(executor);
      });
    },

    async settled() {
      await committer.drained();
      await notifier.idle();
      while (background.size > 0) await Promise.all(background);
    },

    async close() {
      await store.settled();
      if (owned) await db.destroy();
    },

    connectionConfig: (role) => clientConfig(source, settings, role),
  };
  return store;
}
