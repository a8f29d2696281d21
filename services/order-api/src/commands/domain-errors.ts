import type { DomainError, DomainErrorCode } from '@orders/domain';
import { HttpError } from '../http/errors.ts';

/**
 * The HTTP status of each domain refusal: 404 for what does not exist (or belongs to
 * another tenant), 409 for a move the order's state forbids, 422 for a command the
 * domain refuses otherwise. A `satisfies` keeps this total over the domain's codes.
 */
export const domainErrorStatus = {
  ORDER_NOT_FOUND: 404,
  LOAD_NOT_FOUND: 404,
  LOAD_LOG_NOT_FOUND: 404,
  WAYBILL_NOT_FOUND: 404,
  EXPENSE_NOT_FOUND: 404,
  INCOME_NOT_FOUND: 404,
  OPERATION_NOT_FOUND: 404,
  INVOICE_NOT_FOUND: 404,
  DRIVER_NOT_FOUND: 404,
  PAYMENT_NOT_FOUND: 404,
  OFFER_NOT_FOUND: 404,
  DOCUMENT_NOT_FOUND: 404,
  ORDER_ALREADY_EXISTS: 409,
  ORDER_DELETED: 409,
  ORDER_DELIVERED: 409,
  ORDER_NOT_DELIVERED: 409,
  ORDER_ALREADY_CANCELLED: 409,
  ORDER_IS_DRAFT: 409,
  INVALID_TRANSITION: 409,
  ID_ALREADY_USED: 409,
  LOAD_NO_TAKEN: 409,
  DRIVER_ALREADY_ASSIGNED: 409,
  PAYMENT_ALREADY_SUCCEEDED: 409,
  PAYMENT_STATUS_INVALID: 409,
  OFFER_STATUS_INVALID: 409,
  DOC_STATUS_INVALID: 409,
  VALIDATION_FAILED: 422,
  INVALID_AMOUNT: 422,
  PRICING_MISMATCH: 422,
  VAT_RATE_INVALID: 422,
  PAYMENT_AMOUNT_MISMATCH: 422,
  PAYMENT_EXCEEDS_TOTAL: 422,
  OFFER_USERS_INVALID: 422,
  UNKNOWN_EVENT: 500,
  EVENT_VERSION_UNSUPPORTED: 500,
} as const satisfies Record<DomainErrorCode, number>;

/** camelCase domain paths (`routes[0].person.phone`) → the spec's snake_case, under `body`. */
export const wirePath = (path: string): string =>
  `body.${path.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`)}`;

export function httpErrorOf(error: DomainError): HttpError {
  return new HttpError(
    domainErrorStatus[error.code],
    error.code,
    error.message,
    error.details.map((d) => ({ path: wirePath(d.path), reason: d.reason })),
  );
}
