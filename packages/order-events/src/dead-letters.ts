import {
  dedupeTableSql,
  migrateConsumerDedupe,
  defaultDedupeTable,
  type DeadLetterReason,
} from '@orders/messaging';
import type pg from 'pg';

/** Where an event-store-driven consumer records the events it gave up on (Kafka uses its dead-letter topic). */
export const defaultDeadLetterTable = 'order_event_dead_letters';

export interface ConsumerTables {
  /** The dedupe table (default `consumer_dedupe`, shared with Kafka consumers). */
  dedupeTable?: string;
  /** The dead-letter table of the event-store source (default `order_event_dead_letters`). */
  deadLetterTable?: string;
}

/**
 * Creates the tables an order event consumer needs, for either source: the dedupe table of
 * `runConsumer` and the dead-letter table of the event-store source. Idempotent.
 */
export async function migrateOrderEventConsumer(pool: pg.Pool, tables: ConsumerTables = {}): Promise<void> {
  await migrateConsumerDedupe(pool, tables.dedupeTable ?? defaultDedupeTable);
  const table = dedupeTableSql(tables.deadLetterTable ?? defaultDeadLetterTable);
  const client = await pool.connect();
  try {
    await client.query('begin');
    await client.query('select pg_advisory_xact_lock(hashtext($1))', [`order-events-dead-letters:${table}`]);
    await client.query(`
      create table if not exists ${table} (
        consumer text not null,
        event_id text not null,
        position bigint not null,
        event_type text not null,
        reason text not null,
        error text not null,
        attempts integer not null,
        event jsonb not null,
        failed_at timestamptz not null default now(),
        primary key (consumer, event_id)
      )`);
    await client.query('commit');
  } catch (error) {
    await client.query('rollback').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}

/** A dead-lettered event of the event-store source, as {@link readDeadLetters} returns it. */
export interface DeadLetter {
  consumer: string;
  eventId: string;
  position: bigint;
  eventType: string;
  reason: DeadLetterReason;
  error: string;
  attempts: number;
  /** The public event when it could be mapped, else the stored event's type, schema version and data. */
  event: unknown;
  failedAt: Date;
}

export async function recordDeadLetter(
  pool: pg.Pool,
  tableSql: string,
  letter: Omit<DeadLetter, 'failedAt'>,
): Promise<void> {
  await pool.query(
    `insert into ${tableSql} (consumer, event_id, position, event_type, reason, error, attempts, event)
     values ($1, $2, $3, $4, $5, $6, $7, $8)
     on conflict (consumer, event_id) do update
       set reason = excluded.reason, error = excluded.error, attempts = excluded.attempts, failed_at = now()`,
    [
      letter.consumer,
      letter.eventId,
      String(letter.position),
      letter.eventType,
      letter.reason,
      letter.error.slice(0, 2_000),
      letter.attempts,
      JSON.stringify(letter.event),
    ],
  );
}

/** The dead letters of `consumer` (the event-store source), oldest event first. */
export async function readDeadLetters(
  pool: pg.Pool,
  consumer: string,
  table: string = defaultDeadLetterTable,
): Promise<DeadLetter[]> {
  const { rows } = await pool.query<{
    consumer: string;
    event_id: string;
    position: string;
    event_type: string;
    reason: DeadLetterReason;
    error: string;
    attempts: number;
    event: unknown;
    failed_at: Date;
  }>(`select * from ${dedupeTableSql(table)} where consumer = $1 order by position`, [consumer]);
  return rows.map((r) => ({
    consumer: r.consumer,
    eventId: r.event_id,
    position: BigInt(r.position),
    eventType: r.event_type,
    reason: r.reason,
    error: r.error,
    attempts: r.attempts,
    event: r.event,
    failedAt: r.failed_at,
  }));
}
