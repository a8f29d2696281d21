import { orderStatuses, type OrderStatus } from './enums.ts';
import { DomainError } from './errors.ts';

/**
 * The v3 order lifecycle: for each status, the statuses an order may move to. Nothing is implicit:
 * a move not listed here is refused with INVALID_TRANSITION. `delivered` has no normal move out —
 * only CancelDelivery returns it to the status it had before delivery.
 */
export const transitions = {
  created: ['offering', 'pending', 'assigned', 'cancelled'],
  offering: ['pending', 'assigned', 'cancelled'],
  pending: ['offering', 'assigned', 'cancelled'],
  assigned: ['pending', 'to-picking', 'cancelled'],
  'to-picking': ['picked', 'assigned', 'cancelled'],
  picked: ['to-departure', 'on-delivery', 'cancelled'],
  'to-departure': ['in-departure', 'cancelled'],
  'in-departure': ['to-arrival'],
  'to-arrival': ['in-arrival'],
  'in-arrival': ['on-delivery', 'handover', 'delivered'],
  'on-delivery': ['delivered', 'handover'],
  handover: ['on-delivery', 'in-arrival', 'delivered', 'cancelled'],
  delivered: [],
  cancelled: [],
} as const satisfies Record<OrderStatus, readonly OrderStatus[]>;

/** True when the table allows the move `from` → `to`. */
export function canTransition(from: OrderStatus, to: OrderStatus): boolean {
  return (transitions[from] as readonly OrderStatus[]).includes(to);
}

/** The cancel table: CancelOrder is allowed exactly from the statuses whose row lists `cancelled`. */
export const cancellableStatuses: readonly OrderStatus[] = orderStatuses.filter((status) =>
  canTransition(status, 'cancelled'),
);

/** True when CancelOrder is allowed in `status`. */
export function canCancel(status: OrderStatus): boolean {
  return cancellableStatuses.includes(status);
}

/** Where loads may be delivered (DeliverLoads): the statuses whose row lists `delivered`. */
export const deliverableStatuses: readonly OrderStatus[] = orderStatuses.filter((status) =>
  canTransition(status, 'delivered'),
);

/** A move of the order's status, as recorded by an event. */
export interface StatusMove {
  from: OrderStatus;
  to: OrderStatus;
}

/** INVALID_TRANSITION for a move the table does not list. */
export function invalidTransition(from: OrderStatus, to: OrderStatus): DomainError {
  return new DomainError('INVALID_TRANSITION', `An order cannot move from ${from} to ${to}`, [], {
    from,
    to,
  });
}
