// The suspended report (`GET /:order_id/suspended-report`, "askıda"): open orders that wait —
// handed over (a delivery attempt that did not reach the receiver), or with no status change
// for `suspendedAfterHours`. Delivered, cancelled, deleted and draft orders are never suspended.
import { sql, type Kysely } from 'kysely';
import type { ReadModelTables } from '../tables.ts';
import { orderListItemColumns, searchConditions, type OrderListItem } from './order-list.ts';

export interface SuspendedQuery {
  tenantId: string;
  search?: string | undefined;
  suspendedAfterHours: number;
  page: { index: number; size: number };
}

export type SuspendedItem = OrderListItem & { suspended_reason: 'handover' | 'stale' };

/** One page of suspended orders, longest waiting first, and how many there are. */
export async function listSuspended(
  db: Kysely<ReadModelTables>,
  q: SuspendedQuery,
): Promise<{ items: number; rows: SuspendedItem[] }> {
  const base = db
    .selectFrom('read_model.order_list')
    .where('tenant_id', '=', q.tenantId)
    .where('deleted_at', 'is', null)
    .where('is_draft', '=', false)
    .where('status', 'not in', ['delivered', 'cancelled'])
    .where((eb) =>
      eb.or([
        eb('status', '=', 'handover'),
        eb('status_changed_at', '<', sql<Date>`now() - make_interval(hours => ${q.suspendedAfterHours})`),
      ]),
    )
    .where((eb) => eb.and(q.search ? searchConditions(q.search) : []));
  const [count, rows] = await Promise.all([
    base.select((eb) => eb.fn.countAll<string>().as('n')).executeTakeFirstOrThrow(),
    base
      .select(orderListItemColumns.filter((c) => c !== 'departure_date' && c !== 'arrival_date'))
      .select([
        sql<string | null>`departure_date::text`.as('departure_date'),
        sql<string | null>`arrival_date::text`.as('arrival_date'),
      ])
      .select(
        sql<'handover' | 'stale'>`case when status = 'handover' then 'handover' else 'stale' end`.as(
          'suspended_reason',
        ),
      )
      .orderBy('status_changed_at', 'asc')
      .orderBy('order_id', 'asc')
      .limit(q.page.size)
      .offset(q.page.index * q.page.size)
      .execute(),
  ]);
  return { items: Number(count.n), rows };
}
