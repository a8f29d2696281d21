/**
 * The tables of the event store. `transaction_id` is what makes the global read gap-safe:
 * see README.md, "How the gap-safe read works".
 */
export function tablesSql(schema: string): string {
  return `
create schema if not exists ${schema};

create table ${schema}.streams (
  stream_id text primary key,
  stream_type text,
  tenant_id text,
  version bigint not null default 0,
  archived_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);

create table ${schema}.events (
  position bigint generated always as identity primary key,
  -- no foreign key to streams: append_events() writes both under the stream's row lock, and a
  -- per-row FK trigger would cost the bulk path a fifth of its rate.
  stream_id text not null,
  stream_version bigint not null,
  event_id uuid not null unique,
  type text not null,
  schema_version int not null default 1,
  data jsonb not null,
  metadata jsonb not null default '{}'::jsonb,
  personal bytea,
  transaction_id xid8 not null default pg_current_xact_id(),
  created_at timestamptz not null default clock_timestamp(),
  unique (stream_id, stream_version)
);
create index events_transaction_position on ${schema}.events (transaction_id, position);

create table ${schema}.snapshots (
  stream_id text primary key,
  stream_version bigint not null,
  state_schema_version int not null,
  state jsonb not null,
  created_at timestamptz not null default now()
);

create table ${schema}.subscription_checkpoints (
  name text primary key,
  transaction_id xid8 not null default '0'::xid8,
  position bigint not null default 0,
  updated_at timestamptz not null default now()
);

-- Crypto-shredding: one AES-256 data key per stream; deleting it erases the personal part of its events.
create table ${schema}.stream_keys (
  stream_id text primary key,
  key bytea not null,
  created_at timestamptz not null default now()
);
`;
}
