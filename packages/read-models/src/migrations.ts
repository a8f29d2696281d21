import { createHash } from 'node:crypto';
import { Kysely, PostgresDialect, sql } from 'kysely';
import { Migrator, type Migration, type MigrationProvider } from 'kysely/migration';
import pg from 'pg';

// Schema changes of the read models (schema `read_model`), applied by kysely's Migrator with
// a migration table of their own (read_model.migration). Both the projector and order-api
// apply them at start; a session advisory lock serialises two processes starting at once.
//
// Indexes of order_list (as of the last migration that changes them), chosen for the list's
// queries (every one is per tenant and skips deleted orders, so the btree ones lead with
// tenant_id and are partial on deleted_at):
// - (tenant_id, created_at desc, order_id desc): the default sort (newest first) with its tie
//   break, so a first page is an index range scan; it also serves the created_at / min_date /
//   max_date filters, which are ranges of created_at.
// - (tenant_id, status, created_at desc): the status filter, the most selective enum filter and
//   the one almost every screen sets, with the default sort behind it.
// - (tenant_id, departure_date), (tenant_id, arrival_date): start_date / end_date.
// - one GIN over every id array (customers of any side, branches of any side, drivers, users,
//   transfer centers): `@>` and `&&` on any of them, so the id filters and the ids in the free
//   search and the deep searches are index lookups; a multi-column GIN answers a condition on
//   any subset, and one index costs one insert per new row version where one per array would
//   cost ten. Ids match whole (equality): an id is never searched as text. (0002)
// - one GIN with pg_trgm over `search_text` (text only: names, companies, phones, e-mails,
//   addresses, order and receipt numbers, invoice titles): `like '%word%'` of the free search
//   and of every deep search (each deep-search column is made of parts that also stand verbatim
//   in search_text, so the same index pre-filters them); trigrams make a contains-match an index
//   lookup instead of a scan of the tenant. Since 0003 the same GIN also holds the enum filters
//   (status, order_type, … payment_type; btree_gin), so a search with filters is one index scan
//   that intersects words and filter values. Until 0002 it also covered the ids as text (hex
//   strings yield many distinct trigrams each): on the projector bench's million orders that
//   index was 435 MB instead of 300 MB, and the rebuild's index phase took twice as long
//   (services/projector/README.md).
// - (tenant_id, status_changed_at) on open orders: the suspended report.
// The other enum filters (order_type, transport_mode, …) have a handful of values each: an
// index on them alone would not be used; without a search they are filters on the rows the
// btree indexes find, with one they are conditions of the search GIN (0003). Both GIN indexes
// keep a small pending list (256 kB, 0003), merged in small steps by the writers.
// fillfactor 85 leaves room on each page, so that an update that changes no indexed column
// (a payment, an invoice, a load) is a HOT update and writes no index entry at all.
const migrations: Record<string, Migration> = {
  '0001_read_models': {
    async up(db: Kysely<unknown>) {
      await sql`create extension if not exists pg_trgm`.execute(db);
      await sql`create table read_model.order_list (
        order_id uuid primary key,
        tenant_id text not null,
        version bigint not null,
        order_no text not null,
        status text not null,
        order_type text not null,
        transport_mode text, transport_type text, content_type text, vehicle_type text,
        vehicle_body text, upload_type text, container_type text, pen_type text,
        shipping_type text, assign_type text, payment_type text, payment_method text,
        is_draft boolean not null default false,
        is_suborder boolean not null default false,
        departure_date date,
        arrival_date date,
        created_at timestamptz not null,
        created_by text not null,
        updated_at timestamptz not null,
        updated_by text not null,
        status_changed_at timestamptz not null,
        cancelled_at timestamptz,
        delivered_at timestamptz,
        deleted_at timestamptz,
        customer_ids uuid[] not null default '{}',
        sender_customer_ids uuid[] not null default '{}',
        receiver_customer_ids uuid[] not null default '{}',
        invoice_customer_ids uuid[] not null default '{}',
        branch_ids uuid[] not null default '{}',
        origin_branch_ids uuid[] not null default '{}',
        destination_branch_ids uuid[] not null default '{}',
        driver_ids uuid[] not null default '{}',
        user_ids uuid[] not null default '{}',
        transfer_center_ids uuid[] not null default '{}',
        has_invoice boolean not null default false,
        invoice_status text not null,
        collection_status text not null,
        total_amount bigint not null default 0,
        paid_amount bigint not null default 0,
        invoiced_amount bigint not null default 0,
        income_amount bigint not null default 0,
        expense_amount bigint not null default 0,
        load_count integer not null default 0,
        sender_name text, sender_phone text, receiver_name text, receiver_phone text,
        origin_address text, destination_address text,
        search_text text not null default '',
        id_text text not null default '',
        sender_search text not null default '',
        receiver_search text not null default '',
        origin_branch_search text not null default '',
        destination_branch_search text not null default '',
        invoice_customer_search text not null default '',
        state jsonb not null
      ) with (fillfactor = 85)`.execute(db);
      const live = sql`where deleted_at is null`;
      await sql`create index order_list_tenant_created on read_model.order_list
        (tenant_id, created_at desc, order_id desc) ${live}`.execute(db);
      await sql`create index order_list_tenant_status on read_model.order_list
        (tenant_id, status, created_at desc) ${live}`.execute(db);
      await sql`create index order_list_tenant_departure on read_model.order_list
        (tenant_id, departure_date) ${live}`.execute(db);
      await sql`create index order_list_tenant_arrival on read_model.order_list
        (tenant_id, arrival_date) ${live}`.execute(db);
      await sql`create index order_list_ids on read_model.order_list using gin
        (customer_ids, branch_ids, driver_ids, user_ids, transfer_center_ids)`.execute(db);
      await sql`create index order_list_search on read_model.order_list using gin
        ((search_text || ' ' || id_text) gin_trgm_ops)`.execute(db);
      await sql`create index order_list_open_since on read_model.order_list
        (tenant_id, status_changed_at)
        where deleted_at is null and status not in ('delivered', 'cancelled')`.execute(db);

      await sql`create table read_model.order_logs (
        position bigint primary key,
        order_id uuid not null,
        tenant_id text,
        stream_version bigint not null,
        event_type text not null,
        actor text,
        message text not null,
        details jsonb not null default '{}',
        correlation_id text,
        occurred_at timestamptz not null,
        recorded_at timestamptz not null
      )`.execute(db);
      await sql`create index order_logs_order on read_model.order_logs (order_id, stream_version)`.execute(
        db,
      );

      await sql`create table read_model.report_orders (
        order_id uuid primary key,
        tenant_id text not null,
        version bigint not null,
        day date not null,
        status text not null,
        has_invoice boolean not null,
        customer_ids uuid[] not null default '{}',
        branch_ids uuid[] not null default '{}',
        total_amount bigint not null default 0,
        deleted boolean not null default false
      )`.execute(db);
      await sql`create index report_orders_tenant_day on read_model.report_orders (tenant_id, day)
        where not deleted`.execute(db);
      await sql`create index report_orders_ids on read_model.report_orders using gin
        (customer_ids, branch_ids)`.execute(db);
      await sql`create table read_model.report_daily (
        tenant_id text not null,
        day date not null,
        status text not null,
        has_invoice boolean not null,
        orders bigint not null default 0,
        total_amount bigint not null default 0,
        primary key (tenant_id, day, status, has_invoice)
      )`.execute(db);

      await sql`create table read_model.balance_orders (
        order_id uuid primary key,
        tenant_id text not null,
        version bigint not null,
        state jsonb not null
      ) with (fillfactor = 85)`.execute(db);
      await sql`create table read_model.balance_totals (
        tenant_id text not null,
        party_kind text not null check (party_kind in ('customer', 'branch')),
        party_id uuid not null,
        day date not null,
        orders bigint not null default 0,
        incomes bigint not null default 0,
        expenses bigint not null default 0,
        invoiced bigint not null default 0,
        paid bigint not null default 0,
        primary key (tenant_id, party_kind, party_id, day)
      )`.execute(db);
    },
  },
  '0002_order_list_ids_whole': {
    async up(db: Kysely<unknown>) {
      // Ids leave the trigram-indexed text (see the comment above the migrations): the trigram
      // index covers search_text alone, the ids GIN every id array the deep searches match.
      await sql`drop index read_model.order_list_search`.execute(db);
      await sql`drop index read_model.order_list_ids`.execute(db);
      await sql`alter table read_model.order_list drop column id_text`.execute(db);
      // The deep-search columns carried their side's ids as text (each id a whole part, parts
      // joined by single spaces): take them out of the stored rows, as the projection now writes
      // them. One pass over the table, before the GIN indexes are built again (no GIN entries
      // written per updated row); a row without an id part is left as it is.
      const idPart = '(^| )[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}(?= |$)';
      const columns = [
        'sender_search',
        'receiver_search',
        'origin_branch_search',
        'destination_branch_search',
        'invoice_customer_search',
      ];
      await sql`update read_model.order_list set ${sql.join(
        columns.map((c) => sql`${sql.id(c)} = btrim(regexp_replace(${sql.id(c)}, ${idPart}, '', 'g'))`),
      )} where ${sql.join(
        columns.map((c) => sql`${sql.id(c)} ~ ${idPart}`),
        sql` or `,
      )}`.execute(db);
      await sql`create index order_list_search on read_model.order_list using gin
        (search_text gin_trgm_ops)`.execute(db);
      await sql`create index order_list_ids on read_model.order_list using gin
        (customer_ids, sender_customer_ids, receiver_customer_ids, invoice_customer_ids,
         branch_ids, origin_branch_ids, destination_branch_ids,
         driver_ids, user_ids, transfer_center_ids)`.execute(db);
      // A rebuild interrupted before this migration left a shadow of the old shape (id_text, the
      // old index under the current name, which a resumed rebuild would keep): drop it, so the
      // next rebuild starts afresh from the new shape.
      await sql`drop table if exists read_model.order_list__rebuild`.execute(db);
    },
  },
  '0003_order_list_search_filters': {
    async up(db: Kysely<unknown>) {
      // The enum filters join the words in one GIN (btree_gin gives their columns GIN operator
      // classes): a search with filters is one index scan that intersects the words' trigrams
      // with the filters' values, instead of a bitmap AND with the status btree (tens of
      // thousands of entries) and a heap visit of every row that has the words (see the
      // comment above the migrations). Left out: has_invoice (a boolean condition is no GIN
      // operator), invoice_status and collection_status (payments and invoices move them, and an
      // update that changes no indexed column stays a HOT update).
      await sql`create extension if not exists btree_gin`.execute(db);
      await sql`drop index read_model.order_list_search`.execute(db);
      await sql`create index order_list_search on read_model.order_list using gin
        (status, order_type, transport_mode, content_type, transport_type, vehicle_type,
         vehicle_body, upload_type, container_type, pen_type, shipping_type, assign_type,
         payment_type, search_text gin_trgm_ops) with (gin_pending_list_limit = 256)`.execute(db);
      // A GIN collects new entries in a pending list that the writer who fills it merges into the
      // index, inside that writer's transaction: at the default 4 MB a live projection batch now
      // and then waits for a merge of thousands of rows' trigrams (the tail of the projection's
      // lag). 256 kB lists are merged sixteen times as often, each a sixteenth of the work.
      await sql`alter index read_model.order_list_ids set (gin_pending_list_limit = 256)`.execute(db);
      await sql`drop table if exists read_model.order_list__rebuild`.execute(db);
    },
  },
};

