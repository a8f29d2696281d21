/**
 * Every code the domain throws. The API maps each to an HTTP status and a message;
 * the codes are stable (clients and the README test rely on them).
 */
export const domainErrorCodes = [
  'ORDER_NOT_FOUND',
  'ORDER_ALREADY_EXISTS',
  'ORDER_DELETED',
  'ORDER_DELIVERED',
  'ORDER_NOT_DELIVERED',
  'ORDER_ALREADY_CANCELLED',
  'ORDER_IS_DRAFT',
  'INVALID_TRANSITION',
  'VALIDATION_FAILED',
  'INVALID_AMOUNT',
  'PRICING_MISMATCH',
  'VAT_RATE_INVALID',
  'ID_ALREADY_USED',
  'LOAD_NOT_FOUND',
  'LOAD_NO_TAKEN',
  'LOAD_LOG_NOT_FOUND',
  'WAYBILL_NOT_FOUND',
  'EXPENSE_NOT_FOUND',
  'INCOME_NOT_FOUND',
  'OPERATION_NOT_FOUND',
  'INVOICE_NOT_FOUND',
  'DRIVER_NOT_FOUND',
  'DRIVER_ALREADY_ASSIGNED',
  'PAYMENT_NOT_FOUND',
  'PAYMENT_ALREADY_SUCCEEDED',
  'PAYMENT_AMOUNT_MISMATCH',
  'PAYMENT_STATUS_INVALID',
  'PAYMENT_EXCEEDS_TOTAL',
  'OFFER_NOT_FOUND',
  'OFFER_USERS_INVALID',
  'OFFER_STATUS_INVALID',
  'DOCUMENT_NOT_FOUND',
  'DOC_STATUS_INVALID',
  'UNKNOWN_EVENT',
  'EVENT_VERSION_UNSUPPORTED',
] as const;
export type DomainErrorCode = (typeof domainErrorCodes)[number];

/** One offending field: a camelCase path such as `routes[0].person.phone` and why it was refused. */
export interface ErrorDetail {
  path: string;
  reason: string;
}

/** A refused command (or unreadable event): a stable code, a message, the fields at fault and explaining data. */
export class DomainError extends Error {
  override readonly name = 'DomainError';
  readonly code: DomainErrorCode;
  readonly details: ErrorDetail[];
  readonly data: Readonly<Record<string, unknown>>;

  constructor(
    code: DomainErrorCode,
    message: string,
    details: ErrorDetail[] = [],
    data: Readonly<Record<string, unknown>> = {},
  ) {
    super(message);
    this.code = code;
    this.details = details;
    this.data = data;
  }
}

/** True when `error` is a DomainError (optionally with the given code). */
export function isDomainError(error: unknown, code?: DomainErrorCode): error is DomainError {
  return error instanceof DomainError && (code === undefined || error.code === code);
}

/** VALIDATION_FAILED naming every offending field. */
export function validationFailed(details: ErrorDetail[]): DomainError {
  const fields = details.map((detail) => detail.path).join(', ');
  return new DomainError('VALIDATION_FAILED', `Invalid fields: ${fields}`, details);
}

/** A `<KIND>_NOT_FOUND` error for the sub-resource id at `path`. */
export function notFound(code: DomainErrorCode, path: string, id: string): DomainError {
  return new DomainError(code, `No ${path} ${id} on this order`, [{ path, reason: 'not found' }], {
    [path]: id,
  });
}
