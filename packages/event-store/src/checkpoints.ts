import { sql, type Kysely } from 'kysely';
import type { EventStore } from './store.ts';
import { START_CHECKPOINT, type Checkpoint } from './types.ts';

function table(store: EventStore) {
  return sql.id(store.schema, 'subscription_checkpoints');
}

interface CheckpointRow {
  transaction_id: string;
  position: string;
}

const toCheckpoint = (row: CheckpointRow): Checkpoint => ({
  transactionId: row.transaction_id,
  position: BigInt(row.position),
});

export function sameCheckpoint(a: Checkpoint, b: Checkpoint): boolean {
  return a.transactionId === b.transactionId && a.position === b.position;
}

/** Order of two checkpoints (or events) in the gap-safe log's (transaction id, position) order. */
export function compareCheckpoints(a: Checkpoint, b: Checkpoint): number {
  const ta = BigInt(a.transactionId);
  const tb = BigInt(b.transactionId);
  if (ta !== tb) return ta < tb ? -1 : 1;
  return a.position === b.position ? 0 : a.position < b.position ? -1 : 1;
}

/** The subscription's checkpoint, created at the start of the log when it has none. */
export async function ensureCheckpoint(store: EventStore, name: string): Promise<Checkpoint> {
  const db = store.db as unknown as Kysely<never>;
  await sql`insert into ${table(store)} (name) values (${name}) on conflict (name) do nothing`.execute(db);
  return (await readCheckpoint(store, name)) ?? START_CHECKPOINT;
}

export async function readCheckpoint(store: EventStore, name: string): Promise<Checkpoint | undefined> {
  const { rows } = await sql<CheckpointRow>`select transaction_id, position from ${table(store)}
    where name = ${name}`.execute(store.db as unknown as Kysely<never>);
  return rows[0] ? toCheckpoint(rows[0]) : undefined;
}

/**
 * Moves the checkpoint from `expected` to `next` only if it is still at `expected`: of two
 * instances that read the same checkpoint, exactly one advances it. Under a concurrent
 * update, PostgreSQL re-checks the condition once the other transaction commits.
 */
export async function compareAndSetCheckpoint<DB>(
  executor: Kysely<DB>,
  store: EventStore,
  name: string,
  expected: Checkpoint,
  next: Checkpoint,
): Promise<boolean> {
  const result = await sql`update ${table(store)}
    set transaction_id = ${next.transactionId}::xid8, position = ${String(next.position)}::bigint, updated_at = now()
    where name = ${name}
      and (transaction_id, position) = (${expected.transactionId}::xid8, ${String(expected.position)}::bigint)`.execute(
    executor as unknown as Kysely<never>,
  );
  return result.numAffectedRows === 1n;
}

/** Puts a subscription back to `to` (default: the start of the log) to rebuild it; stop it first. */
export async function resetCheckpoint(
  store: EventStore,
  name: string,
  to: Checkpoint = START_CHECKPOINT,
): Promise<void> {
  await sql`insert into ${table(store)} (name, transaction_id, position)
    values (${name}, ${to.transactionId}::xid8, ${String(to.position)}::bigint)
    on conflict (name) do update set transaction_id = excluded.transaction_id, position = excluded.position,
      updated_at = now()`.execute(store.db as unknown as Kysely<never>);
}
