import { describe, expect, it } from 'vitest';
import { barLine, createProgress, formatDuration } from './progress.ts';

/** An output that keeps what is written, and a clock the test moves. */
function fakeOutput(isTTY: boolean) {
  const writes: string[] = [];
  return { writes, output: { isTTY, write: (text: string) => writes.push(text) } };
}

describe('progress', () => {
  it('shows done/total, percent, orders per second and the time left', () => {
    expect(barLine({ done: 250, total: 1000, failed: 0, elapsedMs: 10_000 }, 10)).toBe(
      '[##--------]  250/1,000 orders  25%  25.0 orders/s  ETA 0:30',
    );
    expect(barLine({ done: 1000, total: 1000, failed: 3, elapsedMs: 40_000 }, 4)).toBe(
      '[####]  1,000/1,000 orders  100%  25.0 orders/s  ETA 0:00  3 failed requests',
    );
    expect(barLine({ done: 0, total: 10, failed: 0, elapsedMs: 0 }, 4)).toContain('ETA --:--');
    expect(formatDuration(3725)).toBe('1:02:05');
  });

  it('writes one plain line per 10 % when stderr is not a terminal', () => {
    const { writes, output } = fakeOutput(false);
    let clock = 0;
    const progress = createProgress(output, 200, () => clock);
    for (let done = 1; done <= 200; done += 1) {
      clock += 50;
      progress.update(done, 0);
    }
    progress.finish();
    expect(writes).toHaveLength(10);
    expect(writes[0]).toBe('seed: 20/200 orders  10%  20.0 orders/s  ETA 0:09\n');
    expect(writes[9]).toBe('seed: 200/200 orders  100%  20.0 orders/s  ETA 0:00\n');
  });

  it('redraws one line in place on a terminal, at most every 100 ms', () => {
    const { writes, output } = fakeOutput(true);
    let clock = 0;
    const progress = createProgress(output, 100, () => clock);
    for (let done = 1; done <= 100; done += 1) {
      clock += 20;
      progress.update(done, 0);
    }
    progress.finish();
    expect(writes.every((w) => w.startsWith('\r[') || w === '\n')).toBe(true);
    expect(writes.length).toBeGreaterThan(15);
    expect(writes.length).toBeLessThan(30);
    expect(writes.at(-2)).toContain('100/100 orders  100%');
    expect(writes.at(-1)).toBe('\n');
  });
});
