import { type Kysely } from 'kysely';
import type { ReadModelTables } from '../tables.ts';

export interface OrderLogItem {
  position: string;
  stream_version: string;
  event_type: string;
  actor: string | null;
  message: string;
  details: Record<string, unknown>;
  correlation_id: string | null;
  occurred_at: Date;
  recorded_at: Date;
}

/**
 * One page of an order's history, oldest first, or null when the tenant has no such order
 * (unknown, another tenant's, or deleted: a deleted order is not found, as on every route).
 */
export async function orderLogs(
  db: Kysely<ReadModelTables>,
  q: { tenantId: string; orderId: string; page: { index: number; size: number } },
): Promise<{ items: number; rows: OrderLogItem[] } | null> {
  const of = db
    .selectFrom('read_model.order_logs')
    .where('order_id', '=', q.orderId)
    .where('tenant_id', '=', q.tenantId);
  const [summary, rows] = await Promise.all([
    of
      .select((eb) => [
        eb.fn.countAll<string>().as('n'),
        eb.fn.countAll<string>().filterWhere('event_type', '=', 'OrderDeleted').as('deleted'),
      ])
      .executeTakeFirstOrThrow(),
    of
      .select([
        'position',
        'stream_version',
        'event_type',
        'actor',
        'message',
        'details',
        'correlation_id',
        'occurred_at',
        'recorded_at',
      ])
      .orderBy('stream_version', 'asc')
      .limit(q.page.size)
      .offset(q.page.index * q.page.size)
      .execute(),
  ]);
  const items = Number(summary.n);
  if (items === 0 || Number(summary.deleted) > 0) return null;
  return { items, rows };
}
