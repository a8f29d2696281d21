import { describe, expect, it } from 'vitest';
import type { WireAppend, WireResult } from './append.ts';
import { GroupCommitter } from './group-commit.ts';

const item = (s: string, events = 1): WireAppend => ({
  s,
  e: 'any',
  t: null,
  n: null,
  ev: Array.from({ length: events }, (_, i) => ({ id: `${s}-${i}`, ty: 'T', sv: 1, d: {}, m: {}, p: null })),
});
const ok = (n: number): WireResult => ({ r: 'ok', v: String(n), p: [], x: '1' });

/** The batching rules alone, with the database call replaced by a recorder. */
describe('GroupCommitter', () => {
  it('sends the first append at once and coalesces those arriving meanwhile', async () => {
    const batches: string[][] = [];
    const committer = new GroupCommitter(
      async (items) => {
        batches.push(items.map((i) => i.s));
        await new Promise((resolve) => setTimeout(resolve, 10));
        return items.map((_, i) => ok(i));
      },
      { maxBatchSize: 100, maxBatchEvents: 1_000, maxInFlight: 1 },
    );
    await Promise.all(['c', 'a', 'b', 'd'].map((s) => committer.submit(item(s))));
    expect(batches).toEqual([['c'], ['a', 'b', 'd']]);
    expect(committer.stats).toEqual({ batches: 2, appends: 4 });
  });

  it('keeps appends to one stream in separate batches, in order, and respects the size limits', async () => {
    const batches: string[][] = [];
    const committer = new GroupCommitter(
      async (items) => {
        batches.push(items.map((i) => `${i.s}${i.ev.length}`));
        return items.map((_, i) => ok(i));
      },
      { maxBatchSize: 2, maxBatchEvents: 5, maxInFlight: 1 },
    );
    await Promise.all([
      committer.submit(item('x', 1)),
      committer.submit(item('x', 2)),
      committer.submit(item('y', 4)),
      committer.submit(item('z', 1)),
      committer.submit(item('w', 1)),
    ]);
    // x2 waits for x1; y4 does not fit beside x2 (5 events at most) and leads the next batch
    expect(batches).toEqual([['x1'], ['x2', 'z1'], ['w1', 'y4']]);
  });

  it('retries each append alone when the batch fails with a SQL error, and fails only the culprit', async () => {
    const committer = new GroupCommitter(
      async (items) => {
        if (items.some((i) => i.s === 'bad'))
          throw Object.assign(new Error('invalid input'), { code: '22P02' });
        return items.map((_, i) => ok(i));
      },
      { maxBatchSize: 10, maxBatchEvents: 100, maxInFlight: 1 },
    );
    const first = committer.submit(item('first'));
    const rest = ['a', 'bad', 'b'].map((s) =>
      committer.submit(item(s)).then(
        () => 'ok',
        (e: Error) => e.message,
      ),
    );
    await first;
    expect(await Promise.all(rest)).toEqual(['ok', 'invalid input', 'ok']);
  });

  it('fails every append of a batch whose connection was lost: their outcome is unknown', async () => {
    const committer = new GroupCommitter(
      async () => {
        throw new Error('Connection terminated unexpectedly');
      },
      { maxBatchSize: 10, maxBatchEvents: 100, maxInFlight: 1 },
    );
    const results = await Promise.allSettled([committer.submit(item('a')), committer.submit(item('b'))]);
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected']);
  });
});