const provider: MigrationProvider = { getMigrations: async () => migrations };

export const readModelMigrationNames = Object.keys(migrations);

/** A short hash of the migrations' names and code: a changed migration gets a new test template. */
export function readModelsMigrationsHash(): string {
  const text = Object.entries(migrations)
    .map(([name, m]) => `${name}:${m.up.toString()}`)
    .join('\n');
  return createHash('sha256').update(text).digest('hex').slice(0, 12);
}

function migratorFor<DB>(db: Kysely<DB>): Migrator {
  return new Migrator({
    db,
    provider,
    migrationTableSchema: 'read_model',
    migrationTableName: 'migration',
    migrationLockTableName: 'migration_lock',
  });
}

const migrateLockKey = 'read_model.migrate';

/**
 * Brings the read-model tables to the latest schema (a database URL, or a Kysely of the
 * caller's pool); throws naming the failing migration. Safe to call from several processes at once.
 * `options.upTo` stops after that migration (tests of a later migration on an older schema).
 */
export async function migrateReadModels(
  target: string | Kysely<unknown>,
  options: { upTo?: string } = {},
): Promise<void> {
  const owned = typeof target === 'string';
  const pool = owned ? new pg.Pool({ connectionString: target, max: 2 }) : null;
  const db = pool
    ? new Kysely<unknown>({ dialect: new PostgresDialect({ pool }) })
    : (target as Kysely<unknown>);
  try {
    await db.connection().execute(async (session) => {
      // Serialises `create schema` and the migrator's own table creation across processes.
      await sql`select pg_advisory_lock(hashtext(${migrateLockKey}))`.execute(session);
      try {
        await sql`create schema if not exists read_model`.execute(session);
        const migrator = migratorFor(db);
        const { error, results } = await (options.upTo
          ? migrator.migrateTo(options.upTo)
          : migrator.migrateToLatest());
        if (error) {
          const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
          throw new Error(`read-model migration ${failed} failed: ${String(error)}`);
        }
      } finally {
        await sql`select pg_advisory_unlock(hashtext(${migrateLockKey}))`.execute(session);
      }
    });
  } finally {
    if (owned) await db.destroy();
  }
}

/** True when every read-model migration is applied (for /ready). */
export async function readModelsMigrated<DB>(db: Kysely<DB>): Promise<boolean> {
  const exists = await sql<{
    ok: boolean;
  }>`select to_regclass('read_model.migration') is not null as ok`.execute(db);
  if (!exists.rows[0]?.ok) return false;
  const all = await migratorFor(db).getMigrations();
  return all.every((m) => m.executedAt !== undefined);
}
