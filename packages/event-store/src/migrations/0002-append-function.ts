/**
 * `append_events(items, atomic, channel)`: many appends in one round trip and one commit.
 *
 * Each item is `{ s: stream id, e: expected version ('any' | 'no_stream' | 'stream_exists' |
 * digits), t: stream type, n: tenant id, ev: [{ id, ty, sv, d, m, p }] }` and gets its own
 * result: `{ r: 'ok' | 'dup', v, p, x }`, `{ r: 'conflict', a }`, `{ r: 'archived' }` or
 * `{ r: 'mismatch', ids }`. Every check runs before the item writes anything, so a refused item
 * leaves no trace and needs no savepoint (a savepoint per item would give the transaction one
 * subtransaction id per item, and more than 64 of them overflow the snapshot cache of every
 * other backend). With `atomic`, the first refused item raises SQLSTATE `ES001` with the result
 * in DETAIL and the whole call rolls back. `channel` gets one NOTIFY when anything was written.
 */
export function appendFunctionSql(schema: string): string {
  return `
create function ${schema}.append_events(p_items jsonb, p_atomic boolean, p_channel text)
returns jsonb
language plpgsql
as $fn$
declare
  v_item jsonb;
  v_index int := 0;
  v_results jsonb := '[]'::jsonb;
  v_result jsonb;
  v_stream text;
  v_expected text;
  v_count int;
  v_version bigint;
  v_archived timestamptz;
  v_found boolean;
  v_written boolean := false;
  v_ids uuid[];
  v_matched int;
  v_same boolean;
  v_positions jsonb;
  v_tx text;
  v_last bigint;
begin
  for v_item in select value from jsonb_array_elements(p_items) loop
    v_stream := v_item->>'s';
    v_expected := v_item->>'e';
    v_count := jsonb_array_length(v_item->'ev');
    v_ids := array(select (x.v->>'id')::uuid from jsonb_array_elements(v_item->'ev') as x(v));
    v_result := null;

    loop
      select s.version, s.archived_at into v_version, v_archived
        from ${schema}.streams s where s.stream_id = v_stream for update;
      v_found := found;

      -- A retry of an append whose outcome the caller never learned: same event ids. The ids
      -- are probed through the unique index first; the full comparison runs only on a hit.
      if v_count > 0 and exists (select 1 from ${schema}.events e where e.event_id = any(v_ids)) then
        select count(e.position),
               coalesce(bool_and(e.stream_id = v_stream and e.type = x.v->>'ty' and e.data = x.v->'d'), false)
                 and count(distinct e.stream_version - x.ord) = 1
                 and count(distinct e.transaction_id) = 1,
               jsonb_agg(e.position::text order by x.ord),
               min(e.transaction_id::text),
               max(e.stream_version)
          into v_matched, v_same, v_positions, v_tx, v_last
          from jsonb_array_elements(v_item->'ev') with ordinality as x(v, ord)
          left join (select * from ${schema}.events where event_id = any(v_ids)) e
            on e.event_id = (x.v->>'id')::uuid;
        if v_matched = v_count and v_same then
          v_result := jsonb_build_object('r', 'dup', 'v', v_last::text, 'p', v_positions, 'x', v_tx);
        else
          select jsonb_build_object('r', 'mismatch', 'ids', jsonb_agg(e.event_id::text))
            into v_result
            from ${schema}.events e where e.event_id = any(v_ids);
        end if;
        exit;
      end if;

      if v_found and v_archived is not null then
        v_result := jsonb_build_object('r', 'archived');
        exit;
      end if;

      if not (case v_expected
                when 'any' then true
                when 'no_stream' then coalesce(v_version, 0) = 0
                when 'stream_exists' then v_found and v_version > 0
                else coalesce(v_version, 0) = v_expected::bigint
              end) then
        v_result := jsonb_build_object('r', 'conflict', 'a', case when v_found then v_version::text end);
        exit;
      end if;

      if v_found then
        exit;
      end if;
      insert into ${schema}.streams (stream_id, stream_type, tenant_id, version)
        values (v_stream, v_item->>'t', v_item->>'n', 0)
        on conflict (stream_id) do nothing;
      if found then
        v_version := 0;
        exit;
      end if;
      -- Another transaction created the stream after our lookup: lock its row and check again.
    end loop;

    if v_result is null and v_count = 0 then
      v_result := jsonb_build_object('r', 'ok', 'v', v_version::text, 'p', '[]'::jsonb,
                                     'x', pg_current_xact_id_if_assigned()::text);
    elsif v_result is null then
      with inserted as (
        insert into ${schema}.events (stream_id, stream_version, event_id, type, schema_version, data, metadata, personal)
        select v_stream, v_version + x.ord, (x.v->>'id')::uuid, x.v->>'ty', coalesce((x.v->>'sv')::int, 1),
               x.v->'d', coalesce(x.v->'m', '{}'::jsonb), decode(x.v->>'p', 'base64')
          from jsonb_array_elements(v_item->'ev') with ordinality as x(v, ord)
         order by x.ord
        returning position, stream_version
      )
      select jsonb_agg(position::text order by stream_version) into v_positions from inserted;
      update ${schema}.streams set version = v_version + v_count, updated_at = now() where stream_id = v_stream;
      v_written := true;
      v_result := jsonb_build_object('r', 'ok', 'v', (v_version + v_count)::text, 'p', v_positions,
                                     'x', pg_current_xact_id()::text);
    end if;

    if p_atomic and v_result->>'r' not in ('ok', 'dup') then
      raise exception using errcode = 'ES001', message = 'event store: append refused',
        detail = jsonb_build_object('index', v_index, 'result', v_result)::text;
    end if;
    v_results := v_results || jsonb_build_array(v_result);
    v_index := v_index + 1;
  end loop;

  if v_written and p_channel is not null then
    perform pg_notify(p_channel, '');
  end if;
  return v_results;
end
$fn$;

-- Raised by the fast path (fast-append.ts) in atomic mode when an append did not go through,
-- so that the statement rolls back whole.
create function ${schema}.refuse_partial_append() returns boolean
language plpgsql
as $fn$
begin
  raise exception using errcode = 'ES002', message = 'event store: an append of an atomic batch was refused';
end
$fn$;
`;
}
