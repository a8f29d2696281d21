import type { OrderState } from './contract.ts';

/** Every move the sandbox allows, automatic or through the control endpoints; nothing implicit. */
export const transitions = {
  waiting: ['inQueue', 'cancelled'],
  inQueue: ['onTheWayForPickUp', 'cancelled'],
  onTheWayForPickUp: ['onPickUpAddress', 'transferred', 'cancelled'],
  onPickUpAddress: ['onDelivery', 'transferred', 'cancelled'],
  onDelivery: ['onDeliveryAddress', 'transferred', 'returning', 'cancelled'],
  onDeliveryAddress: ['delivered', 'returning', 'cancelled'],
  transferred: ['onTheWayForPickUp', 'onDelivery', 'cancelled'],
  returning: ['returned'],
  delivered: [],
  returned: [],
  cancelled: [],
} as const satisfies Record<OrderState, readonly OrderState[]>;

/** What the simulator needs to know about an order to pick its next state. */
export interface WalkFacts {
  state: OrderState;
  /** States entered so far, oldest first. */
  history: readonly OrderState[];
  /** Some product has `return: true`: the courier brings it back after the delivery address. */
  hasReturns: boolean;
}

export function canMove(from: OrderState, to: OrderState): boolean {
  return (transitions[from] as readonly OrderState[]).includes(to);
}

/** States from which `PUT /order/cancel` succeeds. */
export function isCancellable(state: OrderState): boolean {
  return canMove(state, 'cancelled');
}

/**
 * The state the simulator moves to next, or null when it waits (for approval of the
 * pickup point) or the order is final. A transferred order resumes where the new
 * courier has to start: the pickup point unless the products were already picked up.
 */
export function nextState(facts: WalkFacts): OrderState | null {
  switch (facts.state) {
    case 'inQueue':
      return 'onTheWayForPickUp';
    case 'onTheWayForPickUp':
      return 'onPickUpAddress';
    case 'onPickUpAddress':
      return 'onDelivery';
    case 'onDelivery':
      return 'onDeliveryAddress';
    case 'onDeliveryAddress':
      return facts.hasReturns ? 'returning' : 'delivered';
    case 'transferred':
      return facts.history.includes('onDelivery') ? 'onDelivery' : 'onTheWayForPickUp';
    case 'returning':
      return 'returned';
    case 'waiting':
    case 'delivered':
    case 'returned':
    case 'cancelled':
      return null;
  }
}

/**
 * The states to enter, in order, to bring the order to `target`: along the automatic
 * walk when `target` lies on it, else one allowed move (transferred, returning,
 * cancelled…). Null when `target` cannot be reached from here.
 */
export function pathTo(facts: WalkFacts, target: OrderState): OrderState[] | null {
  const path: OrderState[] = [];
  let current: WalkFacts = facts;
  for (let next = nextState(current); next !== null; next = nextState(current)) {
    path.push(next);
    if (next === target) return path;
    current = { ...current, state: next, history: [...current.history, next] };
  }
  return canMove(facts.state, target) ? [target] : null;
}
