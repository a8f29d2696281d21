import type { StoredEvent } from '@orders/event-store';
import type { TableTargets } from '../tables.ts';
import { selectByIds, upsertRows, type Executor } from '../write.ts';
import { foldOrderList, orderListColumns, orderListRow, type OrderListState } from './order-list-state.ts';
import {
  byOrder,
  projectedEvents,
  targetOf,
  type ProjectedEvent,
  type ReadModelProjection,
} from './types.ts';

/** Folds a batch of events onto the given states (mutating the map); returns the orders whose state changed. */
export function foldOrderListBatch(
  states: Map<string, { version: number; state: OrderListState }>,
  events: readonly ProjectedEvent[],
): Set<string> {
  const changed = new Set<string>();
  for (const [orderId, group] of byOrder(events)) {
    let current = states.get(orderId);
    for (const e of group) {
      // Idempotent per event: an order's events arrive in stream-version order, and one at or
      // below the version already applied is left alone.
      if (current && e.version <= current.version) continue;
      const next = foldOrderList(current?.state, e);
      if (!next) continue;
      current = { version: e.version, state: next };
      changed.add(orderId);
    }
    if (current) states.set(orderId, current);
  }
  return changed;
}

/** The order list (`GET /v3/orders`, export, suspended report): one row per order. */
export const orderListProjection: ReadModelProjection = {
  name: 'order-list',
  tables: ['order_list'],
  async apply(stored: readonly StoredEvent[], db: Executor, targets: TableTargets) {
    const table = targetOf(targets, 'order_list');
    const events = projectedEvents(stored);
    const groups = byOrder(events);
    // Orders that start in this batch need no read; the others are loaded once per batch.
    const toLoad = [...groups].filter(([, g]) => g[0]?.event.type !== 'OrderCreated').map(([id]) => id);
    const states = new Map<string, { version: number; state: OrderListState }>();
    const loaded = await selectByIds<{ order_id: string; version: string; state: OrderListState }>(
      db,
      table,
      'order_id',
      toLoad,
      ['order_id', 'version', 'state'],
    );
    for (const row of loaded) states.set(row.order_id, { version: Number(row.version), state: row.state });
    const changed = foldOrderListBatch(states, events);
    const rows = [...changed].map((id) => {
      const { version, state } = states.get(id)!;
      return orderListRow(id, version, state);
    });
    await upsertRows(db, table, rows, {
      key: ['order_id'],
      columns: orderListColumns,
      mode: 'replace',
      // A redelivered OrderCreated folds the order from scratch: it must not overwrite a newer row.
      newerBy: 'version',
    });
  },
};
