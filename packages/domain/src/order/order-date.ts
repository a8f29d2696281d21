import { vatDateOf } from '../vat.ts';
import type { Order } from './state.ts';

/**
 * The date that decides which VAT rates an order's pricing blocks may use: `dates.departureDate`
 * when given, else the day the order was created (the CreateOrder command's `at`), so that the
 * blocks accepted once stay valid as later commands arrive.
 */
export function orderVatDate(order: Pick<Order, 'dates' | 'createdAt'>): string {
  return vatDateOf(order.dates?.departureDate, order.createdAt);
}
