import type pg from 'pg';
import { sleep } from './vigo/backoff.ts';

/** Another worker holds the order (a dispatch, a cancel or a callback of the same order is running). */
export class OrderBusyError extends Error {
  override readonly name = 'OrderBusyError';
  constructor(orderId: string) {
    super(`order ${orderId} is being handled by another worker`);
  }
}

export interface OrderLocks {
  /**
   * Runs `fn` holding the order's lock: a PostgreSQL session advisory lock, so a second
   * process (or a second handler here) waits, and a process that dies releases it at once.
   * Throws OrderBusyError when the lock is not free within `waitMs`.
   */
  withLock<T>(orderId: string, fn: () => Promise<T>, waitMs?: number): Promise<T>;
  /**
   * As {@link withLock}, and `peek` (one SQL statement, no parameters) is read once the lock
   * is held, in the same round trip as the lock when it is free at once: a statement of its
   * own after the lock's, so its snapshot sees everything the previous holder committed.
   */
  withLockRead<R extends object, T>(
    orderId: string,
    peek: string,
    fn: (rows: R[]) => Promise<T>,
    waitMs?: number,
  ): Promise<T>;
}

/**
 * Order locks on their own pool (no transaction is held, so nothing stalls the event
 * store's readers): a lock holder's statements go through the main pool, never this one,
 * so holders cannot starve each other of connections.
 */
export function createOrderLocks(lockPool: pg.Pool): OrderLocks {
  async function run<R extends object, T>(
    orderId: string,
    peek: string | null,
    fn: (rows: R[]) => Promise<T>,
    waitMs: number,
  ): Promise<T> {
    const key = `vigo-connector:${orderId}`;
    const client = await lockPool.connect();
    let locked = false;
    // Set when the session may hold the lock without our knowing: it is then dropped, not reused.
    let broken: Error | undefined;
    try {
      const deadline = Date.now() + waitMs;
      let peeked: R[] | null = null;
      for (let delay = 5, first = true; ; delay = Math.min(delay * 2, 100), first = false) {
        if (first && peek !== null) {
          // Two statements in one simple-protocol message (the key inlined as a literal):
          // under READ COMMITTED the second takes its own snapshot, after the lock is held.
          const results = (await client
            .query(
              `select pg_try_advisory_lock(hashtextextended(${client.escapeLiteral(key)}, 0)) as locked; ${peek}`,
            )
            .catch((error: Error) => {
              // The lock may have been taken before the peek failed.
              broken = error;
              throw error;
            })) as unknown as [pg.QueryResult<{ locked: boolean }>, pg.QueryResult<R>];
          locked = results[0].rows[0]?.locked === true;
          if (locked) peeked = results[1].rows;
        } else {
          const result = await client.query<{ locked: boolean }>(
            'select pg_try_advisory_lock(hashtextextended($1, 0)) as locked',
            [key],
          );
          locked = result.rows[0]?.locked === true;
        }
        if (locked || Date.now() >= deadline) break;
        await sleep(delay);
      }
      if (!locked) throw new OrderBusyError(orderId);
      if (peek !== null && peeked === null) peeked = (await client.query<R>(peek)).rows;
      return await fn(peeked ?? []);
    } finally {
      if (locked) {
        await client
          .query('select pg_advisory_unlock(hashtextextended($1, 0))', [key])
          .catch((error: Error) => {
            broken = error;
          });
      }
      // A connection whose unlock failed is dropped (its session, and so the lock, ends).
      client.release(broken);
    }
  }
  return {
    withLock: (orderId, fn, waitMs = 10_000) => run(orderId, null, () => fn(), waitMs),
    withLockRead: (orderId, peek, fn, waitMs = 10_000) => run(orderId, peek, fn, waitMs),
  };
}
