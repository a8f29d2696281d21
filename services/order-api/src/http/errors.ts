import type { ApiError } from '@orders/contracts';

/** An error answer: HTTP status plus the spec's `error` object. Thrown by handlers, rendered by the error handler. */
export class HttpError extends Error {
  readonly statusCode: number;
  readonly code: string;
  readonly details: ApiError['details'];

  constructor(statusCode: number, code: string, message: string, details: ApiError['details'] = []) {
    super(message);
    this.name = 'HttpError';
    this.statusCode = statusCode;
    this.code = code;
    this.details = details;
  }
}

export const notFound = (what: string, id: string) =>
  new HttpError(404, 'NOT_FOUND', `${what} ${id} was not found`, [{ path: what, reason: 'not found' }]);

export const unauthorized = (reason: string) => new HttpError(401, 'UNAUTHORIZED', reason);

/** The `{ success: false, data: null, error }` body of an error answer. */
export function errorBody(error: Pick<HttpError, 'code' | 'message' | 'details'>) {
  return {
    success: false as const,
    data: null,
    error: { code: error.code, message: error.message, details: error.details },
  };
}
