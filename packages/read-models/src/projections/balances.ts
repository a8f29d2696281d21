// Customer and branch balances (`GET /calculate-balances/customers|branches`): incomes,
// expenses, invoiced and paid amounts per party and day, kept in balance_totals by adding each
// order's change of contribution; balance_orders keeps each order's fold state.
//
// Attribution (documented in the README):
// - customers: an order's money goes to its billing customer — the customer with has_invoice,
//   else the sender customer, else its first customer; an income that names its own
//   customer_id goes to that customer. The order counts once, for the billing customer, on its
//   creation day.
// - branches: every branch of the order (origin and destination) gets the order's money and
//   the order, so an order between two branches appears under both.
// - days: an income or expense on its `date` (else the day it was recorded), an invoice on its
//   issue date, a payment on the day it became paid; all days in Türkiye time.
// - paid: payments in status paid (a paid payment voided to cancelled stops counting).
import type { StoredEvent } from '@orders/event-store';
import type { TableTargets } from '../tables.ts';
import { deleteZeroRows, selectByIds, upsertRows, type Executor } from '../write.ts';
import { invoiceTotal } from './order-list-state.ts';
import {
  byOrder,
  projectedEvents,
  targetOf,
  turkishDay,
  uuids,
  type ProjectedEvent,
  type ReadModelProjection,
} from './types.ts';

type Field = 'incomes' | 'expenses' | 'invoiced' | 'paid';

interface Item {
  field: Field;
  amount: number;
  day: string;
  customerId?: string;
  status?: string;
}

export interface BalanceState {
  tenantId: string;
  createdDay: string;
  deleted: boolean;
  customers: { id: string; type: string; invoice: boolean }[];
  branches: string[];
  items: Record<string, Item>;
}

const put = (s: BalanceState, key: string, item: Item): BalanceState => ({
  ...s,
  items: { ...s.items, [key]: item },
});
const drop = (s: BalanceState, key: string): BalanceState => {
  const { [key]: _removed, ...items } = s.items;
  return { ...s, items };
};

/** The state after `e`, or undefined before OrderCreated. */
export function foldBalance(s: BalanceState | undefined, e: ProjectedEvent): BalanceState | undefined {
  const event = e.event;
  const day = turkishDay(event.data.at);
  if (event.type === 'OrderCreated') {
    const a = event.data.attributes;
    return {
      tenantId: event.data.tenantId,
      createdDay: day,
      deleted: false,
      customers: a.customers.map((c) => ({ id: c.customerId, type: c.customerType, invoice: c.hasInvoice })),
      branches: uuids(a.branches.map((b) => b.branchId)),
      items: {},
    };
  }
  if (!s) return undefined;
  switch (event.type) {
    case 'OrderUpdated': {
      const c = event.data.changes;
      return {
        ...s,
        ...(c.customers
          ? {
              customers: c.customers.map((x) => ({
                id: x.customerId,
                type: x.customerType,
                invoice: x.hasInvoice,
              })),
            }
          : {}),
        ...(c.branches ? { branches: uuids(c.branches.map((b) => b.branchId)) } : {}),
      };
    }
    case 'OrderDeleted':
      return { ...s, deleted: true };
    case 'IncomeCreated':
    case 'IncomeUpdated': {
      const income = event.data.income;
      return put(s, `income:${income.incomeId}`, {
        field: 'incomes',
        amount: income.pricing.totalPrice,
        day: income.date ?? day,
        ...(income.customerId ? { customerId: income.customerId } : {}),
      });
    }
    case 'IncomeDeleted':
      return drop(s, `income:${event.data.incomeId}`);
    case 'ExpenseCreated':
    case 'ExpenseUpdated': {
      const expense = event.data.expense;
      return put(s, `expense:${expense.expenseId}`, {
        field: 'expenses',
        amount: expense.pricing.totalPrice,
        day: expense.date ?? day,
      });
    }
    case 'ExpenseDeleted':
      return drop(s, `expense:${event.data.expenseId}`);
    case 'InvoiceCreated':
    case 'InvoiceUpdated': {
      const invoice = event.data.invoice;
      return put(s, `invoice:${invoice.invoiceId}`, {
        field: 'invoiced',
        amount: invoiceTotal(invoice),
        day: invoice.issueDate,
      });
    }
    case 'InvoiceDeleted':
      return drop(s, `invoice:${event.data.invoiceId}`);
    case 'PaymentCreated':
    case 'PaymentUpdated': {
      const p = event.data.payment;
      const key = `payment:${p.paymentId}`;
      const before = s.items[key];
      const paid = p.paymentStatus === 'paid';
      return put(s, key, {
        field: 'paid',
        amount: paid ? (p.amount ?? 0) : 0,
        day: paid && before?.status === 'paid' ? before.day : day,
        status: p.paymentStatus,
      });
    }
    case 'PaymentSucceeded':
      return put(s, `payment:${event.data.paymentId}`, {
        field: 'paid',
        amount: event.data.amount,
        day,
        status: 'paid',
      });
    case 'PaymentFailed': {
      const key = `payment:${event.data.paymentId}`;
      const before = s.items[key];
      return before ? put(s, key, { ...before, amount: 0, status: 'fail' }) : s;
    }
    case 'PaymentDeleted':
      return drop(s, `payment:${event.data.paymentId}`);
    default:
      return s;
  }
}

