// listOrders with a search: the page and `items` from one scan of the matching rows, and the
// count-and-page path past `searchScanLimit`; both must answer what the plain selection does.
import { createTestDatabase, type TestDatabase } from '@orders/testing';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateReadModels } from '../migrations.ts';
import type { ReadModelTables } from '../tables.ts';
import { listOrders, orderListSelection, searchScanLimit, type OrderListQuery } from './order-list.ts';

let database: TestDatabase;
let pool: pg.Pool;
let db: Kysely<ReadModelTables>;

// `common` is in searchScanLimit + 100 orders, `rare` in 30 of them, `none` in none.
const many = searchScanLimit + 100;

beforeAll(async () => {
  database = await createTestDatabase();
  await migrateReadModels(database.url);
  pool = new pg.Pool({ connectionString: database.url, max: 4 });
  // Dropping the database at the end ends its sessions (57P01): not a failure of the test
  // (an idle one, ended that way, was an unhandled error that failed a CI run on 2026-12-08).
  pool.on('error', (error: Error & { code?: string }) => {
    if (error.code !== '57P01') throw error;
  });
  db = new Kysely<ReadModelTables>({ dialect: new PostgresDialect({ pool }) });
  await sql`insert into read_model.order_list (order_id, tenant_id, version, order_no, status, order_type,
      created_at, created_by, updated_at, updated_by, status_changed_at, invoice_status, collection_status,
      state, search_text, sender_name)
    select gen_random_uuid(), 'tenant-a', 1, 'ORD-' || lpad(n::text, 5, '0'),
      case when n % 3 = 0 then 'pending' else 'created' end, 'delivery',
      -- Pairs of orders share a creation time: the order_id tie break decides between them.
      timestamptz '2026-01-01' + (n / 2) * interval '1 minute', 'system', now(), 'system', now(),
      'none', 'unpaid', '{}',
      'ord-' || lpad(n::text, 5, '0') || ' common' || case when n % 70 = 0 then ' rare' else '' end,
      case when n % 4 = 0 then null else 'Ad ' || (n % 11) end
    from generate_series(1, ${many}) n`.execute(db);
  await sql`analyze read_model.order_list`.execute(db);
});

afterAll(async () => {
  await db?.destroy();
  await database?.drop();
});

/** What the plain selection (every condition, sort, offset and limit in one query) answers. */
async function expected(q: OrderListQuery, page: { index: number; size: number }) {
  const rows = await orderListSelection(db, q)
    .limit(page.size)
    .offset(page.index * page.size)
    .execute();
  const all = await orderListSelection(db, q).execute();
  return { items: all.length, ids: rows.map((r) => r.order_id) };
}

async function listed(q: OrderListQuery, page: { index: number; size: number }) {
  const { items, rows } = await listOrders(db, { ...q, page });
  return { items, ids: rows.map((r) => r.order_id) };
}

describe('listOrders with a search', () => {
  it('answers pages of a search with few matches, and their exact number, as the plain selection does', async () => {
    const q = { tenantId: 'tenant-a', search: 'rare' };
    for (const index of [0, 1, 2]) {
      const page = { index, size: 20 };
      expect(await listed(q, page)).toEqual(await expected(q, page));
    }
    expect((await listed(q, { index: 0, size: 20 })).items).toBe(30);
    // A page past the end still carries the number of matches.
    expect(await listed(q, { index: 5, size: 20 })).toEqual({ items: 30, ids: [] });
  });

  it('sorts and filters the searched rows as the plain selection does (text by code point, nulls last, ties by id)', async () => {
    const sorts: OrderListQuery['sort'][] = [
      { id: 'sender_name', type: 'asc' },
      { id: 'sender_name', type: 'desc' },
      { id: 'created_at', type: 'asc' },
      undefined,
    ];
    for (const sort of sorts) {
      const q = { tenantId: 'tenant-a', search: 'rare', filter: { status: ['created'] }, sort };
      expect(await listed(q, { index: 0, size: 7 })).toEqual(await expected(q, { index: 0, size: 7 }));
      expect(await listed(q, { index: 1, size: 7 })).toEqual(await expected(q, { index: 1, size: 7 }));
    }
  });

  it('counts and pages separately past searchScanLimit matches, with the same answers', async () => {
    const q = { tenantId: 'tenant-a', search: 'common' };
    const first = await listed(q, { index: 0, size: 20 });
    expect(first).toEqual(await expected(q, { index: 0, size: 20 }));
    expect(first.items).toBe(many);
    const last = Math.floor((many - 1) / 20);
    expect(await listed(q, { index: last, size: 20 })).toEqual(await expected(q, { index: last, size: 20 }));
    expect(await listed(q, { index: last + 1, size: 20 })).toEqual({ items: many, ids: [] });
  });

  it('answers a search with no match with no rows and zero items', async () => {
    expect(await listed({ tenantId: 'tenant-a', search: 'none' }, { index: 0, size: 20 })).toEqual({
      items: 0,
      ids: [],
    });
    expect(await listed({ tenantId: 'tenant-b', search: 'rare' }, { index: 3, size: 20 })).toEqual({
      items: 0,
      ids: [],
    });
  });
});
