import { legacyVatRates, vatChangeDate, vatRates } from './order/enums.ts';
import { DomainError } from './order/errors.ts';
import { istanbulDateOf } from './validators/dates.ts';

/**
 * VAT rates in force on `date` (YYYY-MM-DD): 0, 1, 10 and 20 percent; 8 and 18 only before
 * 2023-07-10, when Türkiye raised them.
 */
export function isVatRateAllowed(vat: number, date: string): boolean {
  if ((vatRates as readonly number[]).includes(vat)) return true;
  return (legacyVatRates as readonly number[]).includes(vat) && date < vatChangeDate;
}

/** Throws VAT_RATE_INVALID (naming `path`) unless `vat` is allowed on `date`. */
export function assertVatRate(vat: number, date: string, path: string): void {
  if (isVatRateAllowed(vat, date)) return;
  const reason = `VAT ${vat}% is not a rate in force on ${date}`;
  throw new DomainError('VAT_RATE_INVALID', `${path}: ${reason}`, [{ path, reason }], { vat, date });
}

/** The date that decides an order's VAT rates: its departure date when given, else the command's day. */
export function vatDateOf(departureDate: string | undefined, at: string): string {
  return departureDate ?? istanbulDateOf(at);
}
