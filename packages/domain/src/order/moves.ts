// Status moves: Change Status (couriers, connectors), Cancel Order (spec 6), Handover Create (spec 10).
import type { HandoverReason, OrderStatus } from './enums.ts';
import { eventOf, type CommandContext, type Deciders, type DomainEvent, type Evolvers } from './context.ts';
import { deliverAll, type LoadsDelivered, type OrderDelivered } from './delivery.ts';
import { DomainError } from './errors.ts';
import { assertIdFree } from './guards.ts';
import type { Order } from './state.ts';
import { canCancel, canTransition, invalidTransition, type StatusMove } from './status.ts';

export interface ChangeStatus extends CommandContext {
  type: 'ChangeStatus';
  to: OrderStatus;
}
export interface CancelOrder extends CommandContext {
  type: 'CancelOrder';
}
export interface CreateHandover extends CommandContext {
  type: 'CreateHandover';
  handoverId: string;
  handoverReason: HandoverReason;
}
export type MoveCommand = ChangeStatus | CancelOrder | CreateHandover;

/** A plain move through the transition table. */
export type OrderStatusChanged = DomainEvent<'OrderStatusChanged', StatusMove>;
/** `from` → cancelled. */
export type OrderCancelled = DomainEvent<'OrderCancelled', { from: OrderStatus }>;
/** `from` → handover, recording why. */
export type HandoverCreated = DomainEvent<
  'HandoverCreated',
  { handoverId: string; handoverReason: HandoverReason; from: OrderStatus }
>;
export type MoveEvent = OrderStatusChanged | OrderCancelled | HandoverCreated;

/** What a move to some status emits: a plain change, a cancellation, or the delivery of the remaining loads. */
export type MoveOutcome = OrderStatusChanged | OrderCancelled | LoadsDelivered | OrderDelivered;

/** ORDER_IS_DRAFT: a draft cannot leave `created` until it is updated to isDraft false. */
export function assertNotDraft(order: Order): void {
  if (!order.isDraft) return;
  throw new DomainError('ORDER_IS_DRAFT', `Order ${order.orderId} is a draft`, [], {
    orderId: order.orderId,
  });
}

/** An OrderStatusChanged event (the caller has checked the move). */
export function statusChanged(
  command: CommandContext,
  from: OrderStatus,
  to: OrderStatus,
): OrderStatusChanged {
  return eventOf(command, 'OrderStatusChanged', { from, to });
}

/** CancelOrder: allowed where the table lists `cancelled`; ORDER_DELIVERED, ORDER_ALREADY_CANCELLED or INVALID_TRANSITION otherwise. */
export function cancel(order: Order, command: CommandContext): OrderCancelled[] {
  const from = order.status;
  if (from === 'delivered') {
    throw new DomainError(
      'ORDER_DELIVERED',
      `Order ${order.orderId} is delivered and cannot be cancelled`,
      [],
      {
        from,
        to: 'cancelled',
      },
    );
  }
  if (from === 'cancelled') {
    throw new DomainError('ORDER_ALREADY_CANCELLED', `Order ${order.orderId} is already cancelled`, [], {
      from,
      to: 'cancelled',
    });
  }
  if (!canCancel(from)) throw invalidTransition(from, 'cancelled');
  assertNotDraft(order);
  return [eventOf(command, 'OrderCancelled', { from })];
}

/**
 * Moves the order to `to` through the table (ChangeStatus, UpdateOrder's order_status, CreateOrder's
 * initial status). Moving to `cancelled` is CancelOrder; moving to `delivered` delivers the loads
 * still undelivered.
 */
export function moveTo(order: Order, to: OrderStatus, command: CommandContext): MoveOutcome[] {
  if (to === 'cancelled') return cancel(order, command);
  if (!canTransition(order.status, to)) throw invalidTransition(order.status, to);
  assertNotDraft(order);
  if (to === 'delivered') return deliverAll(order, command);
  return [statusChanged(command, order.status, to)];
}

export const moveDeciders: Deciders<MoveCommand, MoveOutcome | HandoverCreated> = {
  ChangeStatus: (command, order) => moveTo(order, command.to, command),
  CancelOrder: (command, order) => cancel(order, command),
  CreateHandover(command, order) {
    assertIdFree(order.handovers, 'handoverId', command.handoverId);
    if (!canTransition(order.status, 'handover')) throw invalidTransition(order.status, 'handover');
    const { handoverId, handoverReason } = command;
    return [eventOf(command, 'HandoverCreated', { handoverId, handoverReason, from: order.status })];
  },
};

export const moveEvolvers: Evolvers<MoveEvent> = {
  OrderStatusChanged: (order, { data }) => ({ ...order, status: data.to }),
  OrderCancelled: (order, { data }) => ({ ...order, status: 'cancelled', cancelledAt: data.at }),
  HandoverCreated: (order, { data }) => ({
    ...order,
    status: 'handover',
    handovers: [
      ...order.handovers,
      { handoverId: data.handoverId, handoverReason: data.handoverReason, from: data.from, at: data.at },
    ],
  }),
};
