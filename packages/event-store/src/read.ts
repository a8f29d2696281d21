import { sql, type Kysely, type RawBuilder } from 'kysely';
import { eventColumns, toStoredEvent, type EventRow } from './rows.ts';
import type { UpcasterRegistry } from './upcasters.ts';
import type { ReadAllOptions, ReadAllResult, ReadStreamOptions, ReadStreamResult } from './types.ts';
import { START_CHECKPOINT } from './types.ts';

export interface Tables {
  events: RawBuilder<unknown>;
  streams: RawBuilder<unknown>;
  keys: RawBuilder<unknown>;
}

/** One stream's events by version, forward or backward, optionally as of an instant. */
export async function readStream(
  db: Kysely<never>,
  tables: Tables,
  upcasters: UpcasterRegistry,
  streamId: string,
  options: ReadStreamOptions = {},
): Promise<ReadStreamResult> {
  const backward = options.direction === 'backward';
  const lower = backward ? options.toVersion : options.fromVersion;
  const upper = backward ? options.fromVersion : options.toVersion;
  const { rows } = await sql<EventRow>`select ${eventColumns(tables.keys)} from ${tables.events} e
    where e.stream_id = ${streamId}
      ${lower === undefined ? sql`` : sql`and e.stream_version >= ${String(lower)}::bigint`}
      ${upper === undefined ? sql`` : sql`and e.stream_version <= ${String(upper)}::bigint`}
      ${options.until === undefined ? sql`` : sql`and e.created_at <= ${options.until}`}
    order by e.stream_version ${backward ? sql`desc` : sql`asc`}
    ${options.maxCount === undefined ? sql`` : sql`limit ${options.maxCount}`}`.execute(db);
  const stream = await sql<{
    version: string;
    archived: boolean;
  }>`select version, archived_at is not null as archived
    from ${tables.streams} where stream_id = ${streamId}`.execute(db);
  const info = stream.rows[0];
  return {
    streamId,
    exists: info !== undefined && (BigInt(info.version) > 0n || rows.length > 0),
    archived: info?.archived ?? false,
    version: info ? BigInt(info.version) : 0n,
    events: rows.map((row) => toStoredEvent(row, upcasters)),
  };
}

/**
 * The global log after a checkpoint, gap-safe: only events of transactions older than every
 * transaction still running (`transaction_id < xmin` of the current snapshot) are visible, and
 * they are read in (transaction_id, position) order. Such transactions can no longer commit
 * anything, so nothing can later appear before the returned checkpoint.
 */
export async function readAll(
  db: Kysely<never>,
  tables: Tables,
  upcasters: UpcasterRegistry,
  options: ReadAllOptions,
): Promise<ReadAllResult> {
  const after = options.after ?? START_CHECKPOINT;
  const streamTypes = options.filter?.streamTypes;
  const eventTypes = options.filter?.eventTypes;
  const conditions: RawBuilder<unknown>[] = [];
  if (streamTypes) conditions.push(sql`st.stream_type = any(${[...streamTypes]}::text[])`);
  if (eventTypes) conditions.push(sql`e.type = any(${[...eventTypes]}::text[])`);
  const filtered = conditions.length > 0;
  const matched = filtered ? sql.join(conditions, sql` and `) : sql`true`;
  const { rows } = await sql<
    EventRow & { matched: boolean }
  >`select ${eventColumns(tables.keys)}, ${matched} as matched
    from ${tables.events} e
    ${streamTypes ? sql`left join ${tables.streams} st on st.stream_id = e.stream_id` : sql``}
    where (e.transaction_id, e.position) > (${after.transactionId}::xid8, ${String(after.position)}::bigint)
      and e.transaction_id < pg_snapshot_xmin(pg_current_snapshot())
    order by e.transaction_id, e.position
    limit ${options.maxCount}`.execute(db);
  const last = rows.at(-1);
  return {
    events: rows.filter((row) => row.matched).map((row) => toStoredEvent(row, upcasters)),
    checkpoint: last ? { transactionId: last.transaction_id, position: BigInt(last.position) } : after,
    scanned: rows.length,
  };
}
