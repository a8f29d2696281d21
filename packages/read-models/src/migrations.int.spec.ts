// Migrations 0002 (ids match whole) and 0003 (filters in the search GIN) applied to a populated
// order_list of the 0001 shape.
import { createEventStore, type EventStore } from '@orders/event-store';
import { createTestDatabase, type TestDatabase } from '@orders/testing';
import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateReadModels } from './migrations.ts';
import { listOrders } from './queries/order-list.ts';
import type { ReadModelTables } from './tables.ts';

let database: TestDatabase;
let store: EventStore;
let db: Kysely<ReadModelTables>;

const sender = '5f0c3c1e-9a4b-4c2d-8e7f-0a1b2c3d4e5f';
const receiver = '6a1d4d2f-0b5c-4d3e-9f80-1b2c3d4e5f60';
const originBranch = '7b2e5e30-1c6d-4e4f-a091-2c3d4e5f6071';
const orderId = '8c3f6f41-2d7e-4f50-b1a2-3d4e5f607182';
const embedded = '9d40a052-3e8f-4061-82b3-4e5f60718293';

// What 0001's projection wrote: each side's ids as whole parts of its deep-search text, and
// every id again in id_text.
const old = {
  sender_search: `ayşe yılmaz +905321234567 ${sender}`,
  receiver_search: `mehmet öz ${receiver} ${sender}`,
  origin_branch_search: `${originBranch} şişli istanbul`,
  destination_branch_search: originBranch,
  invoice_customer_search: `${sender} ayşe yılmaz ref-${embedded} fatura`,
};

async function insertOld(id: string, columns: Record<string, string>, ids: Record<string, string[]> = {}) {
  const values = { ...columns, ...Object.fromEntries(Object.entries(ids).map(([k, v]) => [k, `{${v}}`])) };
  await sql`insert into read_model.order_list (order_id, tenant_id, version, order_no, status, order_type,
      created_at, created_by, updated_at, updated_by, status_changed_at, invoice_status, collection_status,
      search_text, id_text, state, ${sql.join(Object.keys(values).map((c) => sql.id(c)))})
    values (${id}, 'tenant-a', 1, ${`ORD-${id.slice(0, 4)}`}, 'created', 'delivery', now(), 'system',
      now(), 'system', now(), 'none', 'unpaid', ${`ord-${id.slice(0, 4)} ayşe yılmaz mehmet öz şişli istanbul fatura`},
      ${Object.values(ids).flat().join(' ')}, '{}', ${sql.join(Object.values(values))})`.execute(db);
}

beforeAll(async () => {
  database = await createTestDatabase();
  await migrateReadModels(database.url, { upTo: '0001_read_models' });
  store = createEventStore({ connectionString: database.url, poolSize: 2 });
  db = store.db as unknown as Kysely<ReadModelTables>;
  await insertOld(orderId, old, {
    customer_ids: [sender, receiver],
    sender_customer_ids: [sender],
    receiver_customer_ids: [receiver, sender],
    invoice_customer_ids: [sender],
    branch_ids: [originBranch],
    origin_branch_ids: [originBranch],
    destination_branch_ids: [originBranch],
  });
  // Many more rows, each with ids in every deep-search column.
  await sql`insert into read_model.order_list (order_id, tenant_id, version, order_no, status, order_type,
      created_at, created_by, updated_at, updated_by, status_changed_at, invoice_status, collection_status,
      state, sender_search, receiver_search, origin_branch_search, destination_branch_search,
      invoice_customer_search, id_text)
    select gen_random_uuid(), 'tenant-b', 1, 'ORD-' || n, 'created', 'delivery', now(), 'system', now(),
      'system', now(), 'none', 'unpaid', '{}', 'ad ' || u, u || ' soyad', u, u || ' ' || u, 'ünvan ' || u, u
    from generate_series(1, 2000) n cross join lateral (select gen_random_uuid()::text as u where n > 0) x`.execute(
    db,
  );
  // A rebuild interrupted before the migration: a shadow of the old shape.
  await sql`create table read_model.order_list__rebuild (like read_model.order_list including all)`.execute(
    db,
  );
  await migrateReadModels(database.url);
});

/** The ids of tenant-a's orders a list query finds. */
const find = async (deepSearch: Record<string, string>, search?: string) =>
  (
    await listOrders(db, {
      tenantId: 'tenant-a',
      deepSearch,
      ...(search === undefined ? {} : { search }),
      page: { index: 0, size: 10 },
    })
  ).rows.map((r) => r.order_id);

afterAll(async () => {
  await store?.close();
  await database?.drop();
});

