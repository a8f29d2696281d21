import { describe, expect, it } from 'vitest';
import { createWakeups } from './wakeups.ts';

const settledWithin = async (work: Promise<void>, ms: number) =>
  Promise.race([work.then(() => true), new Promise<boolean>((r) => setTimeout(() => r(false), ms))]);

describe('wakeups', () => {
  it('ends a sleep on a signal, and keeps a signal that came while nobody slept', async () => {
    const w = createWakeups(() => true);
    const sleeping = w.sleep(60_000);
    w.signal();
    expect(await settledWithin(sleeping, 1_000)).toBe(true);
    // the signal stays pending until the loop clears it: the next sleep returns at once
    expect(w.pending).toBe(true);
    expect(await settledWithin(w.sleep(60_000), 1_000)).toBe(true);
    w.pending = false;
    expect(await settledWithin(w.sleep(60_000), 50)).toBe(false);
    w.stopAll();
  });

  it('lets a pause ignore signals but not stopAll, and a stopped loop not sleep', async () => {
    let running = true;
    const w = createWakeups(() => running);
    const pausing = w.pause(60_000);
    w.signal();
    expect(await settledWithin(pausing, 50)).toBe(false);
    running = false;
    w.stopAll();
    expect(await settledWithin(pausing, 1_000)).toBe(true);
    w.pending = false;
    expect(await settledWithin(w.sleep(60_000), 1_000)).toBe(true);
  });
});
