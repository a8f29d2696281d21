/** Vigo refused the call for good (a 4xx other than 401 and 429): retrying the same call cannot help. */
export class VigoPermanentError extends Error {
  override readonly name = 'VigoPermanentError';
  readonly status: number;
  readonly operation: string;
  constructor(operation: string, status: number, message: string) {
    super(`${operation}: Vigo answered ${status}: ${message}`);
    this.operation = operation;
    this.status = status;
  }
}

/** Vigo could not be reached or answered 5xx / 429 / something we cannot read: worth trying again later. */
export class VigoTransientError extends Error {
  override readonly name = 'VigoTransientError';
  readonly operation: string;
  readonly reason: 'status' | 'timeout' | 'network' | 'invalid-answer' | 'unauthorized';
  readonly status: number | null;
  constructor(
    operation: string,
    reason: VigoTransientError['reason'],
    message: string,
    status: number | null = null,
  ) {
    super(`${operation}: ${message}`);
    this.operation = operation;
    this.reason = reason;
    this.status = status;
  }
}
