import type { OrderCommand } from './commands.ts';
import { withoutUndefined, type Deciders } from './context.ts';
import { deliveryDeciders } from './delivery.ts';
import { documentDeciders } from './documents.ts';
import { driverDeciders } from './drivers.ts';
import { validationFailed } from './errors.ts';
import type { OrderEvent } from './events.ts';
import { expenseDeciders } from './expenses.ts';
import { requireOrder } from './guards.ts';
import { incomeDeciders } from './incomes.ts';
import { invoiceDeciders } from './invoices.ts';
import { decideCreateOrder, lifecycleDeciders, type CreateOrder } from './lifecycle.ts';
import { loadLogDeciders } from './load-logs.ts';
import { loadDeciders } from './loads.ts';
import { moveDeciders } from './moves.ts';
import { offerDeciders } from './offers.ts';
import { operationDeciders } from './operations.ts';
import { paymentDeciders } from './payments.ts';
import type { Order, OrderState } from './state.ts';
import { waybillDeciders } from './waybills.ts';
import { isIsoDateTime } from '../validators/dates.ts';

// One table of handlers, gathered from the files of each spec group; the type makes the compiler
// refuse a command type without a handler.
const deciders: Deciders<Exclude<OrderCommand, CreateOrder>, OrderEvent> = {
  ...lifecycleDeciders,
  ...moveDeciders,
  ...deliveryDeciders,
  ...loadDeciders,
  ...loadLogDeciders,
  ...waybillDeciders,
  ...expenseDeciders,
  ...incomeDeciders,
  ...operationDeciders,
  ...invoiceDeciders,
  ...driverDeciders,
  ...paymentDeciders,
  ...offerDeciders,
  ...documentDeciders,
};

/**
 * The events `command` produces on `state`, or a thrown DomainError saying why it is refused.
 * Pure: time, ids, tenant and actor come from the command.
 */
export function decide(command: OrderCommand, state: OrderState): OrderEvent[] {
  if (!isIsoDateTime(command.at))
    throw validationFailed([{ path: 'at', reason: 'expected an ISO-8601 timestamp' }]);
  const events =
    command.type === 'CreateOrder'
      ? decideCreateOrder(command, state)
      : (deciders[command.type] as (command: OrderCommand, order: Order) => OrderEvent[])(
          command,
          requireOrder(state, command),
        );
  // Optional fields left undefined would not survive the JSON round trip of the event store.
  return events.map(withoutUndefined);
}
