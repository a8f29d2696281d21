// A rebuild without downtime: replay the whole log into shadow tables (their own checkpoint,
// so a crashed rebuild resumes where it stopped), build their indexes, catch up with what was
// written meanwhile, and swap them in atomically. The API answers from the live tables until
// the swap, and the live projection goes on from the rebuild's checkpoint after it.
import type { EventStore, SubscriptionStatus } from '@orders/event-store';
import { projectionSubscription, shadowName, type ReadModelTables } from '@orders/read-models';
import { sql, type Kysely } from 'kysely';
import pg from 'pg';
import type { ProjectorProjection } from '../projections/index.ts';
import { createProgress } from './progress.ts';
import {
  analyzeShadows,
  buildShadowIndex,
  dropShadow,
  missingShadowIndexes,
  prepareShadow,
  rebuildCheckpointName,
  swapShadow,
} from './shadow.ts';

export interface RebuildOptions {
  store: EventStore;
  projector: ProjectorProjection;
  /** Start over even if a shadow of an earlier rebuild is there. */
  fresh?: boolean;
  /** Leave the filled shadow tables in place instead of swapping them in (tests compare them). */
  swap?: boolean;
  batchSize?: number;
  /** Where the progress bar goes; null for none. */
  progress?: (NodeJS.WritableStream & { isTTY?: boolean }) | null;
  /** Told about each phase. */
  log?: (line: string) => void;
}

export interface RebuildResult {
  resumed: boolean;
  /** Events replayed (scanned, all types) and how fast, in the replay phase. */
  replayedEvents: number;
  replaySeconds: number;
  indexSeconds: number;
  totalSeconds: number;
  /** The position the swapped-in tables (or the left shadow) are at. */
  position: bigint;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function logEnd(db: Kysely<ReadModelTables>): Promise<bigint> {
  const { rows } = await sql<{
    max: string | null;
  }>`select max(position)::text as max from event_store.events`.execute(db);
  return BigInt(rows[0]?.max ?? '0');
}

async function checkpointPosition(db: Kysely<ReadModelTables>, name: string): Promise<bigint> {
  const { rows } = await sql<{
    position: string;
  }>`select position::text from event_store.subscription_checkpoints
    where name = ${name}`.execute(db);
  return BigInt(rows[0]?.position ?? '0');
}

/** Replays into the shadows until they are within one batch of the log's end. */
async function catchUpShadow(
  options: RebuildOptions,
  db: Kysely<ReadModelTables>,
  label: string,
): Promise<{ from: bigint; to: bigint; seconds: number }> {
  const { projection } = options.projector;
  const batchSize = options.batchSize ?? options.projector.rebuildBatchSize;
  const name = rebuildCheckpointName(projection.name);
  const from = await checkpointPosition(db, name);
  const started = Date.now();
  const subscription = projectionSubscription(options.store, projection, {
    name,
    targets: Object.fromEntries(projection.tables.map((t) => [t, shadowName(t)])),
    batchSize,
    pollIntervalMs: 100,
    lockRetryMs: 100,
  });
  const progress =
    options.progress === null ? null : createProgress(label, options.progress ?? process.stderr);
  let end = await logEnd(db);
  let status: SubscriptionStatus = subscription.status();
  await subscription.start();
  try {
    for (let tick = 0; ; tick++) {
      await sleep(250);
      status = subscription.status();
      if (tick % 8 === 0) end = await logEnd(db);
      const done = status.checkpoint?.position ?? from;
      progress?.update({ done, total: end > done ? end : done });
      if (status.handlerFailures > 0 && status.lastError)
        options.log?.(`batch failed, retrying: ${status.lastError}`);
      // Caught up: the subscription found nothing more to read (its lag is then measured
      // exactly), or is within one batch under a steady stream of writes.
      if (status.active && status.lagEvents !== null && status.lagEvents < batchSize && status.checkpoint)
        break;
    }
  } finally {
    await subscription.stop();
  }
  const to = await checkpointPosition(db, name);
  progress?.done({ done: to, total: to > end ? to : end });
  return { from, to, seconds: (Date.now() - started) / 1000 };
}

/**
 * Rebuilds one projection (see the file comment). Holds a session lock so that two rebuilds
 * of the same projection never run at once.
 */
export async function rebuildProjection(options: RebuildOptions): Promise<RebuildResult> {
  const db = options.store.db as unknown as Kysely<ReadModelTables>;
  const { projection } = options.projector;
  const log = options.log ?? (() => undefined);
  const started = Date.now();
  const lock = new pg.Client(options.store.connectionConfig(`rebuild:${projection.name}`));
  await lock.connect();
  try {
    const { rows } = await lock.query<{ ok: boolean }>('select pg_try_advisory_lock(hashtext($1)) as ok', [
      `read_model.rebuild/${projection.name}`,
    ]);
    if (!rows[0]?.ok) throw new Error(`a rebuild of ${projection.name} is already running`);
    const state = await prepareShadow(db, projection, { fresh: options.fresh ?? false });
    log(
      state === 'resumed'
        ? `resuming the rebuild of ${projection.name} at position ${await checkpointPosition(db, rebuildCheckpointName(projection.name))}`
        : `rebuilding ${projection.name} into ${projection.tables.map(shadowName).join(', ')}`,
    );
    const replay = await catchUpShadow(options, db, `${projection.name} replay`);
    const indexStarted = Date.now();
    const missing = await missingShadowIndexes(db, projection);
    for (const [i, index] of missing.entries()) {
      log(`building index ${index.name} (${i + 1}/${missing.length})`);
      await buildShadowIndex(db, index.statement);
    }
    log('analyzing');
    await analyzeShadows(db, projection);
    const indexSeconds = (Date.now() - indexStarted) / 1000;
    const final = await catchUpShadow(options, db, `${projection.name} catch-up`);
    if (options.swap ?? true) {
      await swapShadow(db, projection);
      log(`swapped ${projection.tables.join(', ')} in at position ${final.to}`);
    }
    return {
      resumed: state === 'resumed',
      replayedEvents: Number(replay.to - replay.from),
      replaySeconds: replay.seconds,
      indexSeconds,
      totalSeconds: (Date.now() - started) / 1000,
      position: final.to,
    };
  } finally {
    await lock.end();
  }
}

export { dropShadow };
