import { describe, expect, it } from 'vitest';
import { backoffDelay } from './backoff.ts';
import { CircuitOpenError, createCircuitBreaker, type CircuitState } from './circuit-breaker.ts';

describe('circuit breaker', () => {
  function breaker() {
    let now = 0;
    const states: CircuitState[] = [];
    const b = createCircuitBreaker({
      threshold: 3,
      cooldownMs: 1_000,
      now: () => now,
      onStateChange: (s) => states.push(s),
    });
    return { b, states, advance: (ms: number) => (now += ms) };
  }

  it('opens after the threshold of consecutive failures and fails fast while open', () => {
    const { b, states } = breaker();
    for (let i = 0; i < 2; i++) {
      b.beforeCall();
      b.failure();
    }
    b.beforeCall();
    b.success();
    for (let i = 0; i < 3; i++) {
      b.beforeCall();
      b.failure();
    }
    expect(b.state()).toBe('open');
    expect(() => b.beforeCall()).toThrow(CircuitOpenError);
    expect(states).toEqual(['open']);
  });

  it('lets one trial through after the cooldown: success closes, failure opens again', () => {
    const { b, advance } = breaker();
    for (let i = 0; i < 3; i++) b.failure();
    advance(999);
    expect(() => b.beforeCall()).toThrow(CircuitOpenError);
    advance(1);
    b.beforeCall();
    expect(b.state()).toBe('half-open');
    expect(() => b.beforeCall()).toThrow(CircuitOpenError);
    b.failure();
    expect(b.state()).toBe('open');
    advance(1_000);
    b.beforeCall();
    b.success();
    expect(b.state()).toBe('closed');
    b.beforeCall();
  });
});

describe('backoffDelay', () => {
  it('doubles from the base up to the cap, with jitter between half and all of it', () => {
    const policy = { baseMs: 100, maxMs: 1_000 };
    expect(backoffDelay(policy, 1, () => 0)).toBe(50);
    expect(backoffDelay(policy, 1, () => 1)).toBe(100);
    expect(backoffDelay(policy, 3, () => 1)).toBe(400);
    expect(backoffDelay(policy, 10, () => 1)).toBe(1_000);
    expect(backoffDelay(policy, 10, () => 0)).toBe(500);
  });
});
