import type pg from 'pg';
import type { WireAppend, WireResult } from './append.ts';
import { quoteIdent } from './migrations/index.ts';

/**
 * The fast path of a batch of appends, one prepared statement: every append whose stream
 * passes its expected-version check (or is absent and may be created) gets its events in one
 * multi-row INSERT; the others write nothing and are left to `append_events()`, which tells a
 * conflict from an archived stream or a retried append. Streams must be unique within a batch.
 *
 * A retried append whose events are already stored fails the INSERT on `event_id` (unique):
 * the statement rolls back whole and the caller sends the batch to `append_events()` instead.
 */
export function fastAppendSql(schema: string): string {
  const s = quoteIdent(schema);
  return `
with input as (
  select * from jsonb_to_recordset($1::jsonb) as x(i int, s text, e text, t text, n text, c int, k text)
),
updated as (
  update ${s}.streams st set version = st.version + x.c, updated_at = now()
    from input x
   where st.stream_id = x.s
     -- the array probe keeps the plan on the primary key even when statistics are stale
     and st.stream_id = any(array(select s from input))
     and st.archived_at is null
     and case x.e when 'any' then true
                  when 'no_stream' then st.version = 0
                  when 'stream_exists' then st.version > 0
                  else st.version = x.e::bigint end
  returning x.i, st.version - x.c as base
),
created as (
  insert into ${s}.streams (stream_id, stream_type, tenant_id, version, stream_key)
  select x.s, x.t, x.n, x.c, x.k from input x
   where x.e in ('any', 'no_stream', '0') and not exists (select 1 from updated u where u.i = x.i)
   order by x.s
  on conflict (stream_id) do nothing
  returning stream_id
),
ok as (
  select u.i, u.base from updated u
  union all
  select x.i, 0::bigint from created c join input x on x.s = c.stream_id
),
written as (
  insert into ${s}.events (stream_id, stream_version, event_id, type, schema_version, data, metadata, personal)
  select x.s, ok.base + e.o, e.id, e.ty, e.sv, coalesce(e.d, 'null'::jsonb), coalesce(e.m, '{}'::jsonb),
         decode(e.p, 'base64')
    from jsonb_to_recordset($2::jsonb) as e(i int, o int, id uuid, ty text, sv int, d jsonb, m jsonb, p text)
    join ok on ok.i = e.i
    join input x on x.i = e.i
   order by e.i, e.o
  returning stream_id, stream_version, position
),
notified as (
  select pg_notify($3::text, '') from (select 1 from written limit 1) w where $3::text is not null
),
-- the positions of each stream, grouped once: a correlated subquery over \`written\` per append
-- scanned the whole batch once per append (quadratic: 6 of 7 ms for a batch of 32 creates)
positions as (
  select w.stream_id, array_agg(w.position::text order by w.stream_version) as p
    from written w group by w.stream_id
)
select ok.i, (ok.base + x.c)::text as v,
       coalesce(ps.p, '{}') as p,
       pg_current_xact_id_if_assigned()::text as x,
       (select count(*) from notified) as notified,
       case when $4 and (select count(*) from ok) < (select count(*) from input)
            then ${s}.refuse_partial_append() end as refused
  from ok join input x on x.i = ok.i
  left join positions ps on ps.stream_id = x.s`;
}

interface FastRow {
  i: number;
  v: string;
  p: string[];
  x: string | null;
}

/**
 * Runs the fast path; entries are undefined for appends it left to `append_events()`. With
 * `atomic`, an append left over makes the statement fail with SQLSTATE ES002 and write nothing.
 */
export async function fastAppend(
  client: pg.Pool | pg.PoolClient,
  statement: { name: string; text: string },
  items: readonly WireAppend[],
  channel: string | null,
  atomic: boolean,
): Promise<Array<WireResult | undefined>> {
  // Sorted by stream id, so that concurrent batches lock stream rows in one order.
  const input = items
    .map((item, i) => ({ i, s: item.s, e: item.e, t: item.t, n: item.n, c: item.ev.length, k: item.k }))
    .toSorted((a, b) => (a.s < b.s ? -1 : a.s > b.s ? 1 : 0));
  const events = items.flatMap((item, i) =>
    item.ev.map((event, o) => ({
      i,
      o: o + 1,
      id: event.id,
      ty: event.ty,
      sv: event.sv,
      d: event.d,
      m: event.m,
      p: event.p,
    })),
  );
  const { rows } = await client.query<FastRow>({
    name: statement.name,
    text: statement.text,
    values: [JSON.stringify(input), JSON.stringify(events), channel, atomic],
  });
  const results: Array<WireResult | undefined> = items.map(() => undefined);
  for (const row of rows) results[row.i] = { r: 'ok', v: row.v, p: row.p, x: row.x };
  return results;
}

/**
 * The fast path of a lone append to a stream that must already exist (expected version > 0 or
 * `stream_exists`): one UPDATE of the stream row and one INSERT, nothing else. A stream that
 * fails the check writes nothing, returns no row, and is left to `append_events()`.
 */
export function existingStreamAppendSql(schema: string): string {
  const s = quoteIdent(schema);
  return `
with updated as (
  update ${s}.streams set version = version + $2::int, updated_at = now()
   where stream_id = $1 and archived_at is null
     and case $3::text when 'stream_exists' then version > 0 else version = $3::bigint end
  returning version - $2::int as base
),
written as (
  insert into ${s}.events (stream_id, stream_version, event_id, type, schema_version, data, metadata, personal)
  select $1, u.base + e.o, e.id, e.ty, e.sv, coalesce(e.d, 'null'::jsonb), coalesce(e.m, '{}'::jsonb), e.p
    from updated u,
         unnest($4::uuid[], $6::text[], $7::int[], $8::jsonb[], $9::jsonb[], $10::bytea[])
           with ordinality as e(id, ty, sv, d, m, p, o)
   order by e.o
  returning position, stream_version
),
notified as (
  select pg_notify($5::text, '') from (select 1 from written limit 1) w where $5::text is not null
)
select (u.base + $2::int)::text as v,
       array(select w.position::text from written w order by w.stream_version) as p,
       pg_current_xact_id_if_assigned()::text as x,
       (select count(*) from notified) as notified
  from updated u`;
}

/** Whether a lone append can take `existingStreamAppendSql`. */
export function targetsExistingStream(item: WireAppend): boolean {
  return item.e === 'stream_exists' || (/^\d+$/.test(item.e) && item.e !== '0');
}

/** Runs `existingStreamAppendSql`; undefined when the append was left to `append_events()`. */
export async function existingStreamAppend(
  client: pg.Pool | pg.PoolClient,
  statement: { name: string; text: string },
  item: WireAppend,
  channel: string | null,
): Promise<WireResult | undefined> {
  // Arrays rather than one jsonb document: no JSON wrapper to build here nor to take apart there.
  const { rows } = await client.query<FastRow>({
    name: statement.name,
    text: statement.text,
    values: [
      item.s,
      item.ev.length,
      item.e,
      item.ev.map((event) => event.id),
      channel,
      item.ev.map((event) => event.ty),
      item.ev.map((event) => event.sv),
      item.ev.map((event) => JSON.stringify(event.d)),
      item.ev.map((event) => JSON.stringify(event.m)),
      item.ev.map((event) => (event.p === null ? null : Buffer.from(event.p, 'base64'))),
    ],
  });
  const row = rows[0];
  return row ? { r: 'ok', v: row.v, p: row.p, x: row.x } : undefined;
}
