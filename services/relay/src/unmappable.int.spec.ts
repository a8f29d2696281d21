import { randomUUID } from 'node:crypto';
import { createEventStore, type EventStore } from '@orders/event-store';
import { createProducer, ensureTopics, type Producer } from '@orders/messaging';
import { useTestKafka, type TestDatabase } from '@orders/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRelay, type Relay } from './relay.ts';
import { appendConcurrently, eventually, orders, relayTestDatabase } from './test-support/harness.ts';

// A batch is mapped a request's worth at a time, each part handed to the producer thread as soon
// as it is mapped. An event that cannot be mapped, past the first part of its batch: the events
// before it are published once, nothing from it on ever is, and the retries send nothing.
const kafka = useTestKafka();
const topic = kafka.topic('orders-unmappable');
let database: TestDatabase;
let store: EventStore;
let producer: Producer;
let relay: Relay | undefined;

beforeAll(async () => {
  database = await relayTestDatabase();
  await ensureTopics(kafka.brokers, [{ name: topic, partitions: 3 }]);
  store = createEventStore({ connectionString: database.url, poolSize: 3 });
  producer = createProducer({ brokers: kafka.brokers, clientId: 'relay-unmappable-test', thread: true });
  await producer.connect();
});

afterAll(async () => {
  await relay?.stop();
  await producer?.disconnect();
  await store?.close();
  await database?.drop();
});

describe('an event that cannot be mapped in the middle of a batch', () => {
  it('publishes the events before it once, nothing from it on, and sends nothing on the retries', async () => {
    const [before, after] = orders(2, 4, 970);
    await appendConcurrently(store, [before!], { writers: 1 });
    await store.append(
      before!.streamId,
      [
        {
          eventId: randomUUID(),
          type: 'OrderTeleported',
          data: { orderId: before!.orderId },
          metadata: { tenantId: 'tenant-1' },
        },
      ],
      { expectedVersion: 4n },
    );
    await appendConcurrently(store, [after!], { writers: 1 });

    // One batch of all 9 events, in parts (requests) of 2: [1 2] [3 4] [unknown 1'] ...
    relay = createRelay({
      store,
      producer,
      topic,
      subscription: 'relay:unmappable',
      batchSize: 100,
      chunkSize: 2,
      pollIntervalMs: 200,
      retry: { initialDelayMs: 20, maxDelayMs: 50 },
    });
    await relay.start();
    await eventually(
      'the batch failed three times',
      () => relay!.status().handlerFailures >= 3,
      60_000,
      () => relay!.status(),
    );
    const status = relay.status();
    expect(status.lastError).toContain('OrderTeleported');
    // The two requests before the unknown event, acknowledged once; none since.
    expect(status.published).toBe(4);
    expect(status.eventsApplied).toBe(0);
    expect(status.lagEvents).toBeGreaterThanOrEqual(9);
  }, 90_000);
});
