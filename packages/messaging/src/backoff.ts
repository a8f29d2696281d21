/** How a failing handler is retried before its message goes to the dead-letter topic. */
export interface RetryPolicy {
  /** Attempts in all, the first included (>= 1). */
  maxAttempts: number;
  /** The delay before the second attempt, before jitter. */
  initialBackoffMs: number;
  /** No delay is longer than this. */
  maxBackoffMs: number;
}

/** Throws a TypeError naming the field when a retry policy cannot work. */
export function validateRetryPolicy(retry: RetryPolicy): void {
  if (!Number.isInteger(retry.maxAttempts) || retry.maxAttempts < 1) {
    throw new TypeError(`retry.maxAttempts must be an integer >= 1, got ${retry.maxAttempts}`);
  }
  if (!(retry.initialBackoffMs >= 0)) {
    throw new TypeError(`retry.initialBackoffMs must be >= 0, got ${retry.initialBackoffMs}`);
  }
  if (!(retry.maxBackoffMs >= retry.initialBackoffMs)) {
    throw new TypeError(
      `retry.maxBackoffMs must be >= retry.initialBackoffMs, got ${retry.maxBackoffMs} < ${retry.initialBackoffMs}`,
    );
  }
}

/**
 * The delay after failed attempt number `attempt` (1-based): exponential
 * (`initialBackoffMs * 2^(attempt-1)`, capped at `maxBackoffMs`) with "equal jitter",
 * a uniformly random delay between half the step and the full step, so that consumers
 * that failed together do not retry in lockstep, yet the wait never collapses to zero.
 */
export function backoffDelay(
  attempt: number,
  retry: RetryPolicy,
  random: () => number = Math.random,
): number {
  const step = Math.min(retry.maxBackoffMs, retry.initialBackoffMs * 2 ** Math.max(0, attempt - 1));
  return Math.round(step / 2 + random() * (step / 2));
}

/**
 * Runs `attempt` until it succeeds, retrying what `isTransient` calls transient with
 * {@link backoffDelay} between tries, for at most `withinMs` in all. A permanent error, a
 * `stopped()` caller or a deadline that the next delay would pass ends it with the last error.
 */
export async function retryTransient<T>(
  attempt: () => Promise<T>,
  options: {
    withinMs: number;
    retry: Omit<RetryPolicy, 'maxAttempts'>;
    isTransient(error: unknown): boolean;
    onRetry?(error: unknown, attempt: number, delayMs: number): void;
    stopped?(): boolean;
    sleep?(ms: number): Promise<void>;
    now?(): number;
  },
): Promise<T> {
  const now = options.now ?? Date.now;
  const sleep = options.sleep ?? ((ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms)));
  const deadline = now() + options.withinMs;
  for (let tries = 1; ; tries += 1) {
    try {
      return await attempt();
    } catch (error) {
      const delayMs = backoffDelay(tries, { ...options.retry, maxAttempts: Number.POSITIVE_INFINITY });
      if (options.stopped?.() || !options.isTransient(error) || now() + delayMs > deadline) throw error;
      options.onRetry?.(error, tries, delayMs);
      await sleep(delayMs);
    }
  }
}
