// Checks shared by every command: the order exists for this tenant, is not deleted, is still open.
import type { CommandContext } from './context.ts';
import { DomainError, notFound, type DomainErrorCode } from './errors.ts';
import type { Order, OrderState } from './state.ts';

/** The order this command targets; ORDER_NOT_FOUND (also for another tenant's order) or ORDER_DELETED otherwise. */
export function requireOrder(state: OrderState, command: CommandContext): Order {
  if (!state.exists || state.orderId !== command.orderId || state.tenantId !== command.tenantId) {
    throw new DomainError('ORDER_NOT_FOUND', `Order ${command.orderId} not found`, [], {
      orderId: command.orderId,
    });
  }
  if (state.deletedAt !== null) {
    throw new DomainError('ORDER_DELETED', `Order ${state.orderId} was deleted`, [], {
      orderId: state.orderId,
    });
  }
  return state;
}

/** ORDER_ALREADY_CANCELLED or ORDER_DELIVERED when the order's operation is over. */
export function requireOpen(order: Order): void {
  if (order.status === 'cancelled') {
    throw new DomainError('ORDER_ALREADY_CANCELLED', `Order ${order.orderId} is cancelled`, [], {
      orderId: order.orderId,
    });
  }
  if (order.status === 'delivered') {
    throw new DomainError('ORDER_DELIVERED', `Order ${order.orderId} is delivered`, [], {
      orderId: order.orderId,
    });
  }
}

/** The item of `items` whose `key` is `id`, or the `<KIND>_NOT_FOUND` error `code`. */
export function findBy<T, K extends keyof T & string>(
  items: readonly T[],
  key: K,
  id: string,
  code: DomainErrorCode,
): T {
  const item = items.find((candidate) => candidate[key] === id);
  if (item === undefined) throw notFound(code, key, id);
  return item;
}

/** ID_ALREADY_USED when a sub-resource with this id is already on the order. */
export function assertIdFree<T, K extends keyof T & string>(items: readonly T[], key: K, id: string): void {
  if (!items.some((candidate) => candidate[key] === id)) return;
  throw new DomainError(
    'ID_ALREADY_USED',
    `${key} ${id} is already used on this order`,
    [{ path: key, reason: 'already used on this order' }],
    { [key]: id },
  );
}

/** `items` with the item whose `key` matches `item`'s replaced (or appended when new). */
export function putBy<T, K extends keyof T>(items: readonly T[], key: K, item: T): T[] {
  const index = items.findIndex((candidate) => candidate[key] === item[key]);
  return index === -1 ? [...items, item] : items.with(index, item);
}

/** `items` without the item whose `key` is `id`. */
export function removeBy<T, K extends keyof T>(items: readonly T[], key: K, id: T[K]): T[] {
  return items.filter((candidate) => candidate[key] !== id);
}
