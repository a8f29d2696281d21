import { describe, it } from 'vitest';
import { command, createOrder, event, eventsOf } from '../test-support/fixtures.ts';
import { given } from '../test-support/given-when-then.ts';

const created = eventsOf(createOrder());
const invoice = {
  invoiceId: 'invoice-1',
  issueDate: '2024-01-15',
  quantity: 1,
  unitPrice: 100_000,
  vat: 20,
  title: 'Fatura başlığı',
  description: 'Fatura açıklaması',
  note: 'Not',
  dueDate: '2024-02-15',
  invoiceSeries: 'FTR',
  invoiceSequence: '001',
  currency: 'TRY',
  invoicePlatform: 'parasut' as const,
};
const withInvoice = [...created, event('InvoiceCreated', { invoice })];

describe('invoices', () => {
  it('CreateInvoice keeps every field, the currency TRY by default', () => {
    given(...created)
      .when(command('CreateInvoice', invoice))
      .then(event('InvoiceCreated', { invoice }));
    given(...created)
      .when(command('CreateInvoice', { invoiceId: 'i', issueDate: '2024-01-15', invoicePlatform: 'arf' }))
      .then(
        event('InvoiceCreated', {
          invoice: { invoiceId: 'i', issueDate: '2024-01-15', invoicePlatform: 'arf', currency: 'TRY' },
        }),
      );
  });

  it('checks dates, quantity, currency and texts', () =>
    given(...created)
      .when(
        command('CreateInvoice', {
          ...invoice,
          issueDate: '2024-01-15',
          dueDate: '2024-01-14',
          quantity: 0,
          currency: 'tl',
          title: '',
        }),
      )
      .thenThrows('VALIDATION_FAILED', {
        details: [{ path: 'dueDate' }, { path: 'quantity' }, { path: 'currency' }, { path: 'title' }],
      }));

  it('checks the amount and the VAT rate of the issue date', () => {
    given(...created)
      .when(command('CreateInvoice', { ...invoice, unitPrice: -1 }))
      .thenThrows('INVALID_AMOUNT', { details: [{ path: 'unitPrice' }] });
    given(...created)
      .when(command('CreateInvoice', { ...invoice, vat: 18 }))
      .thenThrows('VAT_RATE_INVALID', { details: [{ path: 'vat' }] });
    given(...created)
      .when(command('CreateInvoice', { ...invoice, vat: 18, issueDate: '2023-05-01', dueDate: '2023-06-01' }))
      .then(
        event('InvoiceCreated', {
          invoice: { ...invoice, vat: 18, issueDate: '2023-05-01', dueDate: '2023-06-01' },
        }),
      );
    given(...created)
      .when(command('CreateInvoice', { ...invoice, issueDate: 'yarın' }))
      .thenThrows('VALIDATION_FAILED', { details: [{ path: 'issueDate' }] });
  });

  it('UpdateInvoice, DeleteInvoice; unknown ids → INVOICE_NOT_FOUND', () => {
    given(...withInvoice)
      .when(command('UpdateInvoice', { invoiceId: 'invoice-1', invoicePlatform: 'arf' }))
      .then(event('InvoiceUpdated', { invoice: { ...invoice, invoicePlatform: 'arf' } }));
    given(...withInvoice)
      .when(command('UpdateInvoice', { invoiceId: 'invoice-1', title: 'Fatura başlığı' }))
      .then();
    given(...withInvoice)
      .when(command('DeleteInvoice', { invoiceId: 'invoice-1' }))
      .then(event('InvoiceDeleted', { invoiceId: 'invoice-1' }));
    given(...withInvoice)
      .when(command('UpdateInvoice', { invoiceId: 'x' }))
      .thenThrows('INVOICE_NOT_FOUND');
    given(...withInvoice)
      .when(command('DeleteInvoice', { invoiceId: 'x' }))
      .thenThrows('INVOICE_NOT_FOUND');
    given(...withInvoice)
      .when(command('CreateInvoice', invoice))
      .thenThrows('ID_ALREADY_USED');
  });
});
