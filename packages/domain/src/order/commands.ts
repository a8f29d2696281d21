// Every command of the order aggregate. Each is defined beside its decide logic, in the file named
// after its spec group; this file gathers them.
import type { LifecycleCommand } from './lifecycle.ts';
import type { MoveCommand } from './moves.ts';
import type { DeliveryCommand } from './delivery.ts';
import type { LoadCommand } from './loads.ts';
import type { LoadLogCommand } from './load-logs.ts';
import type { WaybillCommand } from './waybills.ts';
import type { ExpenseCommand } from './expenses.ts';
import type { IncomeCommand } from './incomes.ts';
import type { OperationCommand } from './operations.ts';
import type { InvoiceCommand } from './invoices.ts';
import type { DriverCommand } from './drivers.ts';
import type { PaymentCommand } from './payments.ts';
import type { OfferCommand } from './offers.ts';
import type { DocumentCommand } from './documents.ts';

export type { CommandContext } from './context.ts';
export type { CreateOrder, UpdateOrder, DeleteOrder } from './lifecycle.ts';
export type { ChangeStatus, CancelOrder, CreateHandover } from './moves.ts';
export type { DeliverLoads, CancelDelivery, NoticeLoads } from './delivery.ts';
export type { CreateLoad, UpdateLoad, DeleteLoad } from './loads.ts';
export type { CreateLoadLog, UpdateLoadLog, DeleteLoadLog } from './load-logs.ts';
export type { CreateWaybill, UpdateWaybill, DeleteWaybill } from './waybills.ts';
export type { CreateExpense, UpdateExpense, DeleteExpense } from './expenses.ts';
export type { CreateIncome, UpdateIncome, DeleteIncome } from './incomes.ts';
export type { CreateOperation, UpdateOperation, DeleteOperation } from './operations.ts';
export type { CreateInvoice, UpdateInvoice, DeleteInvoice } from './invoices.ts';
export type { AssignDriver, UpdateDriver, RemoveDriver } from './drivers.ts';
export type {
  CreatePayment,
  UpdatePayment,
  DeletePayment,
  RecordPaymentSuccess,
  RecordPaymentFailure,
  CardInput,
} from './payments.ts';
export type { CreateOffer, UpdateOffer, DeleteOffer } from './offers.ts';
export type { CreateDocument, UpdateDocument, DeleteDocument } from './documents.ts';

export type OrderCommand =
  | LifecycleCommand
  | MoveCommand
  | DeliveryCommand
  | LoadCommand
  | LoadLogCommand
  | WaybillCommand
  | ExpenseCommand
  | IncomeCommand
  | OperationCommand
  | InvoiceCommand
  | DriverCommand
  | PaymentCommand
  | OfferCommand
  | DocumentCommand;
export type OrderCommandType = OrderCommand['type'];
/** The command of type `K`. */
export type CommandOfType<K extends OrderCommandType> = Extract<OrderCommand, { type: K }>;

// `satisfies` makes the compiler refuse a missing or an unknown name.
const commandTypes = {
  CreateOrder: true,
  UpdateOrder: true,
  DeleteOrder: true,
  CancelOrder: true,
  CancelDelivery: true,
  DeliverLoads: true,
  NoticeLoads: true,
  CreateHandover: true,
  ChangeStatus: true,
  CreateLoad: true,
  UpdateLoad: true,
  DeleteLoad: true,
  CreateLoadLog: true,
  UpdateLoadLog: true,
  DeleteLoadLog: true,
  CreateWaybill: true,
  UpdateWaybill: true,
  DeleteWaybill: true,
  CreateExpense: true,
  UpdateExpense: true,
  DeleteExpense: true,
  CreateIncome: true,
  UpdateIncome: true,
  DeleteIncome: true,
  CreateOperation: true,
  UpdateOperation: true,
  DeleteOperation: true,
  CreateInvoice: true,
  UpdateInvoice: true,
  DeleteInvoice: true,
  AssignDriver: true,
  UpdateDriver: true,
  RemoveDriver: true,
  CreatePayment: true,
  UpdatePayment: true,
  DeletePayment: true,
  RecordPaymentSuccess: true,
  RecordPaymentFailure: true,
  CreateOffer: true,
  UpdateOffer: true,
  DeleteOffer: true,
  CreateDocument: true,
  UpdateDocument: true,
  DeleteDocument: true,
} as const satisfies Record<OrderCommandType, true>;

/** Every command type name. */
export const orderCommandTypes = Object.keys(commandTypes) as readonly OrderCommandType[];
