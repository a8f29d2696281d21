/** closed: calls flow; open: calls fail at once; half-open: one trial call decides. */
export type CircuitState = 'closed' | 'open' | 'half-open';

export interface CircuitBreakerOptions {
  /** Consecutive failures that open the circuit. */
  threshold: number;
  /** How long it stays open before one trial call is let through. */
  cooldownMs: number;
  now?: () => number;
  onStateChange?: (state: CircuitState) => void;
}

/** Thrown instead of calling while the circuit is open (or a trial call is already out). */
export class CircuitOpenError extends Error {
  override readonly name = 'CircuitOpenError';
  readonly retryInMs: number;
  constructor(retryInMs: number) {
    super(`Vigo circuit is open; next trial in ${retryInMs} ms`);
    this.retryInMs = retryInMs;
  }
}

export interface CircuitBreaker {
  /** Throws CircuitOpenError when no call may go out now; otherwise the call may proceed. */
  beforeCall(): void;
  success(): void;
  failure(): void;
  state(): CircuitState;
}

/**
 * A consecutive-failure circuit breaker. Only failures that say "Vigo is unwell" count
 * (5xx, timeouts, network errors); a 4xx answer is Vigo working and counts as success.
 */
export function createCircuitBreaker(options: CircuitBreakerOptions): CircuitBreaker {
  const now = options.now ?? Date.now;
  let state: CircuitState = 'closed';
  let failures = 0;
  let openedAt = 0;
  let trialOut = false;

  const set = (next: CircuitState) => {
    if (next === state) return;
    state = next;
    options.onStateChange?.(next);
  };

  return {
    beforeCall() {
      if (state === 'closed') return;
      const waited = now() - openedAt;
      if (state === 'open' && waited >= options.cooldownMs) {
        set('half-open');
        trialOut = false;
      }
      if (state === 'half-open' && !trialOut) {
        trialOut = true;
        return;
      }
      throw new CircuitOpenError(Math.max(0, options.cooldownMs - waited));
    },
    success() {
      failures = 0;
      trialOut = false;
      set('closed');
    },
    failure() {
      failures += 1;
      trialOut = false;
      if (state === 'half-open' || failures >= options.threshold) {
        openedAt = now();
        set('open');
      }
    },
    state: () => state,
  };
}
