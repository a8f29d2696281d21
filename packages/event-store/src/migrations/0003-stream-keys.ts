/**
 * Stream keys: a second name for a stream, unique within its tenant and stream type (an order
 * number), written in the same transaction as the append that creates the stream, so that a
 * service needs no table of its own (and no second commit) to find a stream by it.
 *
 * The fast path (fast-append.ts) writes the key with the stream row. `append_events_keyed()`
 * is `append_events()` plus the key for every item it created (`r = 'ok'`, `k` given): one
 * statement, so the key and the events commit or roll back together. A key held by another
 * stream fails the statement on the unique index `streams_key` (SQLSTATE 23505).
 */
export function streamKeysSql(schema: string): string {
  return `
alter table ${schema}.streams add column stream_key text;
create unique index streams_key on ${schema}.streams (tenant_id, stream_type, stream_key)
  where stream_key is not null;

create function ${schema}.append_events_keyed(p_items jsonb, p_atomic boolean, p_channel text)
returns jsonb
language plpgsql
as $fn$
declare
  v_results jsonb;
begin
  v_results := ${schema}.append_events(p_items, p_atomic, p_channel);
  update ${schema}.streams st set stream_key = i.item->>'k'
    from jsonb_array_elements(p_items) with ordinality as i(item, ord)
   where i.item ? 'k'
     and st.stream_id = i.item->>'s'
     and st.stream_key is null
     and v_results->((i.ord - 1)::int)->>'r' = 'ok';
  return v_results;
end
$fn$;
`;
}
