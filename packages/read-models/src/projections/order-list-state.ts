// The order list's fold: each order's compact state (stored in order_list.state) and the row
// computed from it. Pure: the projection and the tests share it.
import {
  multiplyKurus,
  percentOf,
  type Kurus,
  type OrderAttributes,
  type OrderEvent,
  type OrderStatus,
  type Route,
} from '@orders/domain';
import { foldTurkish } from '../fold.ts';
import type { ProjectedEvent } from './types.ts';
import { uuids } from './types.ts';

/** What the list keeps of a route: names, contact, address text and the ids it links. */
export interface RouteSummary {
  type: Route['routeType'];
  name?: string;
  company?: string;
  phone?: string;
  email?: string;
  address?: string;
  customerId?: string;
  userId?: string;
  addressId?: string;
  invoiceAddress?: boolean;
}

/** The scalar fields of the order the list shows and filters on. */
export interface ListAttributes {
  orderType: string;
  transportMode?: string;
  transportType?: string;
  contentType?: string;
  vehicleType?: string;
  vehicleBody?: string;
  uploadType?: string;
  containerType?: string;
  penType?: string;
  shippingType?: string;
  assignType?: string;
  paymentType?: string;
  paymentMethod?: string;
  isDraft: boolean;
  isSuborder: boolean;
  departureDate?: string;
  arrivalDate?: string;
  receiptNumber?: string;
  salesManagerId?: string;
  operationManagerId?: string;
  totalAmount?: Kurus;
}

/** The fold state of one order in the list projection. */
export interface OrderListState {
  tenantId: string;
  orderNo: string;
  status: OrderStatus;
  createdAt: string;
  createdBy: string;
  updatedAt: string;
  updatedBy: string;
  statusChangedAt: string;
  cancelledAt?: string;
  deliveredAt?: string;
  deletedAt?: string;
  attrs: ListAttributes;
  routes: RouteSummary[];
  customers: { id: string; type: string; invoice: boolean }[];
  branches: { id: string; type: string }[];
  // Sub-resources, each left out while empty (most orders have few: the state stays small).
  loads?: Record<string, string>;
  payments?: Record<string, { status: string; amount: Kurus }>;
  invoices?: Record<string, { total: Kurus; title?: string }>;
  incomes?: Record<string, Kurus>;
  expenses?: Record<string, Kurus>;
  drivers?: Record<string, string>;
  operations?: Record<string, string | null>;
}

type MapKey = 'loads' | 'payments' | 'invoices' | 'incomes' | 'expenses' | 'drivers' | 'operations';

/** `state` with `key` set to `record`, or without `key` when the record is empty. */
function withMap<K extends MapKey>(
  state: OrderListState,
  key: K,
  record: NonNullable<OrderListState[K]>,
): OrderListState {
  const next = { ...state };
  if (Object.keys(record).length === 0) delete next[key];
  else next[key] = record;
  return next;
}

const scalarKeys = [
  'orderType',
  'transportMode',
  'transportType',
  'contentType',
  'vehicleType',
  'vehicleBody',
  'uploadType',
  'containerType',
  'penType',
  'shippingType',
  'assignType',
  'paymentType',
  'paymentMethod',
  'isDraft',
  'isSuborder',
  'receiptNumber',
  'salesManagerId',
  'operationManagerId',
] as const satisfies readonly (keyof OrderAttributes & keyof ListAttributes)[];

const joinText = (parts: readonly (string | number | undefined)[]): string | undefined => {
  const text = parts
    .filter((p) => p !== undefined && p !== '')
    .join(' ')
    .trim();
  return text === '' ? undefined : text;
};

/** The list's summary of a route. */
export function summarizeRoute(route: Route): RouteSummary {
  const person = route.person;
  const company = person?.company;
  const summary: RouteSummary = { type: route.routeType };
  const name = person?.fullname ?? joinText([person?.firstname, person?.lastname]);
  const companyText = joinText([company?.titleLegal, company?.titleBrand]);
  const address = route.address;
  const addressText = joinText([
    address?.fullAddress,
    address?.tag,
    address?.description,
    address?.apartment,
    address?.zipCode,
  ]);
  if (name) summary.name = name;
  if (companyText) summary.company = companyText;
  if (person?.phone) summary.phone = person.phone;
  if (person?.email) summary.email = person.email;
  if (addressText) summary.address = addressText;
  if (route.includes?.customerId) summary.customerId = route.includes.customerId;
  if (route.includes?.userId) summary.userId = route.includes.userId;
  if (route.includes?.addressId) summary.addressId = route.includes.addressId;
  if (address?.addressType === 'invoice') summary.invoiceAddress = true;
  return summary;
}

