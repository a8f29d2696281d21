import type {
  createDocBody,
  createExpenseBody,
  createIncomeBody,
  createInvoiceBody,
  createLoadLogBody,
  createOfferBody,
  createOperationBody,
  createPaymentBody,
  createWaybillBody,
  updateDocBody,
  updateExpenseBody,
  updateIncomeBody,
  updateInvoiceBody,
  updateLoadLogBody,
  updateLoadBody,
  updateOfferBody,
  updateOperationBody,
  updatePaymentBody,
  updateWaybillBody,
} from '@orders/contracts';
import type {
  CommandContext,
  Driver,
  Expense,
  Income,
  Invoice,
  LoadLog,
  Offer,
  Operation,
  OrderCommand,
  OrderDocument,
  Payment,
  Waybill,
} from '@orders/domain';
import type { z } from 'zod';
import { camelize, snakify } from './case.ts';
import { defined, kurus, lira, liraText, optionalKurus, rate } from './money.ts';
import { ledgerPricingIn, ledgerPricingOut } from './pricing.ts';

type Out<S extends z.ZodType> = z.output<S>;

// ---- waybills -------------------------------------------------------------------------
export const waybillIn = {
  create: (b: Out<typeof createWaybillBody>, c: CommandContext, id: string): OrderCommand => ({
    type: 'CreateWaybill',
    ...c,
    waybillId: id,
    ...defined({ ...camelize({ ...b, amount: undefined }), amount: optionalKurus(b.amount, 'amount') }),
  }),
  update: (b: Out<typeof updateWaybillBody>, c: CommandContext, id: string): OrderCommand => ({
    type: 'UpdateWaybill',
    ...c,
    waybillId: id,
    ...defined({ ...camelize({ ...b, amount: undefined }), amount: optionalKurus(b.amount, 'amount') }),
  }),
  remove: (c: CommandContext, id: string): OrderCommand => ({ type: 'DeleteWaybill', ...c, waybillId: id }),
};
export const waybillOut = (w: Waybill) => ({
  order_waybill_id: w.waybillId,
  ...snakify({ ...w, waybillId: undefined, amount: undefined }),
  amount: w.amount === undefined ? null : lira(w.amount),
});

// ---- expenses and incomes -------------------------------------------------------------
export const expenseIn = {
  create: (b: Out<typeof createExpenseBody>, c: CommandContext, id: string): OrderCommand => ({
    type: 'CreateExpense',
    ...c,
    expenseId: id,
    ...defined({ ...camelize({ ...b, pricing: undefined }), pricing: ledgerPricingIn(b.pricing) }),
  }),
  update: (b: Out<typeof updateExpenseBody>, c: CommandContext, id: string): OrderCommand => ({
    type: 'UpdateExpense',
    ...c,
    expenseId: id,
    ...defined({
      ...camelize({ ...b, pricing: undefined }),
      pricing: b.pricing ? ledgerPricingIn(b.pricing) : undefined,
    }),
  }),
  remove: (c: CommandContext, id: string): OrderCommand => ({ type: 'DeleteExpense', ...c, expenseId: id }),
};
export const expenseOut = (e: Expense) => ({
  order_expense_id: e.expenseId,
  ...snakify({ ...e, expenseId: undefined, pricing: undefined }),
  pricing: ledgerPricingOut(e.pricing),
  total_price: liraText(e.pricing.totalPrice),
});

export const incomeIn = {
  create: (b: Out<typeof createIncomeBody>, c: CommandContext, id: string): OrderCommand => ({
    type: 'CreateIncome',
    ...c,
    incomeId: id,
    ...defined({ ...camelize({ ...b, pricing: undefined }), pricing: ledgerPricingIn(b.pricing) }),
  }),
  update: (b: Out<typeof updateIncomeBody>, c: CommandContext, id: string): OrderCommand => ({
    type: 'UpdateIncome',
    ...c,
    incomeId: id,
    ...defined({
      ...camelize({ ...b, pricing: undefined }),
      pricing: b.pricing ? ledgerPricingIn(b.pricing) : undefined,
    }),
  }),
  remove: (c: CommandContext, id: string): OrderCommand => ({ type: 'DeleteIncome', ...c, incomeId: id }),
};
export const incomeOut = (i: Income) => ({
  order_income_id: i.incomeId,
  ...snakify({ ...i, incomeId: undefined, pricing: undefined }),
  pricing: ledgerPricingOut(i.pricing),
  total_price: liraText(i.pricing.totalPrice),
});

// ---- load logs (under a load) ---------------------------------------------------------
export const loadLogIn = {
  create: (
    b: Out<typeof createLoadLogBody>,
    c: CommandContext,
    id: string,
    loadId: string,
  ): OrderCommand => ({
    type: 'CreateLoadLog',
    ...c,
    loadLogId: id,
    loadId,
    ...camelize(b),
  }),
  update: (
    b: Out<typeof updateLoadLogBody>,
    c: CommandContext,
    id: string,
    loadId: string,
  ): OrderCommand => ({
    type: 'UpdateLoadLog',
    ...c,
    loadLogId: id,
    loadId,
    ...camelize(b),
  }),
  remove: (c: CommandContext, id: string, loadId: string): OrderCommand => ({
    type: 'DeleteLoadLog',
    ...c,
    loadLogId: id,
    loadId,
  }),
};
export const loadLogOut = (l: LoadLog) => ({
  order_load_log_id: l.loadLogId,
  order_load_id: l.loadId,
  ...snakify({ ...l, loadLogId: undefined, loadId: undefined }),
});

export const loadUpdateIn = (b: Out<typeof updateLoadBody>, c: CommandContext, id: string): OrderCommand => ({
  type: 'UpdateLoad',
  ...c,
  loadId: id,
  ...camelize(b),
});

