import { createEventStore, type EventStore } from '@orders/event-store';
import { createProducer, ensureTopics, type Producer } from '@orders/messaging';
import { useTestKafka, type TestDatabase } from '@orders/testing';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRelay, type Relay } from './relay.ts';
import {
  appendConcurrently,
  testPool,
  longTransactions,
  appliedCount,
  eventually,
  expectExactlyOnceInOrder,
  orders,
  relayTestDatabase,
  startConsumer,
  type TestConsumer,
} from './test-support/harness.ts';

const kafka = useTestKafka();
const topic = kafka.topic('orders-events');
let database: TestDatabase;
let writerStore: EventStore;
let relayStore: EventStore;
let producer: Producer;
let relay: Relay;
let pool: pg.Pool;
let consumer: TestConsumer | undefined;

beforeAll(async () => {
  database = await relayTestDatabase();
  await ensureTopics(kafka.brokers, [{ name: topic, partitions: 12 }]);
  writerStore = createEventStore({ connectionString: database.url, poolSize: 4 });
  relayStore = createEventStore({ connectionString: database.url, poolSize: 2, applicationName: 'relay' });
  producer = createProducer({ brokers: kafka.brokers, clientId: 'relay-test', thread: true });
  await producer.connect();
  relay = createRelay({
    store: relayStore,
    producer,
    topic,
    subscription: 'relay:test',
    pollIntervalMs: 200,
  });
  pool = testPool(database.url, 9);
});

afterAll(async () => {
  await consumer?.consumer.stop();
  await relay?.stop();
  await producer?.disconnect();
  await Promise.all([writerStore?.close(), relayStore?.close(), pool?.end()]);
  await database?.drop();
});

describe('relay', () => {
  it('publishes 50,000 events from 16 concurrent writers: a runConsumer consumer applies each once, in order per order', async () => {
    const histories = orders(2_500, 20);
    const groupId = kafka.groupId('fifty-k');
    consumer = startConsumer({
      brokers: kafka.brokers,
      topic,
      groupId,
      pool,
      partitionsConsumedConcurrently: 8,
    });
    await relay.start();
    const started = Date.now();
    await Promise.all([
      appendConcurrently(writerStore, histories, { writers: 16, perAppend: 10 }),
      consumer.consumer.ready,
    ]);
    const appendedMs = Date.now() - started;
    await eventually(
      'the consumer applied 50,000 events',
      async () => (await appliedCount(pool, groupId)) >= 50_000,
      200_000,
      async () => ({
        relay: relay.status(),
        applied: await appliedCount(pool, groupId),
        consumer: consumer!.notices(),
        longTransactions: await longTransactions(pool),
      }),
    );
    console.log(`50,000 events: appended in ${appendedMs} ms, all applied after ${Date.now() - started} ms`);
    await expectExactlyOnceInOrder(pool, groupId, histories);
    expect(consumer.deadLettered()).toEqual([]);
    const status = relay.status();
    expect(status.active).toBe(true);
    expect(status.published).toBe(50_000);
    await eventually('the checkpoint reached the end of the log', () => relay.status().lagEvents === 0);
    expect(relay.status().eventsApplied).toBe(50_000);
  }, 240_000);
});
