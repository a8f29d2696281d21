// What the fault run checks in the run's database and on its Kafka topic once the load has
// stopped: acknowledged commands stored, read models equal to a rebuild, one Vigo order per
// vigo order, every event on the topic, and each event applied once by the connector.
import { migrateConsumerDedupe, runConsumer, type RunningConsumer } from '@orders/messaging';
import type pg from 'pg';
import { z } from 'zod';
import type { Ack } from './fault-load.ts';

/** The order streams' last global position (0 when there is none). */
export async function orderLogEnd(pool: pg.Pool): Promise<bigint> {
  const { rows } = await pool.query<{ end: string | null }>(
    `select max(position)::text as end from event_store.events where stream_id like 'order-%'`,
  );
  return BigInt(rows[0]?.end ?? '0');
}

/** Every stored order event's id and position. */
export async function orderEvents(pool: pg.Pool): Promise<Map<string, bigint>> {
  const { rows } = await pool.query<{ event_id: string; position: string }>(
    `select event_id::text, position::text from event_store.events where stream_id like 'order-%'`,
  );
  return new Map(rows.map((r) => [r.event_id, BigInt(r.position)]));
}

/**
 * Acknowledged commands whose events are not stored as answered: the event at the answered
 * position must be the order's, at the answered version, and the stream at least that far.
 */
export async function unstoredAcks(pool: pg.Pool, acks: readonly Ack[]): Promise<string[]> {
  const { rows: events } = await pool.query<{ position: string; stream_id: string; stream_version: string }>(
    `select position::text, stream_id, stream_version::text from event_store.events where position = any($1::bigint[])`,
    [acks.map((a) => a.position)],
  );
  const byPosition = new Map(events.map((e) => [e.position, e]));
  const { rows: streams } = await pool.query<{ stream_id: string; version: string }>(
    `select stream_id, version::text from event_store.streams where stream_id = any($1::text[])`,
    [[...new Set(acks.map((a) => `order-${a.orderId}`))]],
  );
  const versions = new Map(streams.map((s) => [s.stream_id, Number(s.version)]));
  const problems: string[] = [];
  for (const ack of acks) {
    const stream = `order-${ack.orderId}`;
    const event = byPosition.get(ack.position);
    const what = `${ack.command} on ${ack.orderId} (version ${ack.version}, position ${ack.position})`;
    if (!event) problems.push(`${what}: no event at that position`);
    else if (event.stream_id !== stream || Number(event.stream_version) !== ack.version)
      problems.push(`${what}: the position holds ${event.stream_id} version ${event.stream_version}`);
    if ((versions.get(stream) ?? 0) < ack.version)
      problems.push(`${what}: the stream is only at version ${versions.get(stream) ?? 'none'}`);
  }
  return problems;
}

/** Rows of each live read-model table its `__rebuild` shadow does not have, and the other way round. */
export async function readModelDifferences(
  pool: pg.Pool,
): Promise<Record<string, { onlyLive: number; onlyRebuilt: number; rows: number }>> {
  const { rows: tables } = await pool.query<{ table_name: string }>(
    `select table_name from information_schema.tables
      where table_schema = 'read_model' and table_name like '%\\_\\_rebuild'
        and table_type = 'BASE TABLE' order by table_name`,
  );
  const out: Record<string, { onlyLive: number; onlyRebuilt: number; rows: number }> = {};
  for (const { table_name: shadow } of tables) {
    const live = shadow.slice(0, -'__rebuild'.length);
    const l = `read_model."${live}"`;
    const r = `read_model."${shadow}"`;
    const { rows } = await pool.query<{ only_live: number; only_rebuilt: number; n: number }>(
      `select
         (select count(*)::int from (select * from ${l} except all select * from ${r}) a) as only_live,
         (select count(*)::int from (select * from ${r} except all select * from ${l}) b) as only_rebuilt,
         (select count(*)::int from ${l}) as n`,
    );
    out[live] = { onlyLive: rows[0]!.only_live, onlyRebuilt: rows[0]!.only_rebuilt, rows: rows[0]!.n };
  }
  return out;
}

/** The event ids a consumer group recorded in a dedupe table of `@orders/messaging`, with their count. */
export async function dedupedEventIds(
  pool: pg.Pool,
  table: string,
  group: string,
): Promise<{ ids: Set<string>; rows: number }> {
  const { rows } = await pool.query<{ event_id: string }>(
    `select event_id from ${table} where consumer_group = $1`,
    [group],
  );
  return { ids: new Set(rows.map((r) => r.event_id)), rows: rows.length };
}

/** Order events of the connector's acting user, per order: which status moves it made, in order. */
export async function connectorMoves(
  pool: pg.Pool,
  userId: string,
): Promise<Map<string, { type: string; to: string | null }[]>> {
  const { rows } = await pool.query<{ stream_id: string; type: string; to: string | null }>(
    `select stream_id, type, data->>'to' as to
       from event_store.events
      where stream_id like 'order-%' and data->>'actorId' = $1
        and type in ('OrderStatusChanged', 'LoadsDelivered', 'OrderDelivered', 'OrderCancelled', 'HandoverCreated')
      order by stream_id, stream_version`,
    [userId],
  );
  const out = new Map<string, { type: string; to: string | null }[]>();
  for (const row of rows) {
    const list = out.get(row.stream_id) ?? [];
    list.push({ type: row.type, to: row.to });
    out.set(row.stream_id, list);
  }
  return out;
}

/**
 * A consumer group of its own reading the relay's topic from the beginning: every record's
 * event id lands once in `table` (messaging's dedupe), copies are counted.
 */
export async function auditTopic(options: {
  brokers: string;
  topic: string;
  pool: pg.Pool;
  table: string;
  group: string;
}): Promise<{
  consumer: RunningConsumer;
  copies: () => number;
  records: () => number;
  deadLettered: () => number;
}> {
  await migrateConsumerDedupe(options.pool, options.table);
  let copies = 0;
  let records = 0;
  let deadLettered = 0;
  const consumer = runConsumer({
    brokers: options.brokers.split(','),
    groupId: options.group,
    topics: [options.topic],
    schema: z.looseObject({}),
    pool: options.pool,
    dedupe: { table: options.table },
    retry: { maxAttempts: 3, initialBackoffMs: 100, maxBackoffMs: 1_000 },
    fromBeginning: true,
    partitionsConsumedConcurrently: 2,
    clientId: 'faults-audit',
    onEvent: (event) => {
      if (event.type === 'applied') records += 1;
      if (event.type === 'duplicate') {
        records += 1;
        copies += 1;
      }
      if (event.type === 'dead-lettered') deadLettered += 1;
    },
    handler: async () => undefined,
  });
  return { consumer, copies: () => copies, records: () => records, deadLettered: () => deadLettered };
}
