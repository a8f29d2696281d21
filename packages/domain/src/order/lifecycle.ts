// Create Order (spec 1), Update Order (spec 4), Delete Order (spec 5).
import type { LoadInput, OrderAttributes, OrderAttributesInput } from './attributes.ts';
import {
  eventOf,
  isSameData,
  payloadOf,
  type CommandContext,
  type Deciders,
  type DomainEvent,
  type Evolvers,
} from './context.ts';
import type { OrderStatus } from './enums.ts';
import { DomainError } from './errors.ts';
import { requireOpen } from './guards.ts';
import {
  assertLoads,
  fieldsOf,
  loadPaths,
  loadsAfterReplace,
  replaceLoads,
  type LoadEvent,
} from './loads.ts';
import { moveTo, type MoveOutcome } from './moves.ts';
import { orderVatDate } from './order-date.ts';
import { assertPaidWithinTotal } from './payments.ts';
import type { Order, OrderState } from './state.ts';
import { check, checkText, throwIfAny, validate, type Problems } from './validate.ts';
import { assertOrderMoney, checkOrderRules, normalizeAttributes } from './validate-order.ts';

export interface CreateOrder extends CommandContext, OrderAttributesInput {
  type: 'CreateOrder';
  /** Allocated by the caller (ORD-0001). */
  orderNo: string;
  /** Default `created`; anything else is the move created → orderStatus. */
  orderStatus?: OrderStatus;
  loads?: LoadInput[];
}
/** Every field optional; collections given replace the old ones. */
export interface UpdateOrder extends CommandContext, Partial<OrderAttributesInput> {
  type: 'UpdateOrder';
  /** When it differs from the current status: a move of the table. */
  orderStatus?: OrderStatus;
  /** Replaces the loads: kept ids keep their delivery marks and logs, missing ones are deleted. */
  loads?: LoadInput[];
}
/** Soft delete: afterwards every command fails with ORDER_DELETED. */
export interface DeleteOrder extends CommandContext {
  type: 'DeleteOrder';
}
export type LifecycleCommand = CreateOrder | UpdateOrder | DeleteOrder;

/** The order with its fields; its loads follow as LoadCreated, a non-default status as a move. */
export type OrderCreated = DomainEvent<
  'OrderCreated',
  { orderNo: string; tenantId: string; attributes: OrderAttributes }
>;
/** The fields that changed (collections whole). */
export type OrderUpdated = DomainEvent<'OrderUpdated', { changes: Partial<OrderAttributes> }>;
export type OrderDeleted = DomainEvent<'OrderDeleted', Record<never, never>>;
export type LifecycleEvent = OrderCreated | OrderUpdated | OrderDeleted;

const attributeDefaults = {
  isSuborder: false,
  isDraft: false,
  services: [],
  routes: [],
  customers: [],
  branches: [],
};

/** The order that OrderCreated starts. */
export function orderFromCreated({ data }: OrderCreated): Order {
  return {
    exists: true,
    orderId: data.orderId,
    orderNo: data.orderNo,
    tenantId: data.tenantId,
    ...data.attributes,
    status: 'created',
    statusBeforeDelivery: null,
    createdAt: data.at,
    createdBy: data.actorId,
    updatedAt: data.at,
    updatedBy: data.actorId,
    cancelledAt: null,
    deletedAt: null,
    delivery: null,
    approvedOffer: null,
    loads: [],
    loadLogs: [],
    notices: [],
    handovers: [],
    waybills: [],
    expenses: [],
    incomes: [],
    operations: [],
    invoices: [],
    drivers: [],
    payments: [],
    offers: [],
    documents: [],
  };
}

function assertDraftOnlyWhenCreated(order: Order, isDraft: boolean | undefined): void {
  validate((problems) =>
    check(
      problems,
      isDraft !== true || order.status === 'created',
      'isDraft',
      'only an order in created can be a draft',
    ),
  );
}

