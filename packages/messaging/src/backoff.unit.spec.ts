import { describe, expect, it } from 'vitest';
import { backoffDelay, validateRetryPolicy } from './backoff.ts';

const retry = { maxAttempts: 5, initialBackoffMs: 100, maxBackoffMs: 1_000 };

describe('backoffDelay', () => {
  it('doubles the step after each failed attempt, up to the cap', () => {
    expect([1, 2, 3, 4, 5, 6].map((attempt) => backoffDelay(attempt, retry, () => 1))).toEqual([
      100, 200, 400, 800, 1_000, 1_000,
    ]);
  });

  it('jitters between half the step and the full step', () => {
    expect(backoffDelay(3, retry, () => 0)).toBe(200);
    expect(backoffDelay(3, retry, () => 0.5)).toBe(300);
    for (let i = 0; i < 200; i += 1) {
      const delay = backoffDelay(2, retry);
      expect(delay).toBeGreaterThanOrEqual(100);
      expect(delay).toBeLessThanOrEqual(200);
    }
  });

  it('spreads the delays of consumers that failed together', () => {
    const delays = new Set(Array.from({ length: 50 }, () => backoffDelay(4, retry)));
    expect(delays.size).toBeGreaterThan(10);
  });
});

describe('validateRetryPolicy', () => {
  it('accepts a policy that can work', () => {
    expect(() => validateRetryPolicy(retry)).not.toThrow();
    expect(() => validateRetryPolicy({ maxAttempts: 1, initialBackoffMs: 0, maxBackoffMs: 0 })).not.toThrow();
  });

  it('names the field that cannot work', () => {
    expect(() => validateRetryPolicy({ ...retry, maxAttempts: 0 })).toThrow(/maxAttempts/);
    expect(() => validateRetryPolicy({ ...retry, maxAttempts: 1.5 })).toThrow(/maxAttempts/);
    expect(() => validateRetryPolicy({ ...retry, initialBackoffMs: -1 })).toThrow(/initialBackoffMs/);
    expect(() => validateRetryPolicy({ ...retry, maxBackoffMs: 50 })).toThrow(/maxBackoffMs/);
  });
});
