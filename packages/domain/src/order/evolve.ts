import type { Evolvers } from './context.ts';
import { deliveryEvolvers } from './delivery.ts';
import { documentEvolvers } from './documents.ts';
import { driverEvolvers } from './drivers.ts';
import type { OrderCreated, OrderEvent } from './events.ts';
import { expenseEvolvers } from './expenses.ts';
import { incomeEvolvers } from './incomes.ts';
import { invoiceEvolvers } from './invoices.ts';
import { lifecycleEvolvers, orderFromCreated } from './lifecycle.ts';
import { loadLogEvolvers } from './load-logs.ts';
import { loadEvolvers } from './loads.ts';
import { moveEvolvers } from './moves.ts';
import { offerEvolvers } from './offers.ts';
import { operationEvolvers } from './operations.ts';
import { paymentEvolvers } from './payments.ts';
import type { Order, OrderState } from './state.ts';
import { waybillEvolvers } from './waybills.ts';

const evolvers: Evolvers<Exclude<OrderEvent, OrderCreated>> = {
  ...lifecycleEvolvers,
  ...moveEvolvers,
  ...deliveryEvolvers,
  ...loadEvolvers,
  ...loadLogEvolvers,
  ...waybillEvolvers,
  ...expenseEvolvers,
  ...incomeEvolvers,
  ...operationEvolvers,
  ...invoiceEvolvers,
  ...driverEvolvers,
  ...paymentEvolvers,
  ...offerEvolvers,
  ...documentEvolvers,
};

/**
 * The state after `event`. Pure and total: an event before OrderCreated, or of a type this
 * version does not know, leaves the state as it is.
 */
export function evolve(state: OrderState, event: OrderEvent): OrderState {
  if (event.type === 'OrderCreated') return orderFromCreated(event);
  const evolver = evolvers[event.type] as ((order: Order, event: OrderEvent) => Order) | undefined;
  if (!state.exists || evolver === undefined) return state;
  return { ...evolver(state, event), updatedAt: event.data.at, updatedBy: event.data.actorId };
}
