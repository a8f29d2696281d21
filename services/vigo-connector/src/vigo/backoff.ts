/** Exponential backoff with jitter. */
export interface BackoffPolicy {
  /** Delay before the second attempt; doubled before each further one. */
  baseMs: number;
  /** Upper bound of one delay. */
  maxMs: number;
}

/**
 * The wait before attempt `attempt + 1` (attempt counts from 1): `baseMs · 2^(attempt-1)`,
 * capped at `maxMs`, then "equal jitter" — between half and all of it — so that clients
 * failing together do not retry in lockstep, yet never retry at once.
 */
export function backoffDelay(
  policy: BackoffPolicy,
  attempt: number,
  random: () => number = Math.random,
): number {
  const exponential = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.max(0, attempt - 1));
  const half = exponential / 2;
  return Math.round(half + random() * half);
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
