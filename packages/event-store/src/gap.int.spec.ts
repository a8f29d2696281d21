import { randomUUID } from 'node:crypto';
import type { TestDatabase } from '@orders/testing';
import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { EventStore } from './store.ts';
import { createSubscription } from './subscribe.ts';
import { eventStoreDatabase, storeFactory, waitFor } from './test-support/database.ts';

/**
 * The danger: positions are taken when a transaction inserts, but become visible when it
 * commits. A reader that resumes from "the last position it saw" skips every event whose
 * transaction took a lower position and committed after that read. Here 32 writers hold their
 * transactions open for random times after inserting, so commits land out of position order.
 */
const WRITERS = 32;
const TOTAL = 100_000;
const PER_TRANSACTION = 100;

let database: TestDatabase;
const stores = storeFactory(() => database);
let store: EventStore;

beforeAll(async () => {
  database = await eventStoreDatabase();
  store = stores.open({ poolSize: WRITERS + 2 });
});
afterAll(async () => {
  await stores.closeAll();
  await database?.drop();
});

const key = (transactionId: string, position: bigint) => [BigInt(transactionId), position] as const;
const before = (a: readonly [bigint, bigint], b: readonly [bigint, bigint]) =>
  a[0] < b[0] || (a[0] === b[0] && a[1] < b[1]);

it('delivers every event exactly once under out-of-order commits, where a position-only reader skips', async () => {
  const db = store.db as unknown as Kysely<never>;

  // The subscriber under test, reading concurrently with the writers.
  const seen = new Map<string, number>(); // event id -> batch number it arrived in
  const order: Array<readonly [bigint, bigint]> = [];
  const checkpoints: Array<readonly [bigint, bigint]> = []; // after each batch
  let duplicates = 0;
  const subscription = createSubscription({
    name: 'gap-safe',
    store,
    mode: 'side-effect',
    batchSize: 2_000,
    pollIntervalMs: 50,
    handler: async (events) => {
      for (const e of events) {
        if (seen.has(e.eventId)) duplicates += 1;
        seen.set(e.eventId, checkpoints.length);
        order.push(key(e.transactionId, e.position));
      }
      const last = events.at(-1)!;
      checkpoints.push(key(last.transactionId, last.position));
    },
  });

  // The naive reader: "everything after the highest position I have seen".
  const naiveSeen = new Set<string>();
  let naiveLast = 0n;
  let writing = true;
  const naive = (async () => {
    for (;;) {
      const { rows } = await sql<{ position: string; event_id: string }>`select position, event_id
        from event_store.events where position > ${String(naiveLast)}::bigint order by position limit 5000`.execute(
        db,
      );
      for (const row of rows) naiveSeen.add(row.event_id);
      if (rows.length > 0) naiveLast = BigInt(rows.at(-1)!.position);
      else if (!writing) return;
      else await new Promise((resolve) => setTimeout(resolve, 2));
    }
  })();

  await subscription.start();
  const transactions = TOTAL / PER_TRANSACTION;
  let next = 0;
  const started = Date.now();
  await Promise.all(
    Array.from({ length: WRITERS }, async (_, writer) => {
      while (next < transactions) {
        const t = next++;
        await store.db.transaction().execute(async (trx) => {
          await store.appendMany(
            [
              {
                streamId: `writer-${writer}-tx-${t}`,
                expectedVersion: 'no_stream',
                events: Array.from({ length: PER_TRANSACTION }, (_, i) => ({
                  eventId: randomUUID(),
                  type: 'Written',
                  data: { t, i },
                })),
              },
            ],
            { transaction: trx },
          );
          // The positions are taken; now hold the transaction open before committing.
          await sql`select pg_sleep(${Math.random() * 0.03})`.execute(trx);
        });
      }
    }),
  );
  writing = false;
  const writeSeconds = (Date.now() - started) / 1000;
  await naive;

  await waitFor(() => seen.size >= TOTAL, 40_000, `the subscriber to receive all ${TOTAL} events`);
  await subscription.stop();

  const { rows } = await sql<{ n: number }>`select count(*)::int as n from event_store.events`.execute(db);
  expect(rows[0]!.n).toBe(TOTAL);
  expect(seen.size).toBe(TOTAL);
  expect(duplicates).toBe(0);
  // Delivered in strictly increasing (transaction id, position) order ...
  for (let i = 1; i < order.length; i += 1) expect(before(order[i - 1]!, order[i]!)).toBe(true);
  // ... so no checkpoint ever passed an event that arrived in a later batch.
  const { rows: all } = await sql<{
    event_id: string;
    transaction_id: string;
    position: string;
  }>`select event_id,
    transaction_id, position from event_store.events`.execute(db);
  for (let c = 1; c < checkpoints.length; c += 1)
    expect(before(checkpoints[c - 1]!, checkpoints[c]!)).toBe(true);
  let violations = 0;
  for (const e of all) {
    // checkpoints only grow, so the last one before the event's batch is the one to beat
    const arrived = seen.get(e.event_id)!;
    if (arrived > 0 && !before(checkpoints[arrived - 1]!, key(e.transaction_id, BigInt(e.position))))
      violations += 1;
  }
  expect(violations).toBe(0);

  // The danger is real: the position-only reader, run over the same workload, missed events.
  const skipped = TOTAL - naiveSeen.size;
  console.log(
    `gap test: ${TOTAL} events by ${WRITERS} writers in ${writeSeconds.toFixed(1)} s; ` +
      `gap-safe subscriber got ${seen.size} in ${checkpoints.length} batches; position-only reader skipped ${skipped}`,
  );
  expect(skipped).toBeGreaterThan(0);
});