// ---- operations -----------------------------------------------------------------------
export const operationIn = {
  create: (b: Out<typeof createOperationBody>, c: CommandContext, id: string): OrderCommand => {
    // `order_id` in the body names the order the operation belongs to: it must be this one.
    const { order_id: _sameOrder, ...rest } = b;
    return { type: 'CreateOperation', ...c, operationId: id, ...camelize(rest) };
  },
  update: (b: Out<typeof updateOperationBody>, c: CommandContext, id: string): OrderCommand => {
    const { order_id: _sameOrder, ...rest } = b;
    return { type: 'UpdateOperation', ...c, operationId: id, ...camelize(rest) };
  },
  remove: (c: CommandContext, id: string): OrderCommand => ({
    type: 'DeleteOperation',
    ...c,
    operationId: id,
  }),
};
export const operationOut = (o: Operation, orderId: string) => ({
  order_operation_id: o.operationId,
  order_id: orderId,
  ...snakify({ ...o, operationId: undefined }),
});

// ---- invoices -------------------------------------------------------------------------
export const invoiceIn = {
  create: (b: Out<typeof createInvoiceBody>, c: CommandContext, id: string): OrderCommand => ({
    type: 'CreateInvoice',
    ...c,
    invoiceId: id,
    ...defined({
      ...camelize({ ...b, unit_price: undefined, vat: undefined }),
      unitPrice: optionalKurus(b.unit_price, 'unit_price'),
      vat: b.vat === undefined ? undefined : rate(b.vat),
    }),
  }),
  update: (b: Out<typeof updateInvoiceBody>, c: CommandContext, id: string): OrderCommand => ({
    type: 'UpdateInvoice',
    ...c,
    invoiceId: id,
    ...defined({
      ...camelize({ ...b, unit_price: undefined, vat: undefined }),
      unitPrice: optionalKurus(b.unit_price, 'unit_price'),
      vat: b.vat === undefined ? undefined : rate(b.vat),
    }),
  }),
  remove: (c: CommandContext, id: string): OrderCommand => ({ type: 'DeleteInvoice', ...c, invoiceId: id }),
};
export const invoiceOut = (i: Invoice) => ({
  order_invoice_id: i.invoiceId,
  ...snakify({ ...i, invoiceId: undefined, unitPrice: undefined }),
  unit_price: i.unitPrice === undefined ? null : lira(i.unitPrice),
});

// ---- drivers (keyed by user_id) -------------------------------------------------------
export const driverOut = (d: Driver) => ({ user_id: d.userId, driver_status: d.driverStatus });

// ---- payments -------------------------------------------------------------------------
export const paymentIn = {
  create: (b: Out<typeof createPaymentBody>, c: CommandContext, id: string): OrderCommand => ({
    type: 'CreatePayment',
    ...c,
    paymentId: id,
    ...defined({
      paymentMethod: b.payment_method,
      dueDate: b.due_date,
      paymentStatus: b.payment_status,
      amount: optionalKurus(b.amount, 'amount'),
      card: b.card ? defined(camelize(b.card)) : undefined,
    }),
  }),
  update: (b: Out<typeof updatePaymentBody>, c: CommandContext, id: string): OrderCommand => ({
    type: 'UpdatePayment',
    ...c,
    paymentId: id,
    paymentStatus: b.payment_status,
  }),
  remove: (c: CommandContext, id: string): OrderCommand => ({ type: 'DeletePayment', ...c, paymentId: id }),
};
export const paymentOut = (p: Payment) => ({
  order_payment_id: p.paymentId,
  ...snakify({ ...p, paymentId: undefined, amount: undefined }),
  amount: p.amount === undefined ? null : lira(p.amount),
});

// ---- offers ---------------------------------------------------------------------------
export const offerIn = {
  create: (b: Out<typeof createOfferBody>, c: CommandContext, id: string): OrderCommand => ({
    type: 'CreateOffer',
    ...c,
    offerId: id,
    price: kurus(b.price, 'price'),
    users: camelize(b.users),
    ...defined({ prevPrice: optionalKurus(b.prev_price, 'prev_price') }),
  }),
  update: (b: Out<typeof updateOfferBody>, c: CommandContext, id: string): OrderCommand => ({
    type: 'UpdateOffer',
    ...c,
    offerId: id,
    offerStatus: b.offer_status,
  }),
  remove: (c: CommandContext, id: string): OrderCommand => ({ type: 'DeleteOffer', ...c, offerId: id }),
};
export const offerOut = (o: Offer) => ({
  order_offer_id: o.offerId,
  offer_status: o.offerStatus,
  price: lira(o.price),
  prev_price: o.prevPrice === undefined ? null : lira(o.prevPrice),
  users: snakify(o.users),
  user_id: o.users.map((u) => u.userId),
  user_type: o.users.map((u) => u.userType),
});

// ---- documents ------------------------------------------------------------------------
export const docIn = {
  create: (b: Out<typeof createDocBody>, c: CommandContext, id: string): OrderCommand => ({
    type: 'CreateDocument',
    ...c,
    documentId: id,
    ...camelize(b),
  }),
  update: (b: Out<typeof updateDocBody>, c: CommandContext, id: string): OrderCommand => ({
    type: 'UpdateDocument',
    ...c,
    documentId: id,
    docStatus: b.doc_status,
  }),
  remove: (c: CommandContext, id: string): OrderCommand => ({ type: 'DeleteDocument', ...c, documentId: id }),
};
export const docOut = (d: OrderDocument) => ({
  order_doc_id: d.documentId,
  ...snakify({ ...d, documentId: undefined }),
});
