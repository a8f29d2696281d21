import { canTransition, transitions, type OrderStatus } from '@orders/domain';
import type { OrderState as VigoState } from '@orders/contracts/vigo';

// Vigo delivery states → moves of the v3 order, through the status table of
// packages/domain (README "Status mapping"). Nothing here ever moves an order backwards.

/**
 * How far along the delivery a Vigo state is. A callback whose rank is not above the rank
 * already applied is stale (a duplicate or an out-of-order arrival) and changes nothing.
 * `transferred` (another courier takes over) has no rank of its own: it moves nothing.
 */
export const vigoStateRank: Readonly<Record<VigoState, number>> = {
  waiting: 0,
  inQueue: 1,
  onTheWayForPickUp: 2,
  onPickUpAddress: 3,
  transferred: -1,
  onDelivery: 4,
  onDeliveryAddress: 5,
  returning: 6,
  delivered: 7,
  returned: 8,
  cancelled: 8,
};

/** The walk of a normal delivery, in order: a callback that skips ahead of this is a reason to ask Vigo. */
const walk: readonly VigoState[] = [
  'waiting',
  'inQueue',
  'onTheWayForPickUp',
  'onPickUpAddress',
  'onDelivery',
  'onDeliveryAddress',
  'delivered',
];

export const finalVigoStates: readonly VigoState[] = ['delivered', 'returned', 'cancelled'];

/**
 * Whether a callback is "in doubt" and Vigo's own `GET /order` should decide: it skips
 * states of the walk (some callbacks are missing or late), or it ends the order other than
 * by delivery.
 */
export function needsReconcile(appliedRank: number, state: VigoState): boolean {
  if (state === 'cancelled' || state === 'returned' || state === 'returning') return true;
  const index = walk.indexOf(state);
  const appliedIndex = walk.findIndex((s) => vigoStateRank[s] === appliedRank);
  return index > 0 && appliedIndex >= 0 && index - appliedIndex > 1;
}

/** Progress of a v3 status along the delivery; moves are only ever planned upwards. */
export const statusRank: Readonly<Record<OrderStatus, number>> = {
  created: 0,
  offering: 1,
  pending: 1,
  assigned: 2,
  'to-picking': 3,
  picked: 4,
  'to-departure': 5,
  'in-departure': 6,
  'to-arrival': 7,
  'in-arrival': 8,
  'on-delivery': 9,
  handover: 10,
  delivered: 11,
  cancelled: 11,
};

/** The v3 statuses a Vigo state asks for, in order (`returned` passes through handover), or none. */
export function targetsOf(state: VigoState, current: OrderStatus): OrderStatus[] {
  switch (state) {
    case 'waiting':
    case 'inQueue':
    case 'transferred':
      return [];
    case 'onTheWayForPickUp':
    case 'onPickUpAddress':
      return ['to-picking'];
    case 'onDelivery':
    case 'onDeliveryAddress':
      return ['on-delivery'];
    case 'delivered':
      return ['delivered'];
    case 'returning':
      // The courier brings the parcel back: handed over, reason "other".
      return ['handover'];
    case 'returned':
      // Back at the pickup point: handover → cancelled is the return to the sender.
      return ['handover', 'cancelled'];
    case 'cancelled':
      // Where the status table allows a cancel (up to picked, or after a handover) the order is
      // cancelled; on its way to the receiver it is not, so the parcel is handed over instead.
      return canTransition(current, 'cancelled') ? ['cancelled'] : ['handover'];
  }
}

/**
 * The shortest chain of allowed forward moves (each to a higher rank) from `from` to `to`:
 * e.g. created → assigned → to-picking. `[]` when `from` is `to`; null when `to` cannot be
 * reached going forward (the order is past it, or the table has no way there).
 */
export function planPath(from: OrderStatus, to: OrderStatus): OrderStatus[] | null {
  if (from === to) return [];
  const previous = new Map<OrderStatus, OrderStatus>();
  const queue: OrderStatus[] = [from];
  while (queue.length > 0) {
    const at = queue.shift()!;
    for (const next of transitions[at] as readonly OrderStatus[]) {
      if (statusRank[next] <= statusRank[at] || previous.has(next) || next === from) continue;
      previous.set(next, at);
      if (next === to) {
        const path: OrderStatus[] = [to];
        for (let step = at; step !== from; step = previous.get(step)!) path.unshift(step);
        return path;
      }
      queue.push(next);
    }
  }
  return null;
}

/**
 * The moves that bring an order in `current` to where a Vigo state says it is, never
 * backwards: targets the order already reached or passed are dropped.
 */
export function movesFor(state: VigoState, current: OrderStatus): OrderStatus[] {
  const moves: OrderStatus[] = [];
  let at = current;
  for (const target of targetsOf(state, current)) {
    if (statusRank[target] < statusRank[at] || target === at) continue;
    const path = planPath(at, target);
    if (path === null) continue;
    moves.push(...path);
    at = target;
  }
  return moves;
}