describe('migration 0002_order_list_ids_whole on a populated order_list', () => {
  it('drops id_text and the stale rebuild shadow', async () => {
    const { rows } = await sql<{ column_name: string }>`select column_name from information_schema.columns
      where table_schema = 'read_model' and table_name = 'order_list'`.execute(db);
    expect(rows.map((r) => r.column_name)).toContain('search_text');
    expect(rows.map((r) => r.column_name)).not.toContain('id_text');
    const { rows: shadow } = await sql<{
      ok: boolean;
    }>`select to_regclass('read_model.order_list__rebuild') is null as ok`.execute(db);
    expect(shadow[0]?.ok).toBe(true);
  });

  it('takes whole ids out of every deep-search column and keeps the text', async () => {
    const row = await db
      .selectFrom('read_model.order_list')
      .select([
        'sender_search',
        'receiver_search',
        'origin_branch_search',
        'destination_branch_search',
        'invoice_customer_search',
      ])
      .where('order_id', '=', orderId)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({
      sender_search: 'ayşe yılmaz +905321234567',
      receiver_search: 'mehmet öz',
      origin_branch_search: 'şişli istanbul',
      destination_branch_search: '',
      // Only whole parts are ids: an id inside a longer word is text the user typed.
      invoice_customer_search: `ayşe yılmaz ref-${embedded} fatura`,
    });
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from read_model.order_list
      where tenant_id = 'tenant-b' and (sender_search, receiver_search, origin_branch_search,
        destination_branch_search, invoice_customer_search) = ('ad', 'soyad', '', '', 'ünvan')`.execute(db);
    expect(rows[0]?.n).toBe(2000);
  });

  it('indexes the enum filters with the trigrams of search_text in one GIN (0003) and every id array in one GIN', async () => {
    const { rows } = await sql<{ indexname: string; indexdef: string }>`select indexname, indexdef
      from pg_indexes where schemaname = 'read_model' and tablename = 'order_list'
        and indexname in ('order_list_search', 'order_list_ids') order by 1`.execute(db);
    expect(rows).toEqual([
      {
        indexname: 'order_list_ids',
        indexdef:
          'CREATE INDEX order_list_ids ON read_model.order_list USING gin (customer_ids, sender_customer_ids, ' +
          'receiver_customer_ids, invoice_customer_ids, branch_ids, origin_branch_ids, destination_branch_ids, ' +
          "driver_ids, user_ids, transfer_center_ids) WITH (gin_pending_list_limit='256')",
      },
      {
        indexname: 'order_list_search',
        indexdef:
          'CREATE INDEX order_list_search ON read_model.order_list USING gin (status, order_type, ' +
          'transport_mode, content_type, transport_type, vehicle_type, vehicle_body, upload_type, ' +
          'container_type, pen_type, shipping_type, assign_type, payment_type, search_text gin_trgm_ops) ' +
          "WITH (gin_pending_list_limit='256')",
      },
    ]);
  });

  it('answers the deep searches on the migrated rows: whole ids through the arrays, words in the text', async () => {
    expect(await find({ sender_customer: sender.toUpperCase() })).toEqual([orderId]);
    expect(await find({ receiver_customer: `${receiver} öz` })).toEqual([orderId]);
    expect(await find({ origin_branch: originBranch })).toEqual([orderId]);
    expect(await find({ invoice_customer: 'fatura' })).toEqual([orderId]);
    expect(await find({}, sender)).toEqual([orderId]);
    // A piece of an id is a word, and no text holds ids any more.
    expect(await find({ sender_customer: sender.slice(0, 13) })).toEqual([]);
    expect(await find({ destination_branch: originBranch.slice(0, 8) })).toEqual([]);
    expect(await find({}, sender.slice(0, 8))).toEqual([]);
  });
});

/** The order numbers of tenant-b's orders a list query with `filter` and `search` finds. */
async function found(filter: Parameters<typeof listOrders>[1]['filter'], search: string) {
  const { rows } = await listOrders(db, {
    tenantId: 'tenant-b',
    filter,
    search,
    page: { index: 0, size: 50 },
  });
  return rows.map((r) => r.order_no).toSorted();
}

describe('migration 0003_order_list_search_filters', () => {
  it('answers a search with enum filters through one scan of the search GIN, with the filters as its conditions', async () => {
    // Statistics as autovacuum would leave them (it may analyze at any moment). A filter that every
    // row passes is left out of the index condition by the planner, so the statuses asked for are
    // ones no row has yet.
    await sql`analyze read_model.order_list`.execute(db);
    await db.transaction().execute(async (trx) => {
      await sql`set local enable_seqscan = off`.execute(trx);
      const { rows } = await sql<{
        'QUERY PLAN': string;
      }>`explain (costs off) select order_id from read_model.order_list
        where tenant_id = 'tenant-b' and status = any('{pending,delivered}') and order_type = 'delivery'
          and search_text like '%soyad%'`.execute(trx);
      const plan = rows.map((r) => r['QUERY PLAN']).join('\n');
      expect(plan).toMatch(
        /Bitmap Index Scan on order_list_search\n.*Index Cond: \(\(status = ANY .*search_text ~~ '%soyad%'/,
      );
      expect(plan).not.toMatch(/BitmapAnd/);
    });
  });

  it('keeps every filter meaning the same: rows found through the index are the rows that match', async () => {
    await sql`update read_model.order_list set status = 'pending', payment_type = 'cash'
      where tenant_id = 'tenant-b' and order_no in ('ORD-1', 'ORD-2', 'ORD-3')`.execute(db);
    await sql`update read_model.order_list set search_text = 'ord-' || substr(order_no, 5) || ' ahmet çelik'
      where tenant_id = 'tenant-b' and order_no in ('ORD-2', 'ORD-3', 'ORD-4', 'ORD-5')`.execute(db);
    await sql`analyze read_model.order_list`.execute(db);
    expect(await found({ status: ['pending'], payment_type: ['cash'] }, 'çelik')).toEqual(['ORD-2', 'ORD-3']);
    expect(await found({ status: ['pending', 'created'] }, 'ahmet')).toEqual([
      'ORD-2',
      'ORD-3',
      'ORD-4',
      'ORD-5',
    ]);
    expect(await found({ order_type: 'delivery', payment_type: ['prepaid'] }, 'ahmet')).toEqual([]);
    expect(await found({ status: ['created'] }, 'ord-4')).toEqual(['ORD-4']);
  });
});
