// The report (`GET /:order_id/report`): orders and totals per creation day (Türkiye), status and
// invoice flag in report_daily, kept up to date by adding each order's change of contribution;
// and one narrow row per order (report_orders) for the filters the aggregate cannot answer
// (customer, branch), which is also the fold state the change is computed from.
import type { StoredEvent } from '@orders/event-store';
import { sql } from 'kysely';
import type { TableTargets } from '../tables.ts';
import { deleteZeroRows, tableRef, upsertRows, type Executor } from '../write.ts';
import {
  byOrder,
  projectedEvents,
  targetOf,
  turkishDay,
  uuids,
  type ProjectedEvent,
  type ReadModelProjection,
} from './types.ts';

export interface ReportOrderRow {
  order_id: string;
  tenant_id: string;
  version: number;
  day: string;
  status: string;
  has_invoice: boolean;
  customer_ids: string[];
  branch_ids: string[];
  total_amount: number;
  deleted: boolean;
}

/** The row after `e`, or undefined before OrderCreated. */
export function foldReportOrder(
  row: ReportOrderRow | undefined,
  e: ProjectedEvent,
): ReportOrderRow | undefined {
  const event = e.event;
  if (event.type === 'OrderCreated') {
    const a = event.data.attributes;
    return {
      order_id: e.orderId,
      tenant_id: event.data.tenantId,
      version: e.version,
      day: turkishDay(event.data.at),
      status: 'created',
      has_invoice: a.customers.some((c) => c.hasInvoice),
      customer_ids: uuids(a.customers.map((c) => c.customerId)),
      branch_ids: uuids(a.branches.map((b) => b.branchId)),
      total_amount: a.pricing?.totalAmount ?? 0,
      deleted: false,
    };
  }
  if (!row) return undefined;
  const next = { ...row, version: e.version };
  switch (event.type) {
    case 'OrderUpdated': {
      const c = event.data.changes;
      if (c.customers) {
        next.has_invoice = c.customers.some((x) => x.hasInvoice);
        next.customer_ids = uuids(c.customers.map((x) => x.customerId));
      }
      if (c.branches) next.branch_ids = uuids(c.branches.map((b) => b.branchId));
      if (c.pricing) next.total_amount = c.pricing.totalAmount;
      break;
    }
    case 'OrderDeleted':
      next.deleted = true;
      break;
    case 'OrderStatusChanged':
      next.status = event.data.to;
      break;
    case 'OrderCancelled':
      next.status = 'cancelled';
      break;
    case 'OrderDelivered':
      next.status = 'delivered';
      break;
    case 'DeliveryCancelled':
      next.status = event.data.restoredStatus;
      break;
    case 'HandoverCreated':
      next.status = 'handover';
      break;
    default:
      break;
  }
  return next;
}

interface DailyDelta {
  tenant_id: string;
  day: string;
  status: string;
  has_invoice: boolean;
  orders: number;
  total_amount: number;
}

function addContribution(
  deltas: Map<string, DailyDelta>,
  row: ReportOrderRow | undefined,
  sign: 1 | -1,
): void {
  if (!row || row.deleted) return;
  const key = `${row.tenant_id}\u0000${row.day}\u0000${row.status}\u0000${row.has_invoice}`;
  const delta = deltas.get(key) ?? {
    tenant_id: row.tenant_id,
    day: row.day,
    status: row.status,
    has_invoice: row.has_invoice,
    orders: 0,
    total_amount: 0,
  };
  delta.orders += sign;
  delta.total_amount += sign * row.total_amount;
  deltas.set(key, delta);
}

export const reportOrderColumns = [
  'order_id',
  'tenant_id',
  'version',
  'day',
  'status',
  'has_invoice',
  'customer_ids',
  'branch_ids',
  'total_amount',
  'deleted',
] as const;

/** Monthly / yearly report aggregates. */
export const reportProjection: ReadModelProjection = {
  name: 'report',
  tables: ['report_orders', 'report_daily'],
  async apply(stored: readonly StoredEvent[], db: Executor, targets: TableTargets) {
    const ordersTable = targetOf(targets, 'report_orders');
    const groups = byOrder(projectedEvents(stored));
    const ids = [...groups.keys()];
    const { rows: loaded } = await sql<ReportOrderRow & { version: string; total_amount: string }>`
      select order_id, tenant_id, version, day::text as day, status, has_invoice,
        customer_ids::text[] as customer_ids, branch_ids::text[] as branch_ids, total_amount, deleted
      from ${tableRef(ordersTable)} where order_id = any(${ids}::uuid[])`.execute(db);
    const before = new Map(
      loaded.map((r) => [
        r.order_id,
        { ...r, version: Number(r.version), total_amount: Number(r.total_amount) },
      ]),
    );
    const deltas = new Map<string, DailyDelta>();
    const changed: ReportOrderRow[] = [];
    for (const [orderId, group] of groups) {
      const old = before.get(orderId);
      let current = old;
      for (const e of group) {
        if (current && e.version <= current.version) continue;
        current = foldReportOrder(current, e) ?? current;
      }
      if (!current || current === old) continue;
      addContribution(deltas, old, -1);
      addContribution(deltas, current, 1);
      changed.push(current);
    }
    await upsertRows(db, ordersTable, changed, {
      key: ['order_id'],
      columns: reportOrderColumns,
      mode: 'replace',
    });
    const nonZero = [...deltas.values()].filter((d) => d.orders !== 0 || d.total_amount !== 0);
    // Sorted: row locks are taken in one order.
    const sortKey = (d: DailyDelta) => `${d.tenant_id}\u0000${d.day}\u0000${d.status}\u0000${d.has_invoice}`;
    nonZero.sort((a, b) => (sortKey(a) < sortKey(b) ? -1 : sortKey(a) > sortKey(b) ? 1 : 0));
    const daily = targetOf(targets, 'report_daily');
    const key = ['tenant_id', 'day', 'status', 'has_invoice'];
    await upsertRows(db, daily, nonZero, {
      key,
      columns: [...key, 'orders', 'total_amount'],
      mode: 'add',
    });
    await deleteZeroRows(db, daily, nonZero, { key, values: ['orders', 'total_amount'] });
  },
};
