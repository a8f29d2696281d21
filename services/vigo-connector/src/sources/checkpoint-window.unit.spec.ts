import { describe, expect, it } from 'vitest';
import { createCheckpointWindow } from './event-store.ts';

const at = (transactionId: number, position: number) => ({
  transactionId: String(transactionId),
  position: BigInt(position),
});

describe('createCheckpointWindow', () => {
  it('never passes an unfinished event, whatever order the events finish in', () => {
    const window = createCheckpointWindow(at(0, 0));
    const first = window.start(at(10, 1));
    const second = window.start(at(10, 2));
    const third = window.start(at(11, 3));
    window.read(at(12, 5));
    expect(window.unfinished).toBe(3);

    third();
    second();
    expect(window.safe()).toEqual(at(0, 0));
    first();
    // Everything read is finished: the checkpoint moves to the end of the read.
    expect(window.safe()).toEqual(at(12, 5));
    expect(window.unfinished).toBe(0);
  });

  it('stops just before the first unfinished event', () => {
    const window = createCheckpointWindow(at(0, 0));
    const first = window.start(at(10, 1));
    window.start(at(10, 2));
    const third = window.start(at(11, 3));
    first();
    third();
    expect(window.safe()).toEqual(at(10, 1));
    expect(window.unfinished).toBe(1);
  });

  it('orders by transaction id before position (the gap-safe order)', () => {
    // A later transaction may hold a lower position: (11, 2) comes after (10, 7).
    const window = createCheckpointWindow(at(5, 9));
    const a = window.start(at(10, 7));
    const b = window.start(at(11, 2));
    b();
    expect(window.safe()).toEqual(at(5, 9));
    a();
    expect(window.safe()).toEqual(at(11, 2));
    expect(() => window.start(at(10, 8))).toThrow(/out of log order/);
  });

  it('counts a finish once and ignores reads behind what it has', () => {
    const window = createCheckpointWindow(at(0, 0));
    const done = window.start(at(1, 1));
    done();
    done();
    expect(window.unfinished).toBe(0);
    window.read(at(1, 1));
    window.read(at(0, 0));
    expect(window.safe()).toEqual(at(1, 1));
  });

  it('keeps working over many marks (the finished ones are dropped)', () => {
    const window = createCheckpointWindow(at(0, 0));
    const pending = window.start(at(1, 0));
    const finishers = Array.from({ length: 5_000 }, (_, i) => window.start(at(2, i + 1)));
    for (const finish of finishers) finish();
    expect(window.safe()).toEqual(at(0, 0));
    pending();
    expect(window.safe()).toEqual(at(2, 5_000));
    const more = window.start(at(3, 1));
    more();
    expect(window.safe()).toEqual(at(3, 1));
  });
});
