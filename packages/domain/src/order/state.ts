// The order aggregate's state: plain JSON data (stored as snapshots, returned by the details endpoint).
import type { Kurus } from '../money.ts';
import type { LedgerPricing } from '../pricing.ts';
import type { ApprovedOffer, LoadFields, OrderAttributes } from './attributes.ts';
import type {
  DocStatus,
  DocType,
  DriverStatus,
  HandoverReason,
  InvoicePlatform,
  LedgerEntryType,
  LoadActionType,
  LoadStatus,
  LoadType,
  NoticeReason,
  OfferSide,
  OfferStatus,
  OperationType,
  OrderStatus,
  PaymentMethod,
  PaymentStatus,
  SourceType,
  WaybillType,
} from './enums.ts';

/** Who received a delivered load or order, and when. Phone as +905XXXXXXXXX. */
export interface Delivery {
  at: string;
  recipientName?: string;
  recipientPhone?: string;
}

export interface Load extends LoadFields {
  loadId: string;
  delivery: Delivery | null;
}

export interface LoadLog {
  loadLogId: string;
  loadId: string;
  loadNo: string;
  loadType: LoadType;
  loadStatus: LoadStatus;
  loadActionType: LoadActionType;
  legId?: string;
}

/** A tutanak of NoticeLoads. */
export interface Notice {
  noticeId: string;
  loadNos: string[];
  noticeReason: NoticeReason;
  description?: string;
  at: string;
}

export interface Handover {
  handoverId: string;
  handoverReason: HandoverReason;
  /** The status the order was handed over from. */
  from: OrderStatus;
  at: string;
}

export interface Waybill {
  waybillId: string;
  serialNo?: string;
  sequenceNo: string;
  waybillType: WaybillType;
  shipmentDate?: string;
  shipmentHour?: string;
  currency: string;
  amount?: Kurus;
}

export interface Expense {
  expenseId: string;
  supplierId: string;
  expenseType: LedgerEntryType;
  description?: string;
  date?: string;
  pricing: LedgerPricing;
}

export interface Income {
  incomeId: string;
  supplierId?: string;
  customerId?: string;
  incomeType: LedgerEntryType;
  description?: string;
  date?: string;
  pricing: LedgerPricing;
}

export interface Operation {
  operationId: string;
  operationType: OperationType;
  sourceType: SourceType;
  vehicleId?: string;
  userId?: string;
  supplierId?: string;
}

export interface Invoice {
  invoiceId: string;
  issueDate: string;
  quantity?: number;
  unitPrice?: Kurus;
  vat?: number;
  title?: string;
  description?: string;
  note?: string;
  dueDate?: string;
  invoiceSeries?: string;
  invoiceSequence?: string;
  currency: string;
  invoicePlatform: InvoicePlatform;
}

export interface Driver {
  userId: string;
  driverStatus: DriverStatus;
}

/** Card data is never stored: only the holder and the last four digits. */
export interface PaymentCard {
  holder: string;
  last4: string;
}

export interface Payment {
  paymentId: string;
  paymentMethod: PaymentMethod;
  paymentStatus: PaymentStatus;
  currency: string;
  amount?: Kurus;
  dueDate?: string;
  card?: PaymentCard;
  /** From the virtual POS success callback. */
  authCode?: string;
  referenceCode?: string;
  /** From the virtual POS fail callback. */
  errorCode?: string;
}

export interface OfferUser {
  userId: string;
  userType: string;
  side: OfferSide;
}

export interface Offer {
  offerId: string;
  prevPrice?: Kurus;
  price: Kurus;
  users: OfferUser[];
  offerStatus: OfferStatus;
}

export interface OrderDocument {
  documentId: string;
  docType: DocType;
  docStatus: DocStatus;
  title?: string;
  description?: string;
  /** Who may see the document. */
  userTypes: string[];
}

/** An order that has been created (and possibly deleted: `deletedAt` set). */
export interface Order extends OrderAttributes {
  exists: true;
  orderId: string;
  orderNo: string;
  tenantId: string;
  status: OrderStatus;
  /** Set while delivered: where CancelDelivery returns the order. */
  statusBeforeDelivery: OrderStatus | null;
  createdAt: string;
  createdBy: string;
  updatedAt: string;
  updatedBy: string;
  cancelledAt: string | null;
  deletedAt: string | null;
  delivery: Delivery | null;
  approvedOffer: ApprovedOffer | null;
  loads: Load[];
  loadLogs: LoadLog[];
  notices: Notice[];
  handovers: Handover[];
  waybills: Waybill[];
  expenses: Expense[];
  incomes: Income[];
  operations: Operation[];
  invoices: Invoice[];
  drivers: Driver[];
  payments: Payment[];
  offers: Offer[];
  documents: OrderDocument[];
}

/** Before OrderCreated. */
export interface NoOrder {
  exists: false;
}

export type OrderState = NoOrder | Order;

/** The state of a stream with no events. */
export function initialState(): OrderState {
  return { exists: false };
}
