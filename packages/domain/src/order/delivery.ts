// Deliver Loads (spec 8), Cancel Delivery (spec 7) and Notice Loads (spec 9).
import type { NoticeReason, OrderStatus } from './enums.ts';
import {
  eventOf,
  optional,
  type CommandContext,
  type Deciders,
  type DomainEvent,
  type Evolvers,
} from './context.ts';
import { DomainError, notFound } from './errors.ts';
import { assertIdFree, requireOpen } from './guards.ts';
import type { Delivery, Notice, Order } from './state.ts';
import { canTransition, invalidTransition } from './status.ts';
import { check, checkText, validate } from './validate.ts';
import { normalizeTurkishMobile } from '../validators/phone.ts';

export interface DeliverLoads extends CommandContext {
  type: 'DeliverLoads';
  /** load_no values; empty only when no undelivered load remains. */
  loadNos: string[];
  recipientName?: string;
  recipientPhone?: string;
}
export interface CancelDelivery extends CommandContext {
  type: 'CancelDelivery';
  cancelReason?: string;
}
export interface NoticeLoads extends CommandContext {
  type: 'NoticeLoads';
  noticeId: string;
  loadNos: string[];
  noticeReason: NoticeReason;
  description?: string;
}
export type DeliveryCommand = DeliverLoads | CancelDelivery | NoticeLoads;

type Recipient = Omit<Delivery, 'at'>;
/** Loads marked delivered (partial delivery); the recipient is kept on each load. */
export type LoadsDelivered = DomainEvent<'LoadsDelivered', Recipient & { loadNos: string[] }>;
/** Every load is delivered: the order moves `from` → delivered. */
export type OrderDelivered = DomainEvent<'OrderDelivered', Recipient & { from: OrderStatus }>;
/** delivered → `restoredStatus` (the status before delivery); load delivery marks cleared. */
export type DeliveryCancelled = DomainEvent<
  'DeliveryCancelled',
  { restoredStatus: OrderStatus; cancelReason?: string }
>;
export type LoadsNoticed = DomainEvent<'LoadsNoticed', { notice: Omit<Notice, 'at'> }>;
export type DeliveryEvent = LoadsDelivered | OrderDelivered | DeliveryCancelled | LoadsNoticed;

function assertLoadNosExist(order: Order, loadNos: readonly string[]): void {
  const unknown = loadNos.find((loadNo) => !order.loads.some((load) => load.loadNo === loadNo));
  if (unknown !== undefined) throw notFound('LOAD_NOT_FOUND', 'loadNo', unknown);
}

/**
 * Marks `loadNos` delivered; when no undelivered load remains the order is delivered. Used by
 * DeliverLoads and by every move to `delivered` (which delivers the remaining loads).
 */
export function deliver(
  order: Order,
  loadNos: readonly string[],
  recipient: Recipient,
  command: CommandContext,
): (LoadsDelivered | OrderDelivered)[] {
  const undelivered = order.loads.filter((load) => load.delivery === null).map((load) => load.loadNo);
  const delivered = undelivered.filter((loadNo) => loadNos.includes(loadNo));
  const events: (LoadsDelivered | OrderDelivered)[] = [];
  if (delivered.length > 0)
    events.push(eventOf(command, 'LoadsDelivered', { loadNos: delivered, ...recipient }));
  if (delivered.length === undelivered.length) {
    events.push(eventOf(command, 'OrderDelivered', { from: order.status, ...recipient }));
  }
  return events;
}

/** Delivers every load still undelivered, and so the order. */
export function deliverAll(order: Order, command: CommandContext): (LoadsDelivered | OrderDelivered)[] {
  return deliver(
    order,
    order.loads.map((load) => load.loadNo),
    {},
    command,
  );
}

function recipientOf(command: DeliverLoads): Recipient {
  const { recipientName, recipientPhone } = command;
  const phone = recipientPhone === undefined ? undefined : normalizeTurkishMobile(recipientPhone);
  validate((problems) => {
    checkText(problems, recipientName, 'recipientName');
    check(problems, phone !== null, 'recipientPhone', 'expected a Turkish mobile number');
  });
  return { ...optional('recipientName', recipientName), ...optional('recipientPhone', phone ?? undefined) };
}

export const deliveryDeciders: Deciders<DeliveryCommand, DeliveryEvent> = {
  DeliverLoads(command, order) {
    requireOpen(order);
    if (!canTransition(order.status, 'delivered')) throw invalidTransition(order.status, 'delivered');
    const recipient = recipientOf(command);
    assertLoadNosExist(order, command.loadNos);
    const undelivered = order.loads.some((load) => load.delivery === null);
    validate((problems) =>
      check(problems, command.loadNos.length > 0 || !undelivered, 'loadNos', 'name the loads to deliver'),
    );
    return deliver(order, command.loadNos, recipient, command);
  },
  CancelDelivery(command, order) {
    if (order.status !== 'delivered') {
      throw new DomainError('ORDER_NOT_DELIVERED', `Order ${order.orderId} is not delivered`, [], {
        status: order.status,
      });
    }
    validate((problems) => checkText(problems, command.cancelReason, 'cancelReason'));
    const restoredStatus = order.statusBeforeDelivery ?? 'on-delivery';
    const cancelReason = optional('cancelReason', command.cancelReason);
    return [eventOf(command, 'DeliveryCancelled', { restoredStatus, ...cancelReason })];
  },
  NoticeLoads(command, order) {
    const { noticeId, loadNos, noticeReason, description } = command;
    assertIdFree(order.notices, 'noticeId', noticeId);
    validate((problems) => {
      check(problems, loadNos.length > 0, 'loadNos', 'name at least one load');
      checkText(problems, description, 'description');
    });
    assertLoadNosExist(order, loadNos);
    const notice = {
      noticeId,
      loadNos: [...new Set(loadNos)],
      noticeReason,
      ...optional('description', description),
    };
    return [eventOf(command, 'LoadsNoticed', { notice })];
  },
};

export const deliveryEvolvers: Evolvers<DeliveryEvent> = {
  LoadsDelivered: (order, { data }) => {
    const { loadNos, orderId: _orderId, actorId: _actorId, ...delivery } = data;
    return {
      ...order,
      loads: order.loads.map((load) => (loadNos.includes(load.loadNo) ? { ...load, delivery } : load)),
    };
  },
  OrderDelivered: (order, { data }) => {
    const { from, orderId: _orderId, actorId: _actorId, ...delivery } = data;
    return { ...order, status: 'delivered', statusBeforeDelivery: from, delivery };
  },
  DeliveryCancelled: (order, { data }) => ({
    ...order,
    status: data.restoredStatus,
    statusBeforeDelivery: null,
    delivery: null,
    loads: order.loads.map((load) => ({ ...load, delivery: null })),
  }),
  LoadsNoticed: (order, { data }) => ({
    ...order,
    notices: [...order.notices, { ...data.notice, at: data.at }],
  }),
};
