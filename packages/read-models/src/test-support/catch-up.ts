import { sql } from 'kysely';
import type { EventStore } from '@orders/event-store';
import { projectionReached } from '../position.ts';
import { projections as all, type ProjectionName } from '../projections/index.ts';
import { projectionSubscription } from '../subscription.ts';

/**
 * Runs the projections (all by default) as subscriptions until each has applied every event
 * stored when it was called, then stops them. For tests that need the read models filled.
 */
export async function catchUp(
  store: EventStore,
  options: { only?: readonly ProjectionName[]; batchSize?: number; timeoutMs?: number } = {},
): Promise<void> {
  const chosen = all.filter((p) => !options.only || options.only.includes(p.name as ProjectionName));
  const { rows } = await sql<{
    max: string | null;
  }>`select max(position)::text as max from event_store.events`.execute(store.db);
  const end = BigInt(rows[0]?.max ?? '0');
  const subscriptions = chosen.map((p) =>
    projectionSubscription(store, p, {
      batchSize: options.batchSize ?? 1_000,
      pollIntervalMs: 50,
      lockRetryMs: 50,
    }),
  );
  await Promise.all(subscriptions.map((s) => s.start()));
  try {
    const deadline = Date.now() + (options.timeoutMs ?? 60_000);
    for (const p of chosen) {
      while (end > 0n && !(await projectionReached(store.db, p.name, end))) {
        const failing = subscriptions.find((s) => s.status().lastError);
        if (Date.now() > deadline || (failing && failing.status().handlerFailures >= 3))
          throw new Error(
            `projection ${p.name} did not catch up: ${failing?.status().lastError ?? 'timeout'}`,
          );
        await new Promise((resolve) => setTimeout(resolve, 30));
      }
    }
  } finally {
    await Promise.all(subscriptions.map((s) => s.stop()));
  }
}
