// Balances per customer or branch (`GET /calculate-balances/customers|branches`) summed over the
// days of balance_totals that the filters keep. Amounts in kuruş.
import { sql, type Kysely } from 'kysely';
import type { ReadModelTables } from '../tables.ts';

export const balanceSortColumns = [
  'party_id',
  'orders',
  'incomes',
  'expenses',
  'invoiced',
  'paid',
  'balance',
  'profit',
] as const;
export type BalanceSortColumn = (typeof balanceSortColumns)[number];

export interface BalanceQuery {
  tenantId: string;
  kind: 'customer' | 'branch';
  partyIds?: readonly string[] | undefined;
  minDate?: string | undefined;
  maxDate?: string | undefined;
  sort?: { id?: BalanceSortColumn | undefined; type: 'asc' | 'desc' } | undefined;
  page: { index: number; size: number };
}

/** One party's sums: invoiced − paid is what it still owes (`balance`), incomes − expenses the margin (`profit`). */
export interface BalanceRow {
  party_id: string;
  orders: number;
  incomes: number;
  expenses: number;
  invoiced: number;
  paid: number;
  balance: number;
  profit: number;
}

/** One page of parties with their sums, and how many parties match. */
export async function listBalances(
  db: Kysely<ReadModelTables>,
  q: BalanceQuery,
): Promise<{ items: number; rows: BalanceRow[] }> {
  const conditions = [sql`tenant_id = ${q.tenantId}`, sql`party_kind = ${q.kind}`];
  if (q.partyIds?.length)
    conditions.push(sql`party_id = any(${q.partyIds.map((id) => id.toLowerCase())}::uuid[])`);
  if (q.minDate) conditions.push(sql`day >= ${q.minDate}::date`);
  if (q.maxDate) conditions.push(sql`day <= ${q.maxDate}::date`);
  const where = sql.join(conditions, sql` and `);
  const column = q.sort?.id ?? 'party_id';
  const direction = sql.raw(q.sort?.type === 'desc' ? 'desc' : 'asc');
  const grouped = sql`select party_id::text as party_id, sum(orders)::float8 as orders, sum(incomes)::float8 as incomes,
      sum(expenses)::float8 as expenses, sum(invoiced)::float8 as invoiced, sum(paid)::float8 as paid,
      (sum(invoiced) - sum(paid))::float8 as balance, (sum(incomes) - sum(expenses))::float8 as profit
    from read_model.balance_totals where ${where} group by party_id`;
  const [count, page] = await Promise.all([
    sql<{
      n: string;
    }>`select count(distinct party_id)::text as n from read_model.balance_totals where ${where}`.execute(db),
    sql<BalanceRow>`select * from (${grouped}) g order by ${sql.ref(column)} ${direction}, party_id asc
      limit ${q.page.size} offset ${q.page.index * q.page.size}`.execute(db),
  ]);
  return { items: Number(count.rows[0]?.n ?? 0), rows: page.rows };
}
