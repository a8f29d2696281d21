import { randomUUID } from 'node:crypto';
import type { PublicOrderEvent } from '@orders/contracts';
import {
  createEventStore,
  eventStoreTestTemplate,
  readCheckpoint,
  resetCheckpoint,
  type EventStore,
} from '@orders/event-store';
import { createProducer, ensureTopics } from '@orders/messaging';
import { createTestDatabase, useTestKafka, type TestDatabase } from '@orders/testing';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { consumeOrderEvents, type OrderEventConsumer, type OrderEventHandler } from './consume.ts';
import { migrateOrderEventConsumer, readDeadLetters } from './dead-letters.ts';
import { orderEventMessage, publicEventOf } from './stored-event.ts';
import { orderHistory, type OrderHistory } from './testing/order-history.ts';

const kafka = useTestKafka();
const topic = kafka.topic('order-events');
let database: TestDatabase;
let store: EventStore;
let pool: pg.Pool;
const running: OrderEventConsumer[] = [];
const retry = { maxAttempts: 3, initialBackoffMs: 10, maxBackoffMs: 40 };

beforeAll(async () => {
  database = await createTestDatabase({ template: eventStoreTestTemplate() });
  store = createEventStore({ connectionString: database.url, poolSize: 4 });
  pool = new pg.Pool({ connectionString: database.url, max: 6 });
  // Dropping the database at the end ends its sessions (57P01): not a failure of the test.
  pool.on('error', (error: Error & { code?: string }) => {
    if (error.code !== '57P01') throw error;
  });
  await migrateOrderEventConsumer(pool);
  await migrateOrderEventConsumer(pool); // idempotent
  await pool.query(`create table applied (
    id bigserial primary key, consumer text not null, event_id text not null, order_id text not null,
    stream_version integer not null, event jsonb not null)`);
  await ensureTopics(kafka.brokers, [{ name: topic, partitions: 3 }]);
});

afterAll(async () => {
  await Promise.all(running.map((c) => c.stop()));
  await pool?.end();
  await store?.close();
  await database?.drop();
});

/** The handler under test: the same function behind both sources; it writes its effect through tx. */
const recordInto =
  (consumer: string): OrderEventHandler =>
  async (event, tx) => {
    await tx.query(
      'insert into applied (consumer, event_id, order_id, stream_version, event) values ($1, $2, $3, $4, $5)',
      [consumer, event.eventId, event.orderId, event.streamVersion, JSON.stringify(event)],
    );
  };

async function appendOrders(count: number, events: number): Promise<OrderHistory[]> {
  const orders = Array.from({ length: count }, (_, i) => orderHistory({ events, seq: i + 1 }));
  await Promise.all(
    orders.map((o) =>
      store.append(o.streamId, o.events, {
        expectedVersion: 'no_stream',
        streamType: 'order',
        tenantId: o.tenantId,
      }),
    ),
  );
  return orders;
}

async function applied(consumer: string) {
  const { rows } = await pool.query<{
    event_id: string;
    order_id: string;
    stream_version: number;
    event: PublicOrderEvent;
  }>('select event_id, order_id, stream_version, event from applied where consumer = $1 order by id', [
    consumer,
  ]);
  return rows;
}

