/**
 * Coalesces concurrent single-row writes into one statement: rows that arrive while a write
 * is in flight go together in the next one. Each caller's promise settles with the write that
 * carried its row. Used where one commit per row would bound the request rate by fsync.
 */
export function createBatchWriter<Row>(
  write: (rows: Row[]) => Promise<void>,
  options: { maxBatch?: number } = {},
) {
  const maxBatch = options.maxBatch ?? 500;
  let queue: { row: Row; resolve: () => void; reject: (error: unknown) => void }[] = [];
  let running = false;

  async function drain(): Promise<void> {
    running = true;
    while (queue.length > 0) {
      const batch = queue.slice(0, maxBatch);
      queue = queue.slice(batch.length);
      try {
        await write(batch.map((b) => b.row));
        for (const b of batch) b.resolve();
      } catch (error) {
        for (const b of batch) b.reject(error);
      }
    }
    running = false;
  }

  return (row: Row): Promise<void> =>
    new Promise<void>((resolve, reject) => {
      queue.push({ row, resolve, reject });
      if (!running) void drain();
    });
}
