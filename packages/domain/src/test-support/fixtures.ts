// Builders for commands and events in specs: the context is fixed, only the payload is written.
import type { CommandContext, CommandOfType, OrderCommand, OrderCommandType } from '../order/commands.ts';
import type { EventContext } from '../order/context.ts';
import { decide } from '../order/decide.ts';
import type { OrderStatus } from '../order/enums.ts';
import type { EventOfType, OrderEvent, OrderEventType } from '../order/events.ts';
import { evolve } from '../order/evolve.ts';
import { initialState, type Order, type OrderState } from '../order/state.ts';
import { transitions } from '../order/status.ts';
import type { OrderPricing } from '../pricing.ts';
import type { Route } from '../order/attributes.ts';

export const orderId = 'a6f7c2de-0000-4000-8000-000000000001';
export const tenantId = 'tenant-1';
export const actorId = 'user-1';
export const at = '2024-03-01T09:00:00Z';
export const context: CommandContext = { orderId, tenantId, actorId, at };

type Payload<K extends OrderCommandType> = Omit<CommandOfType<K>, 'type' | keyof CommandContext>;
type EventPayload<K extends OrderEventType> = Omit<EventOfType<K>['data'], keyof EventContext>;

/** A command of `type` with the fixed context (overridable). */
export function command<K extends OrderCommandType>(
  type: K,
  payload: Payload<K>,
  overrides: Partial<CommandContext> = {},
): CommandOfType<K> {
  return { type, ...context, ...payload, ...overrides } as unknown as CommandOfType<K>;
}

/** An event of `type` with the fixed context (overridable). */
export function event<K extends OrderEventType>(
  type: K,
  payload: EventPayload<K>,
  overrides: Partial<EventContext> = {},
): EventOfType<K> {
  return { type, data: { orderId, actorId, at, ...payload, ...overrides } } as unknown as EventOfType<K>;
}

/** The state after `events`. */
export function stateOf(events: readonly OrderEvent[], state: OrderState = initialState()): OrderState {
  return events.reduce(evolve, state);
}

/** The events `commands` produce one after the other from an empty stream (each must succeed). */
export function eventsOf(...commands: OrderCommand[]): OrderEvent[] {
  const events: OrderEvent[] = [];
  for (const next of commands) events.push(...decide(next, stateOf(events)));
  return events;
}

/** The order after `events` (fails when there is none). */
export function orderOf(events: readonly OrderEvent[]): Order {
  const state = stateOf(events);
  if (!state.exists) throw new Error('no order in these events');
  return state;
}

/** The spec's example pricing in kuruş at today's 20% VAT: 1000 + 100 + 50 + 200 lira → 1350 + 270 = 1620. */
export const pricing: OrderPricing = {
  baseAmount: 100_000,
  commission: 10_000,
  servicesAmount: 5_000,
  deliveryAmount: 20_000,
  discountAmount: 0,
  couponCode: 'INDIRIM10',
  subTotalAmount: 135_000,
  vat: 20,
  vatAmount: 27_000,
  totalAmount: 162_000,
  estAmount: 150_000,
  holdingAmount: 0,
};

/** A CreateOrder with the required fields and the given ones. */
export function createOrder(payload: Partial<Payload<'CreateOrder'>> = {}): CommandOfType<'CreateOrder'> {
  return command('CreateOrder', { orderNo: 'ORD-0001', orderType: 'delivery', ...payload });
}

/** A load of the create body. */
export function load(loadNo: string, loadId = `load-${loadNo}`) {
  return {
    loadId,
    loadNo,
    loadType: 'parcel' as const,
    height: 50,
    width: 40,
    length: 60,
    weight: 10,
    quantity: 2,
  };
}

/** Commands that walk a new order through the table to `status` (shortest path; two loads). */
export function walkTo(status: OrderStatus): OrderCommand[] {
  const start = createOrder({ loads: [load('YUK-001'), load('YUK-002')] });
  const previous = new Map<OrderStatus, OrderStatus>();
  const queue: OrderStatus[] = ['created'];
  while (queue.length > 0) {
    const from = queue.shift()!;
    for (const to of transitions[from]) {
      if (previous.has(to)) continue;
      previous.set(to, from);
      queue.push(to);
    }
  }
  const path: OrderStatus[] = [];
  for (let step: OrderStatus | undefined = status; step && step !== 'created'; step = previous.get(step)) {
    path.unshift(step);
  }
  return [start, ...path.map((to) => command('ChangeStatus', { to }))];
}

/** The events of an order walked to `status`. */
export const historyTo = (status: OrderStatus): OrderEvent[] => eventsOf(...walkTo(status));

/** A sender route with every kind of checked value: TCKN, VKN, a mobile to normalise, an e-mail, coordinates. */
export const senderRoute: Route = {
  routeType: 'origin',
  address: {
    latitude: 41.0082,
    longitude: 28.9784,
    cityId: 34,
    fullAddress: 'Tam adres metni',
    addressType: 'individual',
  },
  person: {
    firstname: 'Ali',
    lastname: 'Yılmaz',
    identity: '10000000146',
    phone: '0 (555) 123 45 67',
    email: 'ali@email.com',
    company: { titleLegal: 'ABC Ltd. Şti.', taxNo: '4540536920', companyType: 'limited' },
  },
  includes: { customerId: 'customer-1' },
};