async function until(what: string, check: () => Promise<boolean>, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function start(consumer: OrderEventConsumer): OrderEventConsumer {
  running.push(consumer);
  return consumer;
}

describe('consumeOrderEvents', () => {
  let orders: OrderHistory[];

  it('drives one handler from Kafka and from the event store with the same events, once each, in order per order', async () => {
    orders = await appendOrders(4, 12);
    const total = 4 * 12;
    // What the relay does (services/relay): every stored order event, mapped, to the topic.
    // readAll is gap-safe: it returns only events below the server's oldest open transaction
    // (cluster-wide), so while other tests' transactions are open it may return fewer than
    // were appended. Publish only once every appended event is readable.
    let events = (await store.readAll({ maxCount: 1_000 })).events;
    for (const deadline = Date.now() + 60_000; events.length < total && Date.now() < deadline;) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      events = (await store.readAll({ maxCount: 1_000 })).events;
    }
    expect(events).toHaveLength(total);
    const producer = createProducer({ brokers: kafka.brokers, clientId: 'test-publisher' });
    await producer.connect();
    await producer.send(events.map((e) => orderEventMessage(publicEventOf(e), topic)));
    await producer.disconnect();

    const fromKafka = start(
      consumeOrderEvents({
        source: 'kafka',
        name: kafka.groupId('kafka-side'),
        brokers: kafka.brokers,
        topic,
        pool,
        retry,
        handler: recordInto('kafka'),
      }),
    );
    const fromStore = start(
      consumeOrderEvents({
        source: 'event-store',
        name: 'embedded',
        store,
        pool,
        retry,
        pollIntervalMs: 200,
        handler: recordInto('store'),
      }),
    );
    await Promise.all([fromKafka.ready, fromStore.ready]);
    await until(
      'both consumers applied every event',
      async () => (await applied('kafka')).length >= total && (await applied('store')).length >= total,
    );

    const viaKafka = await applied('kafka');
    const viaStore = await applied('store');
    for (const rows of [viaKafka, viaStore]) {
      expect(rows).toHaveLength(total);
      expect(new Set(rows.map((r) => r.event_id)).size).toBe(total);
      for (const order of orders) {
        const versions = rows.filter((r) => r.order_id === order.orderId).map((r) => r.stream_version);
        expect(versions).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
      }
    }
    const byId = new Map(viaKafka.map((r) => [r.event_id, r.event]));
    for (const row of viaStore) expect(row.event).toEqual(byId.get(row.event_id));
    expect(viaStore[0]!.event).toMatchObject({
      type: 'OrderCreated',
      tenantId: 'tenant-1',
      data: { order_no: 'ORD-0000001' },
    });
    expect(JSON.stringify(viaStore.map((r) => r.event))).not.toContain('Ayşe');
  }, 150_000);

  it('event store: delivered again from the start, nothing is applied twice', async () => {
    const consumer = running.splice(1, 1)[0]!;
    await consumer.stop();
    await resetCheckpoint(store, 'consumer:embedded');
    const again = start(
      consumeOrderEvents({
        source: 'event-store',
        name: 'embedded',
        store,
        pool,
        retry,
        pollIntervalMs: 200,
        handler: recordInto('store'),
      }),
    );
    await again.ready;
    const last = (await store.readAll({ maxCount: 10_000 })).checkpoint;
    await until(
      'the restarted consumer caught up',
      async () => (await readCheckpoint(store, 'consumer:embedded'))?.position === last.position,
    );
    expect(await applied('store')).toHaveLength(48);
  });

  it('event store: an event the handler keeps failing on, and one that cannot be mapped, are dead-lettered with their reason; the rest is applied', async () => {
    const [order] = await appendOrders(1, 5);
    const poisoned = order!.events[1]!.eventId;
    const unknown = randomUUID();
    await store.append(
      order!.streamId,
      [
        {
          eventId: unknown,
          type: 'OrderTeleported',
          data: { orderId: order!.orderId },
          metadata: { tenantId: 'tenant-1' },
        },
      ],
      { expectedVersion: 5n },
    );
    const later = orderHistory({ events: 3, seq: 99 });
    await store.append(later.streamId, later.events, { expectedVersion: 'no_stream', streamType: 'order' });

    let attempts = 0;
    const record = recordInto('fragile');
    start(
      consumeOrderEvents({
        source: 'event-store',
        name: 'fragile',
        store,
        pool,
        retry,
        pollIntervalMs: 200,
        handler: async (event, tx) => {
          if (event.eventId === poisoned) {
            attempts += 1;
            throw new Error('the courier API refused the order');
          }
          await record(event, tx);
        },
      }),
    );
    const expected = 48 + 5 - 1 + 3;
    await until('every other event applied', async () => (await applied('fragile')).length >= expected);
    await until('two dead letters', async () => (await readDeadLetters(pool, 'fragile')).length === 2);
    const letters = await readDeadLetters(pool, 'fragile');
    expect(letters.map((l) => [l.eventId, l.reason, l.attempts])).toEqual([
      [poisoned, 'handler-failed', 3],
      [unknown, 'decode-failed', 1],
    ]);
    expect(letters[0]!.error).toBe('the courier API refused the order');
    expect(letters[1]!.error).toContain('Unknown event type OrderTeleported');
    expect(attempts).toBe(3);
    const rows = await applied('fragile');
    expect(rows).toHaveLength(expected);
    expect(rows.map((r) => r.event_id)).not.toContain(poisoned);
    expect(rows.filter((r) => r.order_id === later.orderId).map((r) => r.stream_version)).toEqual([1, 2, 3]);
  });
});
