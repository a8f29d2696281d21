// The report (`GET /:order_id/report`): orders and totals per month of `report_year` and per
// year, each split by status. Without a customer or branch filter it sums the daily aggregate
// (a few thousand rows a year per tenant); with one it sums the matching orders' rows through
// the GIN index on their customer / branch ids.
import { sql, type Kysely } from 'kysely';
import type { ReadModelTables } from '../tables.ts';

export interface ReportFilter {
  customer_id?: string | undefined;
  has_invoice?: boolean | undefined;
  branch_id?: string | undefined;
  report_year?: number | undefined;
  status?: readonly string[] | undefined;
  min_date?: string | undefined;
  max_date?: string | undefined;
}

/** Orders and their total (kuruş) in one cell of the report. */
export interface ReportCell {
  orders: number;
  total_amount: number;
}

export interface ReportPeriod extends ReportCell {
  statuses: Record<string, ReportCell>;
}

export interface Report {
  report_year: number;
  monthly: (ReportPeriod & { month: number })[];
  yearly: (ReportPeriod & { year: number })[];
}

interface Row {
  year: number;
  month: number;
  status: string;
  orders: string;
  total_amount: string;
}

const emptyPeriod = (): ReportPeriod => ({ orders: 0, total_amount: 0, statuses: {} });

function add(period: ReportPeriod, status: string, orders: number, total: number): void {
  period.orders += orders;
  period.total_amount += total;
  const cell = (period.statuses[status] ??= { orders: 0, total_amount: 0 });
  cell.orders += orders;
  cell.total_amount += total;
}

/** The report of `tenantId`; `defaultYear` is used when `report_year` is not given. */
export async function orderReport(
  db: Kysely<ReadModelTables>,
  tenantId: string,
  filter: ReportFilter,
  defaultYear: number,
): Promise<Report> {
  const year = filter.report_year ?? defaultYear;
  const byParty = filter.customer_id !== undefined || filter.branch_id !== undefined;
  const table = sql.table(byParty ? 'read_model.report_orders' : 'read_model.report_daily');
  const conditions = [sql`tenant_id = ${tenantId}`];
  if (byParty) conditions.push(sql`not deleted`);
  if (filter.customer_id)
    conditions.push(sql`customer_ids @> array[${filter.customer_id.toLowerCase()}]::uuid[]`);
  if (filter.branch_id) conditions.push(sql`branch_ids @> array[${filter.branch_id.toLowerCase()}]::uuid[]`);
  if (filter.has_invoice !== undefined) conditions.push(sql`has_invoice = ${filter.has_invoice}`);
  if (filter.status?.length) conditions.push(sql`status = any(${[...filter.status]}::text[])`);
  if (filter.min_date) conditions.push(sql`day >= ${filter.min_date}::date`);
  if (filter.max_date) conditions.push(sql`day <= ${filter.max_date}::date`);
  const orders = byParty ? sql`count(*)` : sql`sum(orders)`;
  const { rows } =
    await sql<Row>`select extract(year from day)::int as year, extract(month from day)::int as month,
      status, ${orders}::text as orders, sum(total_amount)::text as total_amount
    from ${table} where ${sql.join(conditions, sql` and `)}
    group by 1, 2, 3 order by 1, 2, 3`.execute(db);
  const monthly = Array.from({ length: 12 }, (_, i) => ({ month: i + 1, ...emptyPeriod() }));
  const years = new Map<number, ReportPeriod & { year: number }>();
  for (const row of rows) {
    const n = Number(row.orders);
    const total = Number(row.total_amount);
    if (n === 0 && total === 0) continue;
    if (row.year === year) add(monthly[row.month - 1]!, row.status, n, total);
    const period = years.get(row.year) ?? { year: row.year, ...emptyPeriod() };
    add(period, row.status, n, total);
    years.set(row.year, period);
  }
  return { report_year: year, monthly, yearly: [...years.values()] };
}
