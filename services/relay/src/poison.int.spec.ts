import { randomUUID } from 'node:crypto';
import { orderEventHeaders, publicOrderEvent, type PublicOrderEvent } from '@orders/contracts';
import { createEventStore, type EventStore } from '@orders/event-store';
import {
  createProducer,
  DeadLetterHeaders,
  EventHeaders,
  ensureTopics,
  runConsumer,
  type ConsumedMessage,
  type Producer,
  type RunningConsumer,
} from '@orders/messaging';
import type { OrderHistory } from '@orders/order-events/testing';
import { useTestKafka, type TestDatabase } from '@orders/testing';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
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
const topic = kafka.topic('orders-poison');
let database: TestDatabase;
let store: EventStore;
let producer: Producer;
let relay: Relay;
let pool: pg.Pool;
const consumers: RunningConsumer[] = [];
let wire: OrderHistory;

beforeAll(async () => {
  database = await relayTestDatabase();
  await ensureTopics(kafka.brokers, [{ name: topic, partitions: 4 }]);
  store = createEventStore({ connectionString: database.url, poolSize: 3 });
  producer = createProducer({ brokers: kafka.brokers, clientId: 'relay-poison-test' });
  await producer.connect();
  relay = createRelay({ store, producer, topic, subscription: 'relay:poison', pollIntervalMs: 200 });
  await relay.start();
  pool = testPool(database.url, 4);
});

afterAll(async () => {
  await Promise.all(consumers.map((c) => c.stop()));
  await relay?.stop();
  await producer?.disconnect();
  await Promise.all([store?.close(), pool?.end()]);
  await database?.drop();
});

describe('the relay’s topic, end to end', () => {
  it('carries each event keyed by order id, with the contract’s headers and envelope', async () => {
    const [history] = orders(1, 6, 500);
    wire = history!;
    await appendConcurrently(store, [history!], { writers: 1 });
    const received: ConsumedMessage<PublicOrderEvent>[] = [];
    const reader = runConsumer({
      brokers: kafka.brokers,
      groupId: kafka.groupId('wire'),
      topics: [topic],
      schema: publicOrderEvent,
      pool,
      retry: { maxAttempts: 1, initialBackoffMs: 0, maxBackoffMs: 0 },
      handler: async (message) => void received.push(message),
    });
    consumers.push(reader);
    await eventually(
      'six messages',
      () => received.length >= 6,
      180_000,
      async () => ({
        relay: relay.status(),
        received: received.length,
        longTransactions: await longTransactions(pool),
      }),
    );
    const first = received.find((m) => m.value.type === 'OrderCreated')!;
    const stored = history!.events[0]!;
    expect(first.key).toBe(history!.orderId);
    expect(first.eventId).toBe(stored.eventId);
    expect(orderEventHeaders.parse(first.headers)).toMatchObject({
      [EventHeaders.eventId]: stored.eventId,
      [EventHeaders.eventType]: 'OrderCreated',
      [EventHeaders.schemaVersion]: '1',
      [EventHeaders.tenantId]: 'tenant-1',
      [EventHeaders.correlationId]: stored.metadata!.correlationId,
      [EventHeaders.causationId]: stored.metadata!.causationId,
      [EventHeaders.occurredAt]: first.value.occurredAt,
    });
    expect(first.value).toMatchObject({
      eventId: stored.eventId,
      orderId: history!.orderId,
      streamVersion: 1,
      tenantId: 'tenant-1',
    });
    expect(received.map((m) => m.value.streamVersion)).toEqual([1, 2, 3, 4, 5, 6]);
    // The events carry personal data in the store (names, phones, addresses); none of it is published.
    const published = JSON.stringify(received.map((m) => m.value));
    for (const personal of ['+905', 'Moda Cad', 'Atatürk Blv', '@example.com', '40.9876', 'arayacak']) {
      expect(published).not.toContain(personal);
    }
    await reader.stop();
  });

  it('a poison message on the topic ends in the dead-letter topic with its reason; the consumer goes on', async () => {
    const groupId = kafka.groupId('poison');
    const before = orders(3, 5, 600);
    await appendConcurrently(store, before, { writers: 3 });
    const consumer: TestConsumer = startConsumer({ brokers: kafka.brokers, topic, groupId, pool });
    consumers.push(consumer.consumer);
    await consumer.consumer.ready;

    const poisonId = randomUUID();
    const poisonOrder = before[0]!.orderId;
    await producer.send([
      {
        topic,
        key: poisonOrder,
        value: JSON.stringify({ eventId: poisonId, type: 'OrderCreated', orderId: 'not-a-uuid', data: {} }),
        headers: { [EventHeaders.eventId]: poisonId, [EventHeaders.eventType]: 'OrderCreated' },
      },
    ]);
    const after = orders(3, 5, 700);
    await appendConcurrently(store, after, { writers: 3 });

    await eventually(
      'the consumer applied every real event',
      async () => (await appliedCount(pool, groupId)) >= 36,
      180_000,
      async () => ({
        relay: relay.status(),
        applied: await appliedCount(pool, groupId),
        consumer: consumer.notices(),
        longTransactions: await longTransactions(pool),
      }),
    );
    await eventually('the poison message was dead-lettered', () => consumer.deadLettered().length === 1);
    expect(consumer.deadLettered()[0]).toMatchObject({ reason: 'schema-invalid', eventId: poisonId });
    // Every real event (the first test's, and those published before and after the poison
    // message, some with the poison message's key) applied once, in order per order.
    await expectExactlyOnceInOrder(pool, groupId, [wire, ...before, ...after]);

    const letters: ConsumedMessage<unknown>[] = [];
    const dlqReader = runConsumer({
      brokers: kafka.brokers,
      groupId: kafka.groupId('dlq-reader'),
      topics: [`${topic}.dlq`],
      schema: z.unknown(),
      pool,
      retry: { maxAttempts: 1, initialBackoffMs: 0, maxBackoffMs: 0 },
      handler: async (message) => void letters.push(message),
    });
    consumers.push(dlqReader);
    const ours = () => letters.find((l) => l.headers[DeadLetterHeaders.consumerGroup] === groupId);
    await eventually('the dead letter is on the dead-letter topic', () => ours() !== undefined);
    const letter = ours()!;
    expect(letter.key).toBe(poisonOrder);
    expect(letter.headers).toMatchObject({
      [EventHeaders.eventId]: poisonId,
      [DeadLetterHeaders.originalTopic]: topic,
      [DeadLetterHeaders.consumerGroup]: groupId,
      [DeadLetterHeaders.reason]: 'schema-invalid',
      [DeadLetterHeaders.attempts]: '1',
    });
    expect(letter.headers[DeadLetterHeaders.error]).toContain('orderId');
    expect(letter.value).toMatchObject({ eventId: poisonId, orderId: 'not-a-uuid' });
  });
});