/** CreateOrder: the state must be empty (ORDER_ALREADY_EXISTS, or ORDER_DELETED for a deleted order). */
export function decideCreateOrder(
  command: CreateOrder,
  state: OrderState,
): (OrderCreated | LoadEvent | MoveOutcome)[] {
  if (state.exists) {
    const [code, what] =
      state.deletedAt === null
        ? (['ORDER_ALREADY_EXISTS', 'exists'] as const)
        : (['ORDER_DELETED', 'was deleted'] as const);
    throw new DomainError(code, `Order ${command.orderId} ${what}`, [], { orderId: command.orderId });
  }
  const { orderNo, orderStatus = 'created', loads = [], ...input } = payloadOf(command);
  const problems: Problems = [];
  checkText(problems, orderNo, 'orderNo');
  const attributes = { ...attributeDefaults, ...normalizeAttributes(problems, input) } as OrderAttributes;
  checkOrderRules(problems, { ...attributes, orderId: command.orderId });
  throwIfAny(problems);
  const created = eventOf(command, 'OrderCreated', { orderNo, tenantId: command.tenantId, attributes });
  const order: Order = {
    ...orderFromCreated(created),
    loads: loads.map((load) => ({ ...load, delivery: null })),
  };
  assertOrderMoney(order, orderVatDate(order));
  assertLoads(loads, orderVatDate(order), loadPaths(loads));
  const loadEvents = loads.map((load) => eventOf(command, 'LoadCreated', { load }));
  const moves = orderStatus === 'created' ? [] : moveTo(order, orderStatus, command);
  return [created, ...loadEvents, ...moves];
}

function changedAttributes(order: Order, attributes: Partial<OrderAttributes>): Partial<OrderAttributes> {
  const current = order as unknown as Record<string, unknown>;
  const entries = Object.entries(attributes).filter(([key, value]) => !isSameData(current[key], value));
  return Object.fromEntries(entries) as Partial<OrderAttributes>;
}

function decideUpdateOrder(command: UpdateOrder, order: Order): (OrderUpdated | LoadEvent | MoveOutcome)[] {
  const { orderStatus, loads, ...input } = payloadOf(command);
  const problems: Problems = [];
  const changes = changedAttributes(order, normalizeAttributes(problems, input));
  checkOrderRules(problems, { ...order, ...changes });
  throwIfAny(problems);
  assertDraftOnlyWhenCreated(order, changes.isDraft);
  if (loads !== undefined) requireOpen(order);
  const view: Order = { ...order, ...changes, loads: loads ? loadsAfterReplace(order, loads) : order.loads };
  assertOrderMoney(view, orderVatDate(view));
  assertLoads(view.loads.map(fieldsOf), orderVatDate(view), loadPaths(view.loads));
  if (changes.pricing) {
    assertPaidWithinTotal(view.payments, changes.pricing.totalAmount, 'pricing.totalAmount');
  }
  const updated = Object.keys(changes).length > 0 ? [eventOf(command, 'OrderUpdated', { changes })] : [];
  const loadEvents = loads ? replaceLoads(order, loads, command) : [];
  const moves =
    orderStatus === undefined || orderStatus === view.status ? [] : moveTo(view, orderStatus, command);
  return [...updated, ...loadEvents, ...moves];
}

export const lifecycleDeciders: Deciders<
  Exclude<LifecycleCommand, CreateOrder>,
  OrderUpdated | OrderDeleted | LoadEvent | MoveOutcome
> = {
  UpdateOrder: decideUpdateOrder,
  DeleteOrder: (command) => [eventOf(command, 'OrderDeleted', {})],
};

/** OrderCreated has no evolver here: it starts the state (see evolve.ts). */
export const lifecycleEvolvers: Evolvers<OrderUpdated | OrderDeleted> = {
  OrderUpdated: (order, { data }) => ({ ...order, ...data.changes }),
  OrderDeleted: (order, { data }) => ({ ...order, deletedAt: data.at }),
};
