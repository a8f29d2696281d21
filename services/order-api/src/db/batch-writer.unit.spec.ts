import { describe, expect, it } from 'vitest';
import { createBatchWriter } from './batch-writer.ts';

describe('createBatchWriter', () => {
  it('writes rows that arrive during a write together in the next one', async () => {
    const batches: number[][] = [];
    let release: () => void = () => undefined;
    const write = createBatchWriter<number>(async (rows) => {
      batches.push(rows);
      if (batches.length === 1) await new Promise<void>((r) => (release = r));
    });
    const first = write(1);
    const rest = [2, 3, 4].map((n) => write(n));
    release();
    await Promise.all([first, ...rest]);
    expect(batches).toEqual([[1], [2, 3, 4]]);
  });

  it('fails only the callers whose batch failed', async () => {
    let calls = 0;
    const write = createBatchWriter<number>(async () => {
      calls++;
      if (calls === 1) throw new Error('disk full');
    });
    const failed = write(1);
    await expect(failed).rejects.toThrow('disk full');
    await expect(write(2)).resolves.toBeUndefined();
  });

  it('splits a long queue into batches of at most maxBatch rows', async () => {
    const sizes: number[] = [];
    let hold: Promise<void> | undefined = new Promise<void>((r) => setTimeout(r, 5));
    const write = createBatchWriter<number>(
      async (rows) => {
        sizes.push(rows.length);
        const h = hold;
        hold = undefined;
        await h;
      },
      { maxBatch: 3 },
    );
    await Promise.all(Array.from({ length: 8 }, (_, i) => write(i)));
    expect(sizes).toEqual([1, 3, 3, 1]);
  });
});
