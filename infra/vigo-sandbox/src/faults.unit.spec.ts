import { describe, expect, it } from 'vitest';
import { createFaultState, faultsSchema, parseLatency } from './faults.ts';

function fiftyCalls() {
  const faults = createFaultState(faultsSchema.parse({ errorRate: 0.3, seed: 42 }));
  return Array.from({ length: 50 }, () => faults.forRequest('POST /order').failWith);
}

function dropDraws(dropCallbacks: number, seed = 3) {
  const faults = createFaultState(faultsSchema.parse({ dropCallbacks, seed }));
  return Array.from({ length: 40 }, () => faults.dropCallback());
}

describe('fault state', () => {
  it('fails the same calls for the same seed', () => {
    const first = fiftyCalls();
    expect(fiftyCalls()).toEqual(first);
    const failed = first.filter((s) => s === 503).length;
    expect(failed).toBeGreaterThan(5);
    expect(failed).toBeLessThan(30);
  });

  it('fails exactly the next N calls, then serves again', () => {
    const faults = createFaultState(faultsSchema.parse({ failNext: 2, errorStatus: 500 }));
    const statuses = Array.from({ length: 4 }, () => faults.forRequest('GET /order').failWith);
    expect(statuses).toEqual([500, 500, null, null]);
    expect(faults.current().failNext).toBe(0);
  });

  it('leaves operations outside the chosen ones alone', () => {
    const faults = createFaultState(faultsSchema.parse({ failNext: 1, operations: ['POST /order'] }));
    expect(faults.forRequest('POST /auth/token').failWith).toBeNull();
    expect(faults.forRequest('POST /order').failWith).toBe(503);
  });

  it('draws latency within the range', () => {
    const faults = createFaultState(faultsSchema.parse({ latencyMs: { min: 10, max: 20 } }));
    for (let i = 0; i < 50; i += 1) {
      const { latencyMs } = faults.forRequest('GET /order');
      expect(latencyMs).toBeGreaterThanOrEqual(10);
      expect(latencyMs).toBeLessThanOrEqual(20);
    }
  });

  it('hangs before it fails', () => {
    const faults = createFaultState(faultsSchema.parse({ hangNext: 1, failNext: 1, hangMs: 50 }));
    expect(faults.forRequest('GET /order')).toEqual({ latencyMs: 0, hangMs: 50, failWith: null });
    expect(faults.forRequest('GET /order')).toEqual({ latencyMs: 0, hangMs: null, failWith: 503 });
  });

  it('drops every callback at 1, none at 0, and the same ones for the same seed', () => {
    expect(dropDraws(1).every(Boolean)).toBe(true);
    expect(dropDraws(0).some(Boolean)).toBe(false);
    const half = dropDraws(0.5);
    expect(dropDraws(0.5)).toEqual(half);
    expect(half.filter(Boolean).length).toBeGreaterThan(5);
    expect(half.filter(Boolean).length).toBeLessThan(35);
    expect(faultsSchema.safeParse({ dropCallbacks: 1.5 }).success).toBe(false);
  });

  it('updates only the fields given and replaces everything on replace', () => {
    const faults = createFaultState(faultsSchema.parse({ errorRate: 0.5, duplicateCallbacks: 1 }));
    expect(faults.update({ errorRate: 0 })).toMatchObject({ errorRate: 0, duplicateCallbacks: 1 });
    expect(faults.replace({ hangRate: 0.1 })).toMatchObject({
      errorRate: 0,
      duplicateCallbacks: 0,
      hangRate: 0.1,
    });
  });
});

describe('parseLatency', () => {
  it('reads a fixed value or a range', () => {
    expect(parseLatency('200')).toEqual({ min: 200, max: 200 });
    expect(parseLatency('100-500')).toEqual({ min: 100, max: 500 });
    expect(() => parseLatency('fast')).toThrow(/MIN-MAX/);
  });

  it('refuses a range whose min exceeds its max', () => {
    expect(faultsSchema.safeParse({ latencyMs: { min: 5, max: 1 } }).success).toBe(false);
  });
});
