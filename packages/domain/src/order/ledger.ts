// What expenses and incomes share: the pricing block and its checks.
import { assertLedgerPricing, type LedgerPricing } from '../pricing.ts';
import { orderVatDate } from './order-date.ts';
import type { Order } from './state.ts';
import { checkCurrency, checkDate, checkText, validate } from './validate.ts';

/** A pricing block as the body sends it: holdingPrice defaults to 0, currency to TRY. */
export type LedgerPricingInput = Omit<LedgerPricing, 'holdingPrice' | 'currency'> &
  Partial<Pick<LedgerPricing, 'holdingPrice' | 'currency'>>;

/** The block with its defaults. */
export function ledgerPricingOf(input: LedgerPricingInput): LedgerPricing {
  return { holdingPrice: 0, currency: 'TRY', ...input };
}

interface LedgerEntry {
  description?: string;
  date?: string;
  supplierId?: string;
  customerId?: string;
  pricing: LedgerPricing;
}

/**
 * Checks an expense or income: its fields, then its pricing (VAT rates of the entry's `date`,
 * else of the order's date).
 */
export function assertLedgerEntry(entry: LedgerEntry, order: Order): void {
  validate((problems) => {
    checkText(problems, entry.description, 'description');
    checkText(problems, entry.supplierId, 'supplierId');
    checkText(problems, entry.customerId, 'customerId');
    checkDate(problems, entry.date, 'date');
    checkText(problems, entry.pricing.unitType, 'pricing.unitType');
    checkCurrency(problems, entry.pricing.currency, 'pricing.currency');
  });
  assertLedgerPricing(entry.pricing, { path: 'pricing', date: entry.date ?? orderVatDate(order) });
}
