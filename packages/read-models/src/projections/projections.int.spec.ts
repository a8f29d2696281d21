import { createEventStore, type EventStore } from '@orders/event-store';
import { createTestDatabase, type TestDatabase } from '@orders/testing';
import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReadModelTables } from '../tables.ts';
import {
  appendSeed,
  catchUp,
  expectedBalances,
  expectedListRow,
  expectedReportDaily,
  generateOrders,
  readModelsTemplate,
  type SeedOrder,
} from '../test-support/index.ts';
import { projections } from './index.ts';
import { liveTargets } from '../tables.ts';

let database: TestDatabase;
let store: EventStore;
let db: Kysely<ReadModelTables>;
let orders: SeedOrder[];
let eventCount: number;

beforeAll(async () => {
  database = await createTestDatabase({ template: readModelsTemplate });
  store = createEventStore({ connectionString: database.url, poolSize: 4 });
  db = store.db as unknown as Kysely<ReadModelTables>;
  orders = generateOrders({ count: 400, seed: 7, tenants: ['tenant-a', 'tenant-b'] });
  eventCount = await appendSeed(store, orders, 100);
  await catchUp(store, { batchSize: 97 });
});

afterAll(async () => {
  await store?.close();
  await database?.drop();
});

async function snapshot(): Promise<string> {
  const parts: string[] = [];
  for (const table of [
    'order_list',
    'order_logs',
    'report_orders',
    'report_daily',
    'balance_orders',
    'balance_totals',
  ]) {
    const { rows } = await sql<{
      t: string;
    }>`select coalesce(string_agg(x::text, E'\n' order by x::text), '') as t
      from ${sql.table(`read_model.${table}`)} x`.execute(db);
    parts.push(rows[0]?.t ?? '');
  }
  return parts.join('\n---\n');
}

describe('the projections, on 400 seeded orders applied in batches of 97 events', () => {
  it('writes one order_list row per order with the seed’s status, money and names', async () => {
    const rows = await db.selectFrom('read_model.order_list').selectAll().execute();
    expect(rows).toHaveLength(orders.length);
    const byId = new Map(rows.map((r) => [r.order_id, r]));
    for (const o of orders) {
      const want = expectedListRow(o);
      const row = byId.get(o.orderId)!;
      expect({
        status: row.status,
        deleted: row.deleted_at !== null,
        total_amount: Number(row.total_amount),
        paid_amount: Number(row.paid_amount),
        invoiced_amount: Number(row.invoiced_amount),
        invoice_status: row.invoice_status,
        collection_status: row.collection_status,
        sender_name: row.sender_name,
        receiver_name: row.receiver_name,
        payment_type: row.payment_type,
        load_count: row.load_count,
        driver_ids: row.driver_ids,
      }).toEqual({
        status: want.status,
        deleted: want.deleted,
        total_amount: want.total_amount,
        paid_amount: want.paid_amount,
        invoiced_amount: want.invoiced_amount,
        invoice_status: want.invoice_status,
        collection_status: want.collection_status,
        sender_name: want.sender_name,
        receiver_name: want.receiver_name,
        payment_type: want.payment_type,
        load_count: want.load_count,
        driver_ids: want.driver_ids,
      });
    }
  });

  it('logs every event once, with its actor and a Turkish sentence', async () => {
    const { rows } = await sql<{ n: number; actors: number }>`select count(*)::int as n,
      count(*) filter (where actor is not null)::int as actors from read_model.order_logs`.execute(db);
    expect(rows[0]).toEqual({ n: eventCount, actors: eventCount });
    const created = await db
      .selectFrom('read_model.order_logs')
      .select(['message', 'tenant_id'])
      .where('order_id', '=', orders[0]!.orderId)
      .orderBy('stream_version')
      .executeTakeFirstOrThrow();
    expect(created).toEqual({
      message: `Sipariş oluşturuldu (${orders[0]!.orderNo})`,
      tenant_id: orders[0]!.tenantId,
    });
  });

  it('sums the report per day, status and invoice flag as the seed does', async () => {
    const { rows } = await sql<{ k: string; orders: string; total: string }>`select
      tenant_id || '|' || day::text || '|' || status || '|' || has_invoice::text as k, orders::text, total_amount::text as total
      from read_model.report_daily`.execute(db);
    const got = new Map(rows.map((r) => [r.k, { orders: Number(r.orders), total: Number(r.total) }]));
    expect(got).toEqual(expectedReportDaily(orders));
  });

  it('sums customer and branch balances with the attribution rules', async () => {
    for (const kind of ['customer', 'branch'] as const) {
      const { rows } = await sql<{
        k: string;
        orders: number;
        incomes: number;
        expenses: number;
        invoiced: number;
        paid: number;
      }>`
        select tenant_id || '|' || party_id::text as k, sum(orders)::int as orders, sum(incomes)::int as incomes,
          sum(expenses)::int as expenses, sum(invoiced)::int as invoiced, sum(paid)::int as paid
        from read_model.balance_totals where party_kind = ${kind} group by 1`.execute(db);
      const got = new Map(rows.map(({ k, ...rest }) => [k, rest]));
      const want = new Map(
        [...expectedBalances(orders, kind)].filter(
          ([, b]) => b.orders || b.incomes || b.expenses || b.invoiced || b.paid,
        ),
      );
      expect(got).toEqual(want);
    }
  });

  it('applying the whole log again changes nothing (idempotent per event)', async () => {
    const before = await snapshot();
    const { events } = await store.readAll({ maxCount: 100_000 });
    for (const projection of projections) {
      await db.transaction().execute((trx) => projection.apply(events, trx, liveTargets(projection.tables)));
    }
    expect(await snapshot()).toBe(before);
  });
});
