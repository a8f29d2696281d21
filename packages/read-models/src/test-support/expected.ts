// What the read models must hold for seeded orders, computed straight from the seed (never from
// a read model), with the rules the README states.
import { finalAttributes, type SeedOrder } from './seed.ts';

const dayIn = (iso: string) => new Date(Date.parse(iso) + 3 * 3_600_000).toISOString().slice(0, 10);
const sum = (values: readonly number[]) => values.reduce((a, b) => a + b, 0);
const invoiceAmount = (i: { unitPrice?: number; quantity?: number; vat?: number }) => {
  const net = (i.unitPrice ?? 0) * (i.quantity ?? 1);
  return net + Math.round((net * (i.vat ?? 0)) / 100);
};

/** The list's view of a seeded order (the columns the tests check). */
export function expectedListRow(o: SeedOrder) {
  const a = finalAttributes(o);
  const origin = a.routes.find((r) => r.routeType === 'origin');
  const destination = a.routes.find((r) => r.routeType === 'destination');
  const total = a.pricing?.totalAmount ?? 0;
  const paid = sum(o.payments.filter((p) => p.status === 'paid').map((p) => p.amount));
  const hasInvoice = a.customers.some((c) => c.hasInvoice);
  return {
    order_id: o.orderId,
    order_no: o.orderNo,
    tenant_id: o.tenantId,
    status: o.status,
    deleted: o.deleted,
    order_type: a.orderType,
    payment_type: a.paymentType ?? null,
    total_amount: total,
    paid_amount: paid,
    invoiced_amount: sum(o.invoices.map(invoiceAmount)),
    has_invoice: hasInvoice,
    invoice_status: o.invoices.length > 0 ? 'invoiced' : hasInvoice ? 'pending' : 'none',
    collection_status: paid === 0 ? 'unpaid' : paid >= total ? 'paid' : 'partial',
    sender_name: origin?.person?.fullname ?? null,
    receiver_name: destination?.person?.fullname ?? null,
    sender_phone: origin?.person?.phone ?? null,
    customer_ids: a.customers.map((c) => c.customerId),
    branch_ids: a.branches.map((b) => b.branchId),
    driver_ids: o.drivers.map((d) => d.userId),
    load_count: o.loads.length,
    departure_date: a.dates?.departureDate ?? null,
    arrival_date: a.dates?.arrivalDate ?? null,
    created_at: o.createdAt,
    created_day: dayIn(o.createdAt),
  };
}

/** report_daily as it must be: `tenant|day|status|has_invoice` → orders and total. */
export function expectedReportDaily(
  orders: readonly SeedOrder[],
): Map<string, { orders: number; total: number }> {
  const out = new Map<string, { orders: number; total: number }>();
  for (const o of orders) {
    if (o.deleted) continue;
    const a = finalAttributes(o);
    const key = `${o.tenantId}|${dayIn(o.createdAt)}|${o.status}|${a.customers.some((c) => c.hasInvoice)}`;
    const cell = out.get(key) ?? { orders: 0, total: 0 };
    cell.orders += 1;
    cell.total += a.pricing?.totalAmount ?? 0;
    out.set(key, cell);
  }
  return out;
}

export interface ExpectedBalance {
  orders: number;
  incomes: number;
  expenses: number;
  invoiced: number;
  paid: number;
}

/** Balances per `tenant|party` over all days, with the attribution rules of the README. */
export function expectedBalances(
  orders: readonly SeedOrder[],
  kind: 'customer' | 'branch',
): Map<string, ExpectedBalance> {
  const out = new Map<string, ExpectedBalance>();
  const add = (tenant: string, party: string | undefined, field: keyof ExpectedBalance, amount: number) => {
    if (!party) return;
    const key = `${tenant}|${party}`;
    const b = out.get(key) ?? { orders: 0, incomes: 0, expenses: 0, invoiced: 0, paid: 0 };
    b[field] += amount;
    out.set(key, b);
  };
  for (const o of orders) {
    if (o.deleted) continue;
    const a = finalAttributes(o);
    const billing = (
      a.customers.find((c) => c.hasInvoice) ??
      a.customers.find((c) => c.customerType === 'sender') ??
      a.customers[0]
    )?.customerId;
    const parties = kind === 'customer' ? [billing] : [...new Set(a.branches.map((b) => b.branchId))];
    const paid = sum(o.payments.filter((p) => p.status === 'paid').map((p) => p.amount));
    for (const party of parties) {
      add(o.tenantId, party, 'orders', 1);
      add(o.tenantId, party, 'expenses', sum(o.expenses.map((e) => e.pricing.totalPrice)));
      add(o.tenantId, party, 'invoiced', sum(o.invoices.map(invoiceAmount)));
      add(o.tenantId, party, 'paid', paid);
    }
    for (const income of o.incomes) {
      const targets = kind === 'customer' ? [income.customerId ?? billing] : parties;
      for (const party of targets) add(o.tenantId, party, 'incomes', income.pricing.totalPrice);
    }
  }
  return out;
}
