import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createProgress, progressLine } from './progress.ts';

describe('the rebuild progress bar', () => {
  it('shows the share done, the events, the rate and the time left', () => {
    expect(progressLine('order-list replay', { done: 250_000n, total: 1_000_000n }, 25_000)).toBe(
      'order-list replay [######------------------] 25.0% 250,000/1,000,000 events 25,000 ev/s ETA 30s',
    );
    expect(progressLine('x', { done: 0n, total: 100n }, 0)).toMatch(/ETA \?$/);
  });

  it('redraws in place on a terminal and ends with a line', () => {
    let text = '';
    const stream = Object.assign(
      new Writable({
        write(chunk: Buffer, _e, done) {
          text += chunk.toString();
          done();
        },
      }),
      { isTTY: true },
    );
    const bar = createProgress('p', stream);
    bar.update({ done: 10n, total: 100n });
    bar.update({ done: 20n, total: 100n });
    bar.done({ done: 100n, total: 100n });
    expect(text.split('\r').length).toBeGreaterThanOrEqual(3);
    expect(text.endsWith('\n')).toBe(true);
    expect(text).toContain('100.0% 100/100 events');
  });
});
