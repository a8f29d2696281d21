import { describe, expect, it } from 'vitest';
import { backoffDelay, retryTransient, validateRetryPolicy } from './backoff.ts';

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

const clock = () => {
  let t = 0;
  return { now: () => t, sleep: async (ms: number) => void (t += ms), slept: () => t };
};

describe('retryTransient', () => {
  const transient = Object.assign(new Error('This server does not host this topic-partition'), {
    retriable: true,
  });

  it('retries transient failures until the attempt succeeds', async () => {
    const c = clock();
    let calls = 0;
    const retries: number[] = [];
    const result = await retryTransient(
      async () => {
        calls += 1;
        if (calls < 4) throw transient;
        return 'started';
      },
      {
        withinMs: 60_000,
        retry: { initialBackoffMs: 100, maxBackoffMs: 1_000 },
        isTransient: (e) => (e as { retriable?: boolean }).retriable === true,
        onRetry: (_e, attempt) => retries.push(attempt),
        now: c.now,
        sleep: c.sleep,
      },
    );
    expect(result).toBe('started');
    expect(calls).toBe(4);
    expect(retries).toEqual([1, 2, 3]);
    expect(c.slept()).toBeGreaterThanOrEqual(50 + 100 + 200);
  });

  it('gives up at once on a permanent error, and when the deadline would pass', async () => {
    const c = clock();
    const permanent = new Error('topic authorization failed');
    let calls = 0;
    const options = {
      withinMs: 1_000,
      retry: { initialBackoffMs: 300, maxBackoffMs: 300 },
      isTransient: (e: unknown) => e === transient,
      now: c.now,
      sleep: c.sleep,
    };
    await expect(
      retryTransient(async () => {
        calls += 1;
        throw permanent;
      }, options),
    ).rejects.toBe(permanent);
    expect(calls).toBe(1);
    calls = 0;
    await expect(
      retryTransient(async () => {
        calls += 1;
        throw transient;
      }, options),
    ).rejects.toBe(transient);
    // 150–300 ms per wait: at most 6 waits fit in 1,000 ms, at least 3
    expect(calls).toBeGreaterThanOrEqual(4);
    expect(calls).toBeLessThanOrEqual(7);
    expect(c.slept()).toBeLessThanOrEqual(1_000);
  });

  it('stops retrying once the caller stops', async () => {
    let calls = 0;
    await expect(
      retryTransient(
        async () => {
          calls += 1;
          throw transient;
        },
        {
          withinMs: 60_000,
          retry: { initialBackoffMs: 1, maxBackoffMs: 1 },
          isTransient: () => true,
          stopped: () => calls >= 2,
          sleep: async () => undefined,
        },
      ),
    ).rejects.toBe(transient);
    expect(calls).toBe(2);
  });
});