/** The customer the order's money is attributed to (see the attribution rules above). */
export function billingCustomer(s: Pick<BalanceState, 'customers'>): string | undefined {
  const c =
    s.customers.find((x) => x.invoice) ?? s.customers.find((x) => x.type === 'sender') ?? s.customers[0];
  return c ? uuids([c.id])[0] : undefined;
}

export interface BalanceDelta {
  tenant_id: string;
  party_kind: 'customer' | 'branch';
  party_id: string;
  day: string;
  orders: number;
  incomes: number;
  expenses: number;
  invoiced: number;
  paid: number;
}

function addContribution(deltas: Map<string, BalanceDelta>, s: BalanceState | undefined, sign: 1 | -1): void {
  if (!s || s.deleted) return;
  const add = (
    kind: 'customer' | 'branch',
    party: string | undefined,
    day: string,
    field: Field | 'orders',
    amount: number,
  ) => {
    if (!party || amount === 0) return;
    const key = `${s.tenantId}\u0000${kind}\u0000${party}\u0000${day}`;
    const d = deltas.get(key) ?? {
      tenant_id: s.tenantId,
      party_kind: kind,
      party_id: party,
      day,
      orders: 0,
      incomes: 0,
      expenses: 0,
      invoiced: 0,
      paid: 0,
    };
    d[field] += sign * amount;
    deltas.set(key, d);
  };
  const billing = billingCustomer(s);
  add('customer', billing, s.createdDay, 'orders', 1);
  for (const branch of s.branches) add('branch', branch, s.createdDay, 'orders', 1);
  for (const item of Object.values(s.items)) {
    add(
      'customer',
      item.customerId ? uuids([item.customerId])[0] : billing,
      item.day,
      item.field,
      item.amount,
    );
    for (const branch of s.branches) add('branch', branch, item.day, item.field, item.amount);
  }
}

const balanceColumns = [
  'tenant_id',
  'party_kind',
  'party_id',
  'day',
  'orders',
  'incomes',
  'expenses',
  'invoiced',
  'paid',
];

/** Customer and branch balances. */
export const balancesProjection: ReadModelProjection = {
  name: 'balances',
  tables: ['balance_orders', 'balance_totals'],
  async apply(stored: readonly StoredEvent[], db: Executor, targets: TableTargets) {
    const ordersTable = targetOf(targets, 'balance_orders');
    const groups = byOrder(projectedEvents(stored));
    const loaded = await selectByIds<{ order_id: string; version: string; state: BalanceState }>(
      db,
      ordersTable,
      'order_id',
      [...groups.keys()],
      ['order_id', 'version', 'state'],
    );
    const before = new Map(loaded.map((r) => [r.order_id, { version: Number(r.version), state: r.state }]));
    const deltas = new Map<string, BalanceDelta>();
    const rows: { order_id: string; tenant_id: string; version: number; state: BalanceState }[] = [];
    for (const [orderId, group] of groups) {
      const old = before.get(orderId);
      let current = old;
      for (const e of group) {
        if (current && e.version <= current.version) continue;
        const state = foldBalance(current?.state, e);
        if (state) current = { version: e.version, state };
      }
      if (!current || current === old) continue;
      addContribution(deltas, old?.state, -1);
      addContribution(deltas, current.state, 1);
      rows.push({
        order_id: orderId,
        tenant_id: current.state.tenantId,
        version: current.version,
        state: current.state,
      });
    }
    await upsertRows(db, ordersTable, rows, {
      key: ['order_id'],
      columns: ['order_id', 'tenant_id', 'version', 'state'],
      mode: 'replace',
    });
    const changes = [...deltas.values()].filter(
      (d) => d.orders || d.incomes || d.expenses || d.invoiced || d.paid,
    );
    const totals = targetOf(targets, 'balance_totals');
    const key = ['tenant_id', 'party_kind', 'party_id', 'day'];
    await upsertRows(db, totals, changes, { key, columns: balanceColumns, mode: 'add' });
    await deleteZeroRows(db, totals, changes, { key, values: balanceColumns.slice(4) });
  },
};
