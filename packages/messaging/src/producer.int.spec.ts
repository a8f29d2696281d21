import { useTestKafka } from '@orders/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PublishError } from './errors.ts';
import { eventHeaders, type OutgoingMessage } from './message.ts';
import { kafkaClient } from './kafka-client.ts';
import { laneOfKey } from './partitioner.ts';
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
  const parts = kafka.topic('producer-parts');
  const unmade = kafka.topic('producer-unmade');
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
      { name: parts, partitions: 3 },
      { name: unmade, partitions: 1 },
    ]);
    await producer.connect();
  });
  afterAll(async () => {
    await producer.disconnect();
    await deleteTopics(kafka.brokers, [orders, audit, stops, parts, unmade]);
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

  /** A topic this new may not have its leader yet: a probe (key `probe`) is sent until one is taken. */
  const writable = async (topic: string) => {
    for (let attempt = 1; ; attempt += 1) {
      const failure = await producer.send([{ topic, key: 'probe', value: 'probe', headers: {} }]).then(
        () => null,
        (error: unknown) => error,
      );
      if (!failure) return;
      if (attempt === 10) throw failure;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  };

  it('sends parts as one send: requests span the parts, each key keeps its order, each acknowledged request is reported', async () => {
    const acked: number[] = [];
    const message = (seq: number) => ({
      topic: parts,
      key: `order-${seq % 4}`,
      value: String(seq),
      headers: { 'event-id': `part-${seq}` },
    });
    await writable(parts);
    let made = 0;
    await producer.sendParts(
      (function* () {
        for (let part = 0; part < 3; part += 1) {
          made += 1;
          yield Array.from({ length: 70 }, (_, i) => message(part * 70 + i));
        }
      })(),
      { maxMessagesPerRequest: 100, onAcked: (count) => acked.push(count) },
    );
    expect(made).toBe(3);
    expect(acked).toEqual([100, 100, 10]);
    expect(published.at(-1)?.count).toBe(210);
    const read = await readTopic(kafka.brokers, parts, 210, { where: (m) => m.key !== 'probe' });
    for (let key = 0; key < 4; key += 1) {
      const seqs = read.filter((m) => m.key === `order-${key}`).map((m) => Number(m.value!.toString()));
      expect(seqs).toEqual(Array.from({ length: 210 }, (_, seq) => seq).filter((seq) => seq % 4 === key));
    }
  });

  it('ends a send at a part that cannot be made: nothing from it on is written, the error is the caller’s, the producer goes on', async () => {
    const small = (seq: number) => ({ topic: unmade, key: 'k', value: String(seq), headers: {} });
    await writable(unmade);
    const cannot = new Error('this part cannot be made');
    const acked: number[] = [];
    const failure = await producer
      .sendParts(
        (function* () {
          yield [small(0), small(1), small(2)];
          throw cannot;
        })(),
        { maxMessagesPerRequest: 2, onAcked: (count) => acked.push(count) },
      )
      .catch((error: unknown) => error);
    expect(failure).toBe(cannot);
    await producer.send([small(9)]);
    const read = await readTopic(kafka.brokers, unmade, thread ? 3 : 1, { where: (m) => m.key !== 'probe' });
    // On a thread the first request (a full one) was under way before the failing part; the
    // rest of the part before it waited for more and was never sent. In the caller's thread
    // every part is made first: nothing was sent.
    expect(read.map((m) => m.value!.toString())).toEqual(thread ? ['0', '1', '9'] : ['9']);
    expect(acked).toEqual(thread ? [2] : []);
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

// Several idempotent producers side by side, each owning the keys (and, with a lane count that
// divides the partition count, the partitions) murmur2 puts on it.
describe.each([
  { thread: false, lanes: 3 },
  { thread: true, lanes: 2 },
])('the producer with lanes (thread: $thread, lanes: $lanes)', ({ thread, lanes }) => {
  const kafka = useTestKafka();
  const ordered = kafka.topic(`lanes-ordered-${lanes}`);
  const failing = kafka.topic(`lanes-failing-${lanes}`);
  const producer = createProducer({
    brokers: kafka.brokers,
    clientId: 'lanes-spec',
    thread,
    lanes,
    retries: 1,
  });
  const laneOf = laneOfKey(lanes);

  beforeAll(async () => {
    await ensureTopics(kafka.brokers, [
      { name: ordered, partitions: 6 },
      { name: failing, partitions: 2 },
    ]);
    await producer.connect();
  });
  afterAll(async () => {
    await producer.disconnect();
    await deleteTopics(kafka.brokers, [ordered, failing]);
  });

  /** A topic this new may not have its leaders yet: probes (key `probe-<lane>`) until each lane's is taken. */
  const writable = async (topic: string) => {
    const probes = Array.from({ length: lanes }, (_, lane) => {
      for (let n = 0; ; n += 1) if (laneOf({ topic, key: `probe-${n}` }) === lane) return `probe-${n}`;
    });
    for (let attempt = 1; ; attempt += 1) {
      const failure = await producer
        .send(probes.map((key) => ({ topic, key, value: 'probe', headers: {} })))
        .then(
          () => null,
          (error: unknown) => error,
        );
      if (!failure) return probes.length;
      if (attempt === 10) throw failure;
      await new Promise((resolve) => setTimeout(resolve, 500));
    }
  };

  it('keeps the order of every key and of every partition, and reports acknowledgements in order', async () => {
    await writable(ordered);
    const messages = Array.from({ length: 600 }, (_, seq) => ({
      topic: ordered,
      key: `order-${seq % 23}`,
      value: String(seq),
      headers: {},
    }));
    const acked: number[] = [];
    await producer.sendParts(
      (function* () {
        for (let at = 0; at < messages.length; at += 100) yield messages.slice(at, at + 100);
      })(),
      { maxMessagesPerRequest: 40, onAcked: (count) => acked.push(count) },
    );
    expect(acked.reduce((a, b) => a + b, 0)).toBe(600);
    const read = await readTopic(kafka.brokers, ordered, 600, { where: (m) => !m.key?.startsWith('probe') });
    expect(read).toHaveLength(600);
    for (const group of [
      ...Map.groupBy(read, (m) => m.key).values(),
      ...Map.groupBy(read, (m) => m.partition).values(),
    ]) {
      const seqs = group.map((m) => Number(m.value!.toString()));
      expect(seqs).toEqual(seqs.toSorted((a, b) => a - b));
    }
  });

  it('stops every lane at the first failed request: nothing of its key after it is written, and no acknowledgement passes it', async () => {
    const probes = await writable(failing);
    const keyOn = (lane: number) => {
      for (let n = 0; ; n += 1) if (laneOf({ topic: failing, key: `key-${n}` }) === lane) return `key-${n}`;
    };
    const [good, bad] = [keyOn(0), keyOn(1)];
    const message = (seq: number, key: string, value: string | Buffer = String(seq)) => ({
      topic: failing,
      key,
      value,
      headers: { seq: String(seq) },
    });
    const messages = [
      message(0, good),
      message(1, bad),
      message(2, good),
      message(3, bad, Buffer.alloc(2 * 1024 * 1024, 1)), // more than the broker takes
      message(4, good),
      message(5, bad),
      message(6, good),
      message(7, bad),
    ];
    const acked: number[] = [];
    const failure = await producer
      .send(messages, { maxMessagesPerRequest: 1, onAcked: (count) => acked.push(count) })
      .catch((error: unknown) => error);
    expect(failure).toMatchObject({ name: 'PublishError', retriable: false });
    // Acknowledgements say how many messages from the first on were written: never past seq 3.
    expect(acked.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(3);
    await producer.send([message(8, bad)]);
    // Every message written (no transactions: one offset each), whichever of lane 0's were.
    const admin = kafkaClient({ brokers: kafka.brokers, clientId: 'lanes-spec-admin' }).admin();
    await admin.connect();
    const offsets = await admin.fetchTopicOffsets(failing).finally(() => admin.disconnect());
    const written = offsets.reduce((sum, { high }) => sum + Number(high), 0);
    expect(written).toBeGreaterThanOrEqual(probes + 4);
    const read = await readTopic(kafka.brokers, failing, written);
    const seqsOf = (key: string) => read.filter((m) => m.key === key).map((m) => Number(m.headers['seq']));
    // The failed lane wrote nothing after its failed request; the next send goes on.
    expect(seqsOf(bad)).toEqual([1, 8]);
    const goodSeqs = seqsOf(good);
    expect(goodSeqs.slice(0, 2)).toEqual([0, 2]);
    expect(goodSeqs).toEqual(goodSeqs.toSorted((a, b) => a - b));
  });
});
