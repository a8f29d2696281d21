// One request of a plan: what the runner sends, with placeholders for ids it learns on the way.

/** The sub-resource groups of the v3 API (§20–30), as the seed counts them. */
export const subResourceKinds = [
  'waybills',
  'expenses',
  'incomes',
  'loads',
  'load-logs',
  'operations',
  'invoices',
  'drivers',
  'payments',
  'offers',
  'docs',
] as const;
export type SubResourceKind = (typeof subResourceKinds)[number];

/** The groups with their own path under /v3/orders/:order_id/ (load logs live under a load). */
export type SubResourcePath = Exclude<SubResourceKind, 'load-logs'>;

/** The id parameter of each group's item routes, which is also the id field of its answers. */
export const subResourceIdParams: Readonly<Record<SubResourcePath, string>> = {
  waybills: 'order_waybill_id',
  expenses: 'order_expense_id',
  incomes: 'order_income_id',
  loads: 'order_load_id',
  operations: 'order_operation_id',
  invoices: 'order_invoice_id',
  drivers: 'user_id',
  payments: 'order_payment_id',
  offers: 'order_offer_id',
  docs: 'order_doc_id',
};

export type Method = 'GET' | 'POST' | 'PUT' | 'DELETE';

/**
 * One request of an order's life. `path` holds placeholders the runner fills from earlier
 * answers: `{order_id}`, `{order_no}` and `{ref:<name>}` (an id kept by an earlier step).
 */
export interface Step {
  /** The route as reports name it, e.g. `POST /v3/orders/:order_id/waybills`. */
  route: string;
  method: Method;
  path: string;
  body?: unknown;
  /** The acting user (`x-user-id`); the order's creator when absent. */
  userId?: string;
  /** Ids to keep from the answer's `data`: name → field (`payments3` → `order_payment_id`). */
  keep?: Record<string, string>;
}