function applyAttributes(attrs: ListAttributes, changes: Partial<OrderAttributes>): ListAttributes {
  const next: Record<string, unknown> = { ...attrs };
  for (const key of scalarKeys) {
    if (key in changes && changes[key] !== undefined) next[key] = changes[key];
  }
  if (changes.dates !== undefined) {
    delete next['departureDate'];
    delete next['arrivalDate'];
    if (changes.dates.departureDate) next['departureDate'] = changes.dates.departureDate;
    if (changes.dates.arrivalDate) next['arrivalDate'] = changes.dates.arrivalDate;
  }
  if (changes.pricing !== undefined) next['totalAmount'] = changes.pricing.totalAmount;
  return next as unknown as ListAttributes;
}

function applyCollections(state: OrderListState, changes: Partial<OrderAttributes>): void {
  if (changes.routes) state.routes = changes.routes.map(summarizeRoute);
  if (changes.customers) {
    state.customers = changes.customers.map((c) => ({
      id: c.customerId,
      type: c.customerType,
      invoice: c.hasInvoice,
    }));
  }
  if (changes.branches) state.branches = changes.branches.map((b) => ({ id: b.branchId, type: b.routeType }));
}

const without = <V>(record: Record<string, V>, key: string): Record<string, V> => {
  const { [key]: _removed, ...rest } = record;
  return rest;
};

/** An invoice's total in kuruş: unit price × quantity plus VAT (the domain's rounding). */
export function invoiceTotal(invoice: { unitPrice?: Kurus; quantity?: number; vat?: number }): Kurus {
  const net = multiplyKurus(invoice.unitPrice ?? 0, invoice.quantity ?? 1);
  return net + percentOf(net, invoice.vat ?? 0);
}

/** The state after `event`, or undefined before OrderCreated (events of an unknown order are left alone). */
export function foldOrderList(
  state: OrderListState | undefined,
  projected: ProjectedEvent,
): OrderListState | undefined {
  const event: OrderEvent = projected.event;
  const { at, actorId } = event.data;
  if (event.type === 'OrderCreated') {
    const a = event.data.attributes;
    const created: OrderListState = {
      tenantId: event.data.tenantId,
      orderNo: event.data.orderNo,
      status: 'created',
      createdAt: at,
      createdBy: actorId,
      updatedAt: at,
      updatedBy: actorId,
      statusChangedAt: at,
      attrs: applyAttributes({ orderType: a.orderType, isDraft: false, isSuborder: false }, a),
      routes: [],
      customers: [],
      branches: [],
    };
    applyCollections(created, a);
    return created;
  }
  if (!state) return undefined;
  let next: OrderListState = { ...state, updatedAt: at, updatedBy: actorId };
  const move = (to: OrderStatus) => {
    next.status = to;
    next.statusChangedAt = at;
  };
  switch (event.type) {
    case 'OrderUpdated':
      next.attrs = applyAttributes(state.attrs, event.data.changes);
      applyCollections(next, event.data.changes);
      break;
    case 'OrderDeleted':
      next.deletedAt = at;
      break;
    case 'OrderStatusChanged':
      move(event.data.to);
      break;
    case 'OrderCancelled':
      move('cancelled');
      next.cancelledAt = at;
      break;
    case 'OrderDelivered':
      move('delivered');
      next.deliveredAt = at;
      break;
    case 'DeliveryCancelled': {
      move(event.data.restoredStatus);
      const { deliveredAt: _d, ...rest } = next;
      return rest;
    }
    case 'HandoverCreated':
      move('handover');
      break;
    case 'LoadCreated':
    case 'LoadUpdated':
      next = withMap(next, 'loads', {
        ...state.loads,
        [event.data.load.loadId]: event.data.load.loadNo,
      });
      break;
    case 'LoadDeleted':
      next = withMap(next, 'loads', without(state.loads ?? {}, event.data.loadId));
      break;
    case 'ExpenseCreated':
    case 'ExpenseUpdated':
      next = withMap(next, 'expenses', {
        ...state.expenses,
        [event.data.expense.expenseId]: event.data.expense.pricing.totalPrice,
      });
      break;
    case 'ExpenseDeleted':
      next = withMap(next, 'expenses', without(state.expenses ?? {}, event.data.expenseId));
      break;
    case 'IncomeCreated':
    case 'IncomeUpdated':
      next = withMap(next, 'incomes', {
        ...state.incomes,
        [event.data.income.incomeId]: event.data.income.pricing.totalPrice,
      });
      break;
    case 'IncomeDeleted':
      next = withMap(next, 'incomes', without(state.incomes ?? {}, event.data.incomeId));
      break;
    case 'OperationCreated':
    case 'OperationUpdated':
      next = withMap(next, 'operations', {
        ...state.operations,
        [event.data.operation.operationId]: event.data.operation.userId ?? null,
      });
      break;
    case 'OperationDeleted':
      next = withMap(next, 'operations', without(state.operations ?? {}, event.data.operationId));
      break;
    case 'InvoiceCreated':
    case 'InvoiceUpdated': {
      const invoice = event.data.invoice;
      next = withMap(next, 'invoices', {
        ...state.invoices,
        [invoice.invoiceId]: {
          total: invoiceTotal(invoice),
          ...(invoice.title ? { title: invoice.title } : {}),
        },
      });
      break;
    }
    case 'InvoiceDeleted':
      next = withMap(next, 'invoices', without(state.invoices ?? {}, event.data.invoiceId));
      break;
    case 'DriverAssigned':
    case 'DriverUpdated':
      next = withMap(next, 'drivers', {
        ...state.drivers,
        [event.data.driver.userId]: event.data.driver.driverStatus,
      });
      break;
    case 'DriverRemoved':
      next = withMap(next, 'drivers', without(state.drivers ?? {}, event.data.userId));
      break;
    case 'PaymentCreated':
    case 'PaymentUpdated': {
      const p = event.data.payment;
      next = withMap(next, 'payments', {
        ...state.payments,
        [p.paymentId]: { status: p.paymentStatus, amount: p.amount ?? 0 },
      });
      break;
    }
    case 'PaymentDeleted':
      next = withMap(next, 'payments', without(state.payments ?? {}, event.data.paymentId));
      break;
    case 'PaymentSucceeded':
      next = withMap(next, 'payments', {
        ...state.payments,
        [event.data.paymentId]: { status: 'paid', amount: event.data.amount },
      });
      break;
    case 'PaymentFailed': {
      const current = state.payments?.[event.data.paymentId];
      if (current)
        next = withMap(next, 'payments', {
          ...state.payments,
          [event.data.paymentId]: { ...current, status: 'fail' },
        });
      break;
    }
    default:
      // Load logs, waybills, notices, offers, documents, loads delivered: only "updated" moves.
      break;
  }
  return next;
}

