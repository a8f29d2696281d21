// Every event of the order aggregate, with its schema version. Each is defined beside its evolve
// logic, in the file named after its spec group; this file gathers them.
import type { OrderStatus } from './enums.ts';
import type { LifecycleEvent } from './lifecycle.ts';
import type { MoveEvent } from './moves.ts';
import type { DeliveryEvent } from './delivery.ts';
import type { LoadEvent } from './loads.ts';
import type { LoadLogEvent } from './load-logs.ts';
import type { WaybillEvent } from './waybills.ts';
import type { ExpenseEvent } from './expenses.ts';
import type { IncomeEvent } from './incomes.ts';
import type { OperationEvent } from './operations.ts';
import type { InvoiceEvent } from './invoices.ts';
import type { DriverEvent } from './drivers.ts';
import type { PaymentEvent } from './payments.ts';
import type { OfferEvent } from './offers.ts';
import type { DocumentEvent } from './documents.ts';
import type { StatusMove } from './status.ts';

export type { EventContext, DomainEvent } from './context.ts';
export type { OrderCreated, OrderUpdated, OrderDeleted } from './lifecycle.ts';
export type { OrderStatusChanged, OrderCancelled, HandoverCreated } from './moves.ts';
export type { LoadsDelivered, OrderDelivered, DeliveryCancelled, LoadsNoticed } from './delivery.ts';
export type { LoadCreated, LoadUpdated, LoadDeleted } from './loads.ts';
export type { LoadLogCreated, LoadLogUpdated, LoadLogDeleted } from './load-logs.ts';
export type { WaybillCreated, WaybillUpdated, WaybillDeleted } from './waybills.ts';
export type { ExpenseCreated, ExpenseUpdated, ExpenseDeleted } from './expenses.ts';
export type { IncomeCreated, IncomeUpdated, IncomeDeleted } from './incomes.ts';
export type { OperationCreated, OperationUpdated, OperationDeleted } from './operations.ts';
export type { InvoiceCreated, InvoiceUpdated, InvoiceDeleted } from './invoices.ts';
export type { DriverAssigned, DriverUpdated, DriverRemoved } from './drivers.ts';
export type {
  PaymentCreated,
  PaymentUpdated,
  PaymentDeleted,
  PaymentSucceeded,
  PaymentFailed,
} from './payments.ts';
export type { OfferCreated, OfferApproved, OfferUpdated, OfferDeleted } from './offers.ts';
export type { DocumentCreated, DocumentUpdated, DocumentDeleted } from './documents.ts';

export type OrderEvent =
  | LifecycleEvent
  | MoveEvent
  | DeliveryEvent
  | LoadEvent
  | LoadLogEvent
  | WaybillEvent
  | ExpenseEvent
  | IncomeEvent
  | OperationEvent
  | InvoiceEvent
  | DriverEvent
  | PaymentEvent
  | OfferEvent
  | DocumentEvent;
export type OrderEventType = OrderEvent['type'];
/** The event of type `K`. */
export type EventOfType<K extends OrderEventType> = Extract<OrderEvent, { type: K }>;

/**
 * The schema version each event type is written with (stored beside it). Raise it when a
 * payload changes shape, and register an upcaster from the old version in `upcast.ts`.
 */
export const eventSchemaVersions = {
  OrderCreated: 1,
  OrderUpdated: 1,
  OrderDeleted: 1,
  OrderStatusChanged: 1,
  OrderCancelled: 1,
  LoadsDelivered: 1,
  OrderDelivered: 1,
  DeliveryCancelled: 1,
  LoadsNoticed: 1,
  HandoverCreated: 1,
  LoadCreated: 1,
  LoadUpdated: 1,
  LoadDeleted: 1,
  LoadLogCreated: 1,
  LoadLogUpdated: 1,
  LoadLogDeleted: 1,
  WaybillCreated: 1,
  WaybillUpdated: 1,
  WaybillDeleted: 1,
  ExpenseCreated: 1,
  ExpenseUpdated: 1,
  ExpenseDeleted: 1,
  IncomeCreated: 1,
  IncomeUpdated: 1,
  IncomeDeleted: 1,
  OperationCreated: 1,
  OperationUpdated: 1,
  OperationDeleted: 1,
  InvoiceCreated: 1,
  InvoiceUpdated: 1,
  InvoiceDeleted: 1,
  DriverAssigned: 1,
  DriverUpdated: 1,
  DriverRemoved: 1,
  PaymentCreated: 2,
  PaymentUpdated: 1,
  PaymentDeleted: 1,
  PaymentSucceeded: 1,
  PaymentFailed: 1,
  OfferCreated: 1,
  OfferApproved: 1,
  OfferUpdated: 1,
  OfferDeleted: 1,
  DocumentCreated: 1,
  DocumentUpdated: 1,
  DocumentDeleted: 1,
} as const satisfies Record<OrderEventType, number>;

/** Every event type name. */
export const orderEventTypes = Object.keys(eventSchemaVersions) as readonly OrderEventType[];

/**
 * The status move an event records, or null: OrderStatusChanged, OrderCancelled, OrderDelivered,
 * HandoverCreated and DeliveryCancelled (the restore) are the only events that change the status.
 */
export function statusMoveOf(event: OrderEvent): StatusMove | null {
  switch (event.type) {
    case 'OrderStatusChanged':
      return { from: event.data.from, to: event.data.to };
    case 'OrderCancelled':
      return { from: event.data.from, to: 'cancelled' };
    case 'OrderDelivered':
      return { from: event.data.from, to: 'delivered' };
    case 'HandoverCreated':
      return { from: event.data.from, to: 'handover' };
    case 'DeliveryCancelled':
      return { from: 'delivered' satisfies OrderStatus, to: event.data.restoredStatus };
    default:
      return null;
  }
}
