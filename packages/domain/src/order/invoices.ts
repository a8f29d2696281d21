// Invoices — faturalar (spec 26).
import { assertKurus } from '../money.ts';
import { assertVatRate } from '../vat.ts';
import {
  eventOf,
  isSameData,
  payloadOf,
  type CommandContext,
  type Deciders,
  type DomainEvent,
  type Evolvers,
} from './context.ts';
import { assertIdFree, findBy, putBy, removeBy } from './guards.ts';
import type { Invoice } from './state.ts';
import {
  checkCurrency,
  checkDate,
  checkNotBefore,
  checkPositiveInteger,
  checkText,
  validate,
} from './validate.ts';

type InvoiceFields = Omit<Invoice, 'invoiceId'>;

export interface CreateInvoice extends CommandContext, Omit<InvoiceFields, 'currency'> {
  type: 'CreateInvoice';
  invoiceId: string;
  /** Default TRY. */
  currency?: string;
}
export interface UpdateInvoice extends CommandContext, Partial<InvoiceFields> {
  type: 'UpdateInvoice';
  invoiceId: string;
}
export interface DeleteInvoice extends CommandContext {
  type: 'DeleteInvoice';
  invoiceId: string;
}
export type InvoiceCommand = CreateInvoice | UpdateInvoice | DeleteInvoice;

export type InvoiceCreated = DomainEvent<'InvoiceCreated', { invoice: Invoice }>;
export type InvoiceUpdated = DomainEvent<'InvoiceUpdated', { invoice: Invoice }>;
export type InvoiceDeleted = DomainEvent<'InvoiceDeleted', { invoiceId: string }>;
export type InvoiceEvent = InvoiceCreated | InvoiceUpdated | InvoiceDeleted;

const textFields = ['title', 'description', 'note', 'invoiceSeries', 'invoiceSequence'] as const;

/** Checks fields, then money: unitPrice in kuruş, VAT a rate in force on the issue date. */
function assertInvoice(invoice: Invoice): void {
  validate((problems) => {
    checkDate(problems, invoice.issueDate, 'issueDate');
    checkDate(problems, invoice.dueDate, 'dueDate');
    checkNotBefore(problems, invoice.issueDate, invoice.dueDate, 'dueDate');
    checkPositiveInteger(problems, invoice.quantity, 'quantity');
    checkCurrency(problems, invoice.currency, 'currency');
    for (const field of textFields) checkText(problems, invoice[field], field);
  });
  if (invoice.unitPrice !== undefined) assertKurus(invoice.unitPrice, { path: 'unitPrice' });
  if (invoice.vat !== undefined) assertVatRate(invoice.vat, invoice.issueDate, 'vat');
}

export const invoiceDeciders: Deciders<InvoiceCommand, InvoiceEvent> = {
  CreateInvoice(command, order) {
    assertIdFree(order.invoices, 'invoiceId', command.invoiceId);
    const invoice: Invoice = { currency: 'TRY', ...payloadOf(command) };
    assertInvoice(invoice);
    return [eventOf(command, 'InvoiceCreated', { invoice })];
  },
  UpdateInvoice(command, order) {
    const current = findBy(order.invoices, 'invoiceId', command.invoiceId, 'INVOICE_NOT_FOUND');
    const invoice: Invoice = { ...current, ...payloadOf(command) };
    assertInvoice(invoice);
    return isSameData(invoice, current) ? [] : [eventOf(command, 'InvoiceUpdated', { invoice })];
  },
  DeleteInvoice(command, order) {
    findBy(order.invoices, 'invoiceId', command.invoiceId, 'INVOICE_NOT_FOUND');
    return [eventOf(command, 'InvoiceDeleted', { invoiceId: command.invoiceId })];
  },
};

export const invoiceEvolvers: Evolvers<InvoiceEvent> = {
  InvoiceCreated: (order, { data }) => ({
    ...order,
    invoices: putBy(order.invoices, 'invoiceId', data.invoice),
  }),
  InvoiceUpdated: (order, { data }) => ({
    ...order,
    invoices: putBy(order.invoices, 'invoiceId', data.invoice),
  }),
  InvoiceDeleted: (order, { data }) => ({
    ...order,
    invoices: removeBy(order.invoices, 'invoiceId', data.invoiceId),
  }),
};
