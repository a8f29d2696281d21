import { useTestKafka } from '@orders/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PublishError } from './errors.ts';
import { eventHeaders, type OutgoingMessage } from './message.ts';
import { createProducer } from './producer.ts';
import { readTopic } from './test-support/read-topic.ts';
import { deleteTopics, ensureTopics } from './topics.ts';

// The same behaviour from the producer in the caller's thread and on a worker thread of its own.
describe.each([{ thread: false }, { thread: true }])('the producer (thread: $thread)', ({ thread }) => {
  const kafka = useTestKafka();
  const orders = kafka.topic('producer-orders');
  const audit = kafka.topic('producer-audit');
  // Deleted at the end only: a producer that sent to a deleted topic fails its next metadata refresh.
  const stops = kafka.topic('producer-stops');
  const published: { count: number; ms: number }[] = [];
  const errors: PublishError[] = [];
  const producer = createProducer({
    brokers: kafka.brokers,
    clientId: 'producer-spec',
    thread,
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
    await deleteTopics(kafka.brokers, [orders, audit, stops]);
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

  it('sends a large send as requests of maxMessagesPerRequest, in order, reporting each acknowledged request', async () => {
    const acked: number[] = [];
    const messages = Array.from({ length: 250 }, (_, seq) => ({
      topic: orders,
      key: 'order-acked',
      value: Buffer.from(JSON.stringify({ seq })),
      headers: { 'event-id': `acked-${seq}` },
    }));
    await producer.send(messages, { maxMessagesPerRequest: 100, onAcked: (count) => acked.push(count) });
    expect(acked).toEqual([100, 100, 50]);
    const read = (await readTopic(kafka.brokers, orders, 270 + 250)).filter((m) => m.key === 'order-acked');
    expect(read.map((m) => JSON.parse(m.value!.toString()).seq)).toEqual(messages.map((_, seq) => seq));
  });

  it('stops a send at its first failing request: nothing after it is written', async () => {
    const topic = stops;
    await ensureTopics(kafka.brokers, [{ name: topic, partitions: 1 }]);
    const small = (seq: number) => ({ topic, key: 'k', value: String(seq), headers: {} });
    // A topic this new may not have its leader yet: the first send may fail and is made again.
    for (let attempt = 1; ; attempt += 1) {
      const first = await producer.send([small(0)]).then(
        () => null,
        (error: unknown) => error,
      );
      if (!first) break;
      if (attempt === 5) throw first;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
    const acked: number[] = [];
    const failure = await producer
      .send(
        [small(1), small(2), { ...small(3), value: Buffer.alloc(2 * 1024 * 1024, 1) }, small(4), small(5)],
        {
          maxMessagesPerRequest: 2,
          onAcked: (count) => acked.push(count),
        },
      )
      .catch((error: unknown) => error);
    expect(failure).toMatchObject({ name: 'PublishError', retriable: false });
    expect(acked).toEqual([2]);
    await producer.send([small(6)]);
    const read = await readTopic(kafka.brokers, topic, 4);
    expect(read.map((m) => m.value!.toString())).toEqual(['0', '1', '2', '6']);
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
    const idle = createProducer({ brokers: kafka.brokers, clientId: 'idle', thread });
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
