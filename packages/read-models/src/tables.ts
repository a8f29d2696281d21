// The read-model tables (schema `read_model`) as kysely sees them. The projector writes them,
// order-api's query routes read them. Money is integer kuruş (bigint, read back as a string);
// dates are `YYYY-MM-DD`, instants timestamptz.
import type { ColumnType, Generated } from 'kysely';

export const readModelSchema = 'read_model';

type Bigint = ColumnType<string, number | string, number | string>;
type Timestamp = ColumnType<Date, string | Date, string | Date>;
type DateColumn = ColumnType<string, string, string>;
type Json<T> = ColumnType<T, string, string>;

/** One row per order: every column the list filters, searches, deep-searches and sorts on. */
export interface OrderListTable {
  order_id: string;
  tenant_id: string;
  /** The order stream's version last applied: an event at or below it is never applied again. */
  version: Bigint;
  order_no: string;
  status: string;
  order_type: string;
  transport_mode: string | null;
  transport_type: string | null;
  content_type: string | null;
  vehicle_type: string | null;
  vehicle_body: string | null;
  upload_type: string | null;
  container_type: string | null;
  pen_type: string | null;
  shipping_type: string | null;
  assign_type: string | null;
  payment_type: string | null;
  payment_method: string | null;
  is_draft: boolean;
  is_suborder: boolean;
  departure_date: ColumnType<string | null, string | null, string | null>;
  arrival_date: ColumnType<string | null, string | null, string | null>;
  created_at: Timestamp;
  created_by: string;
  updated_at: Timestamp;
  updated_by: string;
  status_changed_at: Timestamp;
  cancelled_at: ColumnType<Date | null, string | null, string | null>;
  delivered_at: ColumnType<Date | null, string | null, string | null>;
  deleted_at: ColumnType<Date | null, string | null, string | null>;
  customer_ids: string[];
  sender_customer_ids: string[];
  receiver_customer_ids: string[];
  invoice_customer_ids: string[];
  branch_ids: string[];
  origin_branch_ids: string[];
  destination_branch_ids: string[];
  driver_ids: string[];
  user_ids: string[];
  transfer_center_ids: string[];
  has_invoice: boolean;
  invoice_status: string;
  collection_status: string;
  total_amount: Bigint;
  paid_amount: Bigint;
  invoiced_amount: Bigint;
  income_amount: Bigint;
  expense_amount: Bigint;
  load_count: number;
  sender_name: string | null;
  sender_phone: string | null;
  receiver_name: string | null;
  receiver_phone: string | null;
  origin_address: string | null;
  destination_address: string | null;
  /** Folded (foldTurkish) order_no, receipt number, names, companies, phones, e-mails, addresses. */
  search_text: string;
  /** Each side's folded text for its deep search (no ids: those are matched in the id arrays). */
  sender_search: string;
  receiver_search: string;
  origin_branch_search: string;
  destination_branch_search: string;
  invoice_customer_search: string;
  /** The projection's own fold state (OrderListState): what the columns are computed from. */
  state: Json<unknown>;
}

/** One row per order event: who did what and when. */
export interface OrderLogTable {
  position: Bigint;
  order_id: string;
  tenant_id: string | null;
  stream_version: Bigint;
  event_type: string;
  actor: string | null;
  message: string;
  details: Json<Record<string, unknown>>;
  correlation_id: string | null;
  occurred_at: Timestamp;
  recorded_at: Timestamp;
}

/** Per order: what it adds to the report (its day, status, invoice flag, customers, branches, total). */
export interface ReportOrderTable {
  order_id: string;
  tenant_id: string;
  version: Bigint;
  day: DateColumn;
  status: string;
  has_invoice: boolean;
  customer_ids: string[];
  branch_ids: string[];
  total_amount: Bigint;
  deleted: boolean;
}

/** Orders and totals per tenant, creation day (Türkiye), status and invoice flag. */
export interface ReportDailyTable {
  tenant_id: string;
  day: DateColumn;
  status: string;
  has_invoice: boolean;
  orders: Bigint;
  total_amount: Bigint;
}

/** Per order: the balances projection's fold state (what it attributed to whom). */
export interface BalanceOrderTable {
  order_id: string;
  tenant_id: string;
  version: Bigint;
  state: Json<unknown>;
}

/** Money per tenant, party (customer or branch) and day. */
export interface BalanceTotalTable {
  tenant_id: string;
  party_kind: 'customer' | 'branch';
  party_id: string;
  day: DateColumn;
  orders: Bigint;
  incomes: Bigint;
  expenses: Bigint;
  invoiced: Bigint;
  paid: Bigint;
}

/** The read model tables under their qualified names, plus the event store's checkpoints. */
export interface ReadModelTables {
  'read_model.order_list': OrderListTable;
  'read_model.order_logs': OrderLogTable;
  'read_model.report_orders': ReportOrderTable;
  'read_model.report_daily': ReportDailyTable;
  'read_model.balance_orders': BalanceOrderTable;
  'read_model.balance_totals': BalanceTotalTable;
  'event_store.subscription_checkpoints': {
    name: string;
    transaction_id: string;
    position: Bigint;
    updated_at: Generated<Date>;
  };
}

/** A projection's tables by their plain name (`order_list`), as written in `read_model`. */
export type ReadModelTableName =
  'order_list' | 'order_logs' | 'report_orders' | 'report_daily' | 'balance_orders' | 'balance_totals';

/**
 * Where a projection writes: each of its tables' plain name → the table it writes now (the live
 * table, or its shadow `<name>__rebuild` while rebuilding).
 */
export type TableTargets = Readonly<Partial<Record<ReadModelTableName, string>>>;

/** The live tables: `{ order_list: 'order_list', … }`. */
export function liveTargets(tables: readonly ReadModelTableName[]): TableTargets {
  return Object.fromEntries(tables.map((t) => [t, t]));
}

/** The shadow table a rebuild fills before it is swapped in. */
export const shadowName = (table: string): string => `${table}__rebuild`;
