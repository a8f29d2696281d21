// How far a projection is: its checkpoint, and whether it has applied the event at a global
// position (what `?min_position=` waits for). The log is read in (transaction id, position)
// order, so "the checkpoint's position is ≥ p" alone does not prove that the event at p was
// applied: the event's own (transaction id, position) must be at or below the checkpoint.
import { sql, type QueryExecutorProvider } from 'kysely';

export interface ProjectionPosition {
  /** The checkpoint's position (0 before the first batch). */
  position: bigint;
  transactionId: string;
}

/** The checkpoint of the projection `name` (position 0 when it has none yet). */
export async function projectionPosition(
  db: QueryExecutorProvider,
  name: string,
): Promise<ProjectionPosition> {
  const { rows } = await sql<{
    position: string;
    transaction_id: string;
  }>`select position::text, transaction_id::text
    from event_store.subscription_checkpoints where name = ${name}`.execute(db);
  const row = rows[0];
  return row
    ? { position: BigInt(row.position), transactionId: row.transaction_id }
    : { position: 0n, transactionId: '0' };
}

/** True when the projection `name` has applied the event at `position` (or no committed event holds it). */
export async function projectionReached(
  db: QueryExecutorProvider,
  name: string,
  position: bigint,
): Promise<boolean> {
  const { rows } = await sql<{ reached: boolean }>`select
      c.position >= ${String(position)}::bigint
      and not exists (select 1 from event_store.events e where e.position = ${String(position)}::bigint
        and (e.transaction_id, e.position) > (c.transaction_id, c.position)) as reached
    from event_store.subscription_checkpoints c where c.name = ${name}`.execute(db);
  return rows[0]?.reached ?? false;
}

/**
 * Waits (polling every `intervalMs`) until the projection has applied `position`, at most
 * `timeoutMs`; answers whether it did and the checkpoint it reached.
 */
export async function waitForProjection(
  db: QueryExecutorProvider,
  name: string,
  position: bigint,
  options: { timeoutMs: number; intervalMs?: number },
): Promise<{ reached: boolean; at: ProjectionPosition }> {
  const deadline = Date.now() + options.timeoutMs;
  for (;;) {
    const reached = await projectionReached(db, name, position);
    if (reached || Date.now() >= deadline) return { reached, at: await projectionPosition(db, name) };
    await new Promise((resolve) =>
      setTimeout(resolve, Math.min(options.intervalMs ?? 25, deadline - Date.now())),
    );
  }
}
