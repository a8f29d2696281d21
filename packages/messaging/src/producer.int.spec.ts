import { useTestKafka } from '@orders/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PublishError } from './errors.ts';
import { eventHeaders, type OutgoingMessage } from './message.ts';
import { createProducer } from './producer.ts';
import { readTopic } from './test-support/read-topic.ts';
import { deleteTopics, ensureTopics } from './topics.ts';

describe('the producer', () => {
  const kafka = useTestKafka();
  const orders = kafka.topic('producer-orders');
  const audit = kafka.topic('producer-audit');
  const published: { count: number; ms: number }[] = [];
  const errors: PublishError[] = [];
  const producer = createProducer({
    brokers: kafka.brokers,
    clientId: 'producer-spec',
    observer: {
      onPublished: (count, ms) => published.push({ count, ms }),
      onError: (error) => errors.push(error),
    },
    retries: 1,
  });

  beforeAll(async () => {
    await ensureTopics(kafka.brokers, [
      { name: orders, partitions: 3 },
      { name: audit, partitions: 1 },
    ]);
    await producer.connect();
  });
  afterAll(async () => {
    await producer.disconnect();
    await deleteTopics(kafka.brokers, [orders, audit]);
  });

  it('publishes to several topics in one send, with keys, headers and the order of each key', async () => {
    const occurredAt = new Date('2025-05-06T07:08:09.000Z');
    const messages: OutgoingMessage[] = Array.from({ length: 300 }, (_, seq) => ({
      topic: seq % 10 === 0 ? audit : orders,
      key: `order-${seq % 7}`,
      value: JSON.stringify({ seq }),
      headers: eventHeaders({
        eventId: `evt-${seq}`,
        eventType: 'OrderNoteAdded',
        schemaVersion: 1,
        tenantId: 'tenant-1',
        correlationId: 'corr-1',
        occurredAt,
      }),
    }));
    await producer.send(messages);
    expect(published.at(-1)?.count).toBe(300);

    const read = await readTopic(kafka.brokers, orders, 270);
    const auditRead = await readTopic(kafka.brokers, audit, 30);
    expect(auditRead.map((m) => JSON.parse(m.value!.toString()).seq)).toEqual(
      messages.filter((m) => m.topic === audit).map((m) => JSON.parse(m.value as string).seq),
    );
    const first = read.find((m) => m.headers['event-id'] === 'evt-1');
    expect(first?.key).toBe('order-1');
    expect(first?.headers).toEqual({
      'event-id': 'evt-1',
      'event-type': 'OrderNoteAdded',
      'schema-version': '1',
      'tenant-id': 'tenant-1',
      'correlation-id': 'corr-1',
      'occurred-at': '2025-05-06T07:08:09.000Z',
    });
    for (let k = 0; k < 7; k += 1) {
      const ofKey = read.filter((m) => m.key === `order-${k}`);
      // one key, one partition, in the order sent
      expect(new Set(ofKey.map((m) => m.partition)).size).toBe(1);
      expect(ofKey.map((m) => JSON.parse(m.value!.toString()).seq)).toEqual(
        messages
          .filter((m) => m.topic === orders && m.key === `order-${k}`)
          .map((m) => JSON.parse(m.value as string).seq),
      );
    }
  });

  it('keeps the order of concurrent sends of one key', async () => {
    const topic = kafka.topic('producer-concurrent');
    await ensureTopics(kafka.brokers, [{ name: topic, partitions: 2 }]);
    try {
      await Promise.all(
        Array.from({ length: 10 }, (_unused, batch) =>
          producer.send(
            Array.from({ length: 20 }, (_, i) => ({
              topic,
              key: 'order-x',
              value: Buffer.from(String(batch * 20 + i)),
              headers: {},
            })),
          ),
        ),
      );
      const read = await readTopic(kafka.brokers, topic, 200);
      expect(read.map((m) => Number(m.value!.toString()))).toEqual(Array.from({ length: 200 }, (_, i) => i));
    } finally {
      await deleteTopics(kafka.brokers, [topic]);
    }
  });

  it('rejects a message the broker will never take with a non-retriable PublishError, and goes on', async () => {
    const tooLarge = {
      topic: orders,
      key: 'order-big',
      value: Buffer.alloc(2 * 1024 * 1024, 1),
      headers: {},
    };
    const failure = await producer.send([tooLarge]).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(PublishError);
    expect(failure).toMatchObject({ retriable: false, topics: [orders] });
    expect(errors.at(-1)).toBe(failure);

    // the producer is still usable
    await producer.send([{ topic: audit, key: 'after', value: 'ok', headers: {} }]);
    expect(published.at(-1)?.count).toBe(1);
  });

  it('rejects a send to a topic that was never provisioned with a retriable PublishError', async () => {
    const missing = kafka.topic('never-provisioned');
    const failure = await producer
      .send([{ topic: missing, key: 'k', value: 'v', headers: {} }])
      .catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(PublishError);
    expect(failure).toMatchObject({ retriable: true, topics: [missing] });
  });

  it('refuses to send before connect() and after disconnect()', async () => {
    const idle = createProducer({ brokers: kafka.brokers, clientId: 'idle' });
    await expect(idle.send([{ topic: orders, key: 'k', value: 'v', headers: {} }])).rejects.toMatchObject({
      name: 'PublishError',
      retriable: false,
    });
    await idle.connect();
    await idle.disconnect();
    await expect(idle.send([{ topic: orders, key: 'k', value: 'v', headers: {} }])).rejects.toThrow(
      /not connected/,
    );
  });
});
