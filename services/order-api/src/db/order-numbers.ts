import { createHash } from 'node:crypto';
import { type Kysely, sql } from 'kysely';

/**
 * Allocates human-readable order numbers, unique per tenant: ORD-000001, ORD-000002, …
 * One PostgreSQL sequence per tenant: nextval never waits for another transaction and needs
 * no commit of its own. Numbers are taken `block` at a time and handed out in order by this
 * process, so a busy process asks the database once per block, and asks for the next block when
 * half of one is left, so that creates do not wait for it. Numbers taken but not used
 * (a failed create, a restart) are not reused: numbers are unique, not gap-free, and with
 * several order-api processes they interleave.
 */
export function createOrderNumberAllocator<DB>(
  db: Kysely<DB>,
  options: { prefix?: string; width?: number; block?: number } = {},
) {
  const prefix = options.prefix ?? 'ORD-';
  const width = options.width ?? 6;
  const block = options.block ?? 16;
  const ready = new Map<string, string[]>();
  const fetching = new Map<string, Promise<void>>();
  const created = new Set<string>();
  const sequenceFor = (tenantId: string) =>
    `order_no_${createHash('sha256').update(tenantId).digest('hex').slice(0, 20)}`;

  async function refill(tenantId: string): Promise<void> {
    const name = sequenceFor(tenantId);
    if (!created.has(name)) {
      await sql`create sequence if not exists ${sql.id('order_api', name)} as bigint start 1`
        .execute(db)
        .catch((error: unknown) => {
          // two processes creating the same sequence at once: the loser's error is harmless
          if (!(
            error instanceof Error &&
            'code' in error &&
            (error.code === '23505' || error.code === '42P07')
          ))
            throw error;
        });
      created.add(name);
    }
    const { rows } = await sql<{ n: string }>`select nextval(${`order_api.${name}`}::regclass)::text as n
      from generate_series(1, ${block})`.execute(db);
    const numbers = rows.map((r) => BigInt(r.n)).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    ready.set(tenantId, [
      ...(ready.get(tenantId) ?? []),
      ...numbers.map((n) => `${prefix}${String(n).padStart(width, '0')}`),
    ]);
  }

  const ask = (tenantId: string): Promise<void> => {
    let pending = fetching.get(tenantId);
    if (!pending) {
      pending = refill(tenantId).finally(() => fetching.delete(tenantId));
      fetching.set(tenantId, pending);
    }
    return pending;
  };

  return async function nextOrderNo(tenantId: string): Promise<string> {
    for (;;) {
      const numbers = ready.get(tenantId);
      const next = numbers?.shift();
      if (next) {
        // Half a block left: the next block is asked for now, so that creates never wait for
        // the round trip (a failed early ask is dropped; a create finding none left asks again).
        if (numbers!.length < block / 2) ask(tenantId).catch(() => undefined);
        return next;
      }
      await ask(tenantId);
    }
  };
}
