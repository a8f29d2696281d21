import { randomUUID } from 'node:crypto';
import type { OrderEventEnvelope } from '@orders/contracts';
import { createEventStore, readCheckpoint, type EventStore } from '@orders/event-store';
import { createLogger } from '@orders/service-kit';
import { createTestDatabase, type TestDatabase } from '@orders/testing';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { connectorTemplate, waitFor } from '../test-support/harness.ts';
import { createEventStoreSource } from './event-store.ts';
import type { OrderEventSource } from './types.ts';

// The event-store source as a continuous window, on a real PostgreSQL: one slow order does
// not hold back the others, one order's events stay in order, and the checkpoint never
// passes an event that is not finished.
// Reads are gap-safe below the server's oldest open transaction: on a PostgreSQL shared with
// other suites a long transaction there holds them back, hence the long waits.
const patience = 90_000;
let database: TestDatabase;
let store: EventStore;
const logger = createLogger({ service: 'vigo-connector-test', level: 'silent' });

beforeAll(async () => {
  database = await createTestDatabase({ template: connectorTemplate });
  store = createEventStore({ connectionString: database.url, poolSize: 4 });
});
afterAll(async () => {
  await store?.close();
  await database?.drop();
});

/** Appends `count` events to each order's stream, the orders' events interleaved in the log. */
async function appendInterleaved(orderIds: readonly string[], count: number) {
  for (let version = 1; version <= count; version++) {
    for (const orderId of orderIds) {
      await store.append(
        `order-${orderId}`,
        [
          {
            eventId: randomUUID(),
            type: version === 1 ? 'OrderCreated' : 'OrderUpdated',
            data: {},
            metadata: { tenantId: 'demo', actor: 'test' },
          },
        ],
        {
          expectedVersion: version === 1 ? 'no_stream' : BigInt(version - 1),
          streamType: 'order',
          tenantId: 'demo',
        },
      );
    }
  }
}

/** True once the subscription's checkpoint is at the last event of the log (so all was handled). */
async function atEnd(name: string): Promise<boolean> {
  const last = (await store.readAll({ maxCount: 10_000 })).checkpoint;
  const at = await readCheckpoint(store, name);
  return at?.transactionId === last.transactionId && at.position === last.position;
}

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

it(
  'runs past a slow order, keeps each order in order, and checkpoints only finished events',
  { timeout: 200_000 },
  async () => {
    const name = `window-${randomUUID().slice(0, 8)}`;
    const orders = Array.from({ length: 6 }, () => randomUUID());
    const slow = orders[1]!;
    await appendInterleaved(orders, 3);
    const { events } = await store.readStream(`order-${slow}`);
    const blockedEvent = events[1]!; // the slow order's second event
    const release = deferred();

    const handled = new Map<string, number[]>();
    const running = new Set<string>();
    let overlapped = false;
    const handler = async (event: OrderEventEnvelope) => {
      if (running.has(event.orderId)) overlapped = true;
      running.add(event.orderId);
      try {
        // Later events finish first: each order's own order must hold anyway.
        await new Promise((r) => setTimeout(r, 5 * (4 - event.streamVersion)));
        if (event.eventId === blockedEvent.eventId) await release.promise;
        handled.set(event.orderId, [...(handled.get(event.orderId) ?? []), event.streamVersion]);
      } finally {
        running.delete(event.orderId);
      }
    };
    const source: OrderEventSource = createEventStoreSource({
      store,
      name,
      handler,
      concurrency: 4,
      logger,
      pollIntervalMs: 100,
      checkpointIntervalMs: 20,
    });
    await source.start();
    try {
      // Every other order is done while the slow one waits on its second event.
      await waitFor(
        'the other orders',
        async () => orders.every((id) => id === slow || handled.get(id)?.length === 3),
        patience,
      );
      expect(handled.get(slow)).toEqual([1]);
      // The checkpoint stops before the unfinished event (after the slow order's first one at most).
      await waitFor(
        'a checkpoint',
        async () => {
          const at = await readCheckpoint(store, name);
          return at && at.position > 0n ? at : undefined;
        },
        patience,
      );
      const held = (await readCheckpoint(store, name))!;
      const before =
        BigInt(held.transactionId) < BigInt(blockedEvent.transactionId) ||
        (held.transactionId === blockedEvent.transactionId && held.position < blockedEvent.position);
      expect(before).toBe(true);

      release.resolve();
      await waitFor('the slow order', async () => handled.get(slow)?.length === 3, patience);
      for (const id of orders) expect(handled.get(id)).toEqual([1, 2, 3]);
      expect(overlapped).toBe(false);
      // Everything finished: the checkpoint reaches the last event of the log.
      await waitFor('the checkpoint at the end', () => atEnd(name), patience);
    } finally {
      release.resolve();
      await source.stop();
    }
  },
);