export const invoiceStatuses = ['none', 'pending', 'invoiced'] as const;
export const collectionStatuses = ['unpaid', 'partial', 'paid'] as const;

const sum = (values: readonly number[]): number => values.reduce((a, b) => a + b, 0);

/** The route the sender side is read from (origin, else departure) and the receiver's (destination, else arrival). */
function sideRoute(routes: readonly RouteSummary[], first: string, second: string): RouteSummary | undefined {
  return routes.find((r) => r.type === first) ?? routes.find((r) => r.type === second);
}

const routeParts = (r: RouteSummary | undefined): string[] =>
  r ? [r.name, r.company, r.phone, r.email].filter((p): p is string => p !== undefined) : [];

/** The order_list row (every column) computed from an order's state. */
export function orderListRow(orderId: string, version: number, s: OrderListState) {
  const a = s.attrs;
  const sender = sideRoute(s.routes, 'origin', 'departure');
  const receiver = sideRoute(s.routes, 'destination', 'arrival');
  const originRoute = s.routes.find((r) => r.type === 'origin');
  const destinationRoute = s.routes.find((r) => r.type === 'destination');
  const customersOf = (type: string) => uuids(s.customers.filter((c) => c.type === type).map((c) => c.id));
  const senderCustomers = customersOf('sender');
  const receiverCustomers = customersOf('receiver');
  const invoiceCustomers = uuids(s.customers.filter((c) => c.invoice).map((c) => c.id));
  const branchesOf = (type: string) => uuids(s.branches.filter((b) => b.type === type).map((b) => b.id));
  const originBranches = branchesOf('origin');
  const destinationBranches = branchesOf('destination');
  const invoiceTitles = Object.values(s.invoices ?? {})
    .map((i) => i.title)
    .filter((t): t is string => t !== undefined);
  const invoiceRoutes = s.routes.filter(
    (r) =>
      r.invoiceAddress === true ||
      (r.customerId !== undefined && invoiceCustomers.includes(r.customerId.toLowerCase())),
  );
  const fold = (parts: readonly string[]) => parts.map(foldTurkish).filter((p) => p !== '');

  // Text only: ids are matched whole through the id arrays, never as text. Every part of a
  // deep-search column also stands verbatim in search_text, so the one trigram index over
  // search_text pre-filters every deep search (see the migrations).
  const searchParts = fold([
    s.orderNo,
    ...(a.receiptNumber ? [a.receiptNumber] : []),
    ...s.routes.flatMap((r) => [...routeParts(r), ...(r.address ? [r.address] : [])]),
    ...invoiceTitles,
  ]);
  const paid = sum(
    Object.values(s.payments ?? {})
      .filter((p) => p.status === 'paid')
      .map((p) => p.amount),
  );
  const total = a.totalAmount ?? 0;
  const invoiced = sum(Object.values(s.invoices ?? {}).map((i) => i.total));
  const hasInvoice = s.customers.some((c) => c.invoice);
  const invoiceCount = Object.keys(s.invoices ?? {}).length;

  return {
    order_id: orderId,
    tenant_id: s.tenantId,
    version,
    order_no: s.orderNo,
    status: s.status,
    order_type: a.orderType,
    transport_mode: a.transportMode ?? null,
    transport_type: a.transportType ?? null,
    content_type: a.contentType ?? null,
    vehicle_type: a.vehicleType ?? null,
    vehicle_body: a.vehicleBody ?? null,
    upload_type: a.uploadType ?? null,
    container_type: a.containerType ?? null,
    pen_type: a.penType ?? null,
    shipping_type: a.shippingType ?? null,
    assign_type: a.assignType ?? null,
    payment_type: a.paymentType ?? null,
    payment_method: a.paymentMethod ?? null,
    is_draft: a.isDraft,
    is_suborder: a.isSuborder,
    departure_date: a.departureDate ?? null,
    arrival_date: a.arrivalDate ?? null,
    created_at: s.createdAt,
    created_by: s.createdBy,
    updated_at: s.updatedAt,
    updated_by: s.updatedBy,
    status_changed_at: s.statusChangedAt,
    cancelled_at: s.cancelledAt ?? null,
    delivered_at: s.deliveredAt ?? null,
    deleted_at: s.deletedAt ?? null,
    customer_ids: uuids(s.customers.map((c) => c.id)),
    sender_customer_ids: senderCustomers,
    receiver_customer_ids: receiverCustomers,
    invoice_customer_ids: invoiceCustomers,
    branch_ids: uuids(s.branches.map((b) => b.id)),
    origin_branch_ids: originBranches,
    destination_branch_ids: destinationBranches,
    driver_ids: uuids(Object.keys(s.drivers ?? {})),
    user_ids: uuids([
      s.createdBy,
      a.salesManagerId,
      a.operationManagerId,
      ...s.routes.map((r) => r.userId),
      ...Object.keys(s.drivers ?? {}),
      ...Object.values(s.operations ?? {}),
    ]),
    transfer_center_ids: uuids(
      s.routes.filter((r) => r.type === 'transfer').flatMap((r) => [r.addressId, r.customerId]),
    ),
    has_invoice: hasInvoice,
    invoice_status: invoiceCount > 0 ? 'invoiced' : hasInvoice ? 'pending' : 'none',
    collection_status: paid <= 0 ? 'unpaid' : paid >= total ? 'paid' : 'partial',
    total_amount: total,
    paid_amount: paid,
    invoiced_amount: invoiced,
    income_amount: sum(Object.values(s.incomes ?? {})),
    expense_amount: sum(Object.values(s.expenses ?? {})),
    load_count: Object.keys(s.loads ?? {}).length,
    sender_name: sender?.name ?? sender?.company ?? null,
    sender_phone: sender?.phone ?? null,
    receiver_name: receiver?.name ?? receiver?.company ?? null,
    receiver_phone: receiver?.phone ?? null,
    origin_address: originRoute?.address ?? null,
    destination_address: destinationRoute?.address ?? null,
    search_text: searchParts.join(' '),
    sender_search: fold(routeParts(sender)).join(' '),
    receiver_search: fold(routeParts(receiver)).join(' '),
    origin_branch_search: fold(originRoute?.address ? [originRoute.address] : []).join(' '),
    destination_branch_search: fold(destinationRoute?.address ? [destinationRoute.address] : []).join(' '),
    invoice_customer_search: [
      ...fold(invoiceRoutes.flatMap((r) => [r.name, r.company].filter((p): p is string => p !== undefined))),
      ...fold(invoiceTitles),
    ].join(' '),
    state: s,
  };
}

export type OrderListRow = ReturnType<typeof orderListRow>;

/** The column names of order_list, in the order of its row. */
export const orderListColumns = Object.keys(
  orderListRow('00000000-0000-4000-8000-000000000000', 0, {
    tenantId: '',
    orderNo: '',
    status: 'created',
    createdAt: '1970-01-01T00:00:00Z',
    createdBy: '',
    updatedAt: '1970-01-01T00:00:00Z',
    updatedBy: '',
    statusChangedAt: '1970-01-01T00:00:00Z',
    attrs: { orderType: 'delivery', isDraft: false, isSuborder: false },
    routes: [],
    customers: [],
    branches: [],
  }),
) as readonly (keyof OrderListRow)[];
