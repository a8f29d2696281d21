import type pg from 'pg';

/** The dedupe table when none is named. */
export const defaultDedupeTable = 'consumer_dedupe';

const identifier = /^[a-z_][a-z0-9_]{0,62}$/;

/**
 * The table name quoted for SQL: `name` or `schema.name`, lower-case letters, digits and
 * underscores only (it is interpolated into statements, so nothing else is accepted).
 */
export function dedupeTableSql(table: string = defaultDedupeTable): string {
  const parts = table.split('.');
  if (parts.length > 2 || !parts.every((part) => identifier.test(part))) {
    throw new TypeError(
      `dedupe table "${table}" must be "name" or "schema.name" of lower-case letters, digits and underscores`,
    );
  }
  return parts.map((part) => `"${part}"`).join('.');
}

/**
 * Creates the dedupe table of {@link runConsumer} if it does not exist: one row per
 * (consumer group, event id) applied, with the time it was applied. Safe to run
 * concurrently and repeatedly.
 */
export async function migrateConsumerDedupe(
  pool: pg.Pool,
  table: string = defaultDedupeTable,
): Promise<void> {
  const name = dedupeTableSql(table);
  const client = await pool.connect();
  try {
    await client.query('begin');
    // `create table if not exists` races with itself; one migration at a time.
    await client.query('select pg_advisory_xact_lock(hashtext($1))', [`messaging-dedupe:${table}`]);
    await client.query(`
      create table if not exists ${name} (
        consumer_group text not null,
        event_id text not null,
        processed_at timestamptz not null default now(),
        primary key (consumer_group, event_id)
      )`);
    await client.query('commit');
  } catch (error) {
    await client.query('rollback').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

/**
 * Claims an event for a consumer group inside the caller's open transaction. True when
 * this transaction inserted the row (the event is new); false when it already existed
 * (a duplicate). A concurrent claim of the same event waits for the other transaction
 * and is a duplicate if that one commits.
 */
export async function claimEvent(
  tx: pg.PoolClient,
  tableSql: string,
  consumerGroup: string,
  eventId: string,
): Promise<boolean> {
  const result = await tx.query(
    `insert into ${tableSql} (consumer_group, event_id) values ($1, $2) on conflict do nothing`,
    [consumerGroup, eventId],
  );
  return result.rowCount === 1;
}

/**
 * Claims several events at once inside the caller's open transaction: the ids this
 * transaction inserted (new events). An id absent from the result was applied already (or
 * is claimed by a concurrent transaction, which this one waits for); an id listed twice is
 * inserted once.
 */
export async function claimEvents(
  tx: pg.PoolClient,
  tableSql: string,
  consumerGroup: string,
  eventIds: readonly string[],
): Promise<Set<string>> {
  const result = await tx.query<{ event_id: string }>(
    `insert into ${tableSql} (consumer_group, event_id)
       select $1, event_id from unnest($2::text[]) with ordinality as ids (event_id, n) order by n
     on conflict do nothing
     returning event_id`,
    [consumerGroup, eventIds],
  );
  return new Set(result.rows.map((row) => row.event_id));
}