it(
  'resumes after a stop from the checkpoint: an unfinished event is handled again, finished ones are not',
  { timeout: 200_000 },
  async () => {
    const name = `window-${randomUUID().slice(0, 8)}`;
    const orders: string[] = Array.from({ length: 3 }, () => randomUUID());
    await appendInterleaved(orders, 2);
    const stuck = orders[2]!;
    const seen: string[] = [];
    const failFor = new Set([stuck]);
    const handler = async (event: OrderEventEnvelope) => {
      // The database is shared with the other tests: their events are not looked at.
      if (!orders.includes(event.orderId)) return;
      if (failFor.has(event.orderId)) throw new Error('order-api unreachable');
      seen.push(`${event.orderId}:${event.streamVersion}`);
    };
    const options = {
      store,
      name,
      handler,
      concurrency: 2,
      logger,
      pollIntervalMs: 100,
      checkpointIntervalMs: 20,
    };
    const first = createEventStoreSource({ ...options, retry: { initialDelayMs: 20, maxDelayMs: 50 } });
    await first.start();
    await waitFor('the other orders', async () => seen.length === 4, patience);
    await first.stop();
    expect(seen).not.toContain(`${stuck}:1`);

    // The failing order works now: after a restart only its events (and nothing finished) come again.
    failFor.clear();
    const again = createEventStoreSource(options);
    await again.start();
    try {
      await waitFor('the checkpoint at the end', () => atEnd(name), patience);
      const counts = new Map<string, number>();
      for (const key of seen) counts.set(key, (counts.get(key) ?? 0) + 1);
      for (const id of orders) {
        // The first event of the first orders can be handled twice only if it came after the stuck one.
        expect(counts.get(`${id}:1`)).toBeGreaterThanOrEqual(1);
        expect(counts.get(`${id}:2`)).toBeGreaterThanOrEqual(1);
      }
      expect(counts.get(`${stuck}:1`)).toBe(1);
      expect(counts.get(`${stuck}:2`)).toBe(1);
      // The events logged before the stuck order's first one were checkpointed and not handled again.
      expect(counts.get(`${orders[0]!}:1`)).toBe(1);
      expect(counts.get(`${orders[1]!}:1`)).toBe(1);
    } finally {
      await again.stop();
    }
  },
);

it('lets one instance of a subscription name be active at a time', { timeout: 200_000 }, async () => {
  const name = `window-${randomUUID().slice(0, 8)}`;
  const orders: string[] = [randomUUID(), randomUUID(), randomUUID()];
  await appendInterleaved([orders[0]!], 1);
  const byInstance = { a: 0, b: 0 };
  const make = (key: 'a' | 'b') =>
    createEventStoreSource({
      store,
      name,
      handler: async (event) => {
        // The database is shared with the other tests: their events are not counted.
        if (orders.includes(event.orderId)) byInstance[key] += 1;
      },
      concurrency: 2,
      logger,
      pollIntervalMs: 100,
    });
  const a = make('a');
  await a.start();
  await waitFor('the first event', async () => byInstance.a === 1, patience);
  const b = make('b');
  await b.start();
  await appendInterleaved([orders[1]!], 1);
  await waitFor('the second event', async () => byInstance.a === 2, patience);
  expect(byInstance.b).toBe(0);
  // The active one stops: the other takes over from its checkpoint.
  await a.stop();
  await appendInterleaved([orders[2]!], 1);
  await waitFor('the take-over', async () => byInstance.b === 1, patience);
  await b.stop();
  expect(byInstance.a).toBe(2);
});
