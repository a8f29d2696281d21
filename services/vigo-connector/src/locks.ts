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
}

/**
 * Order locks on their own pool (no transaction is held, so nothing stalls the event
 * store's readers): a lock holder's statements go through the main pool, never this one,
 * so holders cannot starve each other of connections.
 */
export function createOrderLocks(lockPool: pg.Pool): OrderLocks {
  return {
    async withLock(orderId, fn, waitMs = 10_000) {
      const key = `vigo-connector:${orderId}`;
      const client = await lockPool.connect();
      let locked = false;
      try {
        const deadline = Date.now() + waitMs;
        for (let delay = 5; ; delay = Math.min(delay * 2, 100)) {
          const result = await client.query<{ locked: boolean }>(
            'select pg_try_advisory_lock(hashtextextended($1, 0)) as locked',
            [key],
          );
          locked = result.rows[0]?.locked === true;
          if (locked || Date.now() >= deadline) break;
          await sleep(delay);
        }
        if (!locked) throw new OrderBusyError(orderId);
        return await fn();
      } finally {
        let broken: Error | undefined;
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
    },
  };
}
