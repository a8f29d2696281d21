import { useTestKafka } from '@orders/testing';
import { Kafka, logLevel } from 'kafkajs';
import { afterAll, describe, expect, it } from 'vitest';
import { deleteTopics, ensureTopics } from './topics.ts';

// The foundation's proof that the broker is real: kafkajs against it, nothing mocked.
describe('the real Kafka broker', () => {
  const kafka = useTestKafka();
  const topic = kafka.topic('smoke');
  const client = new Kafka({ clientId: 'smoke', brokers: kafka.brokers, logLevel: logLevel.NOTHING });

  afterAll(async () => {
    await deleteTopics(kafka.brokers, [topic]);
  });

  it('delivers 1,000 keyed messages back in order per key', async () => {
    await ensureTopics(kafka.brokers, [{ name: topic, partitions: 4 }]);
    const keys = ['order-a', 'order-b', 'order-c', 'order-d', 'order-e', 'order-f', 'order-g'];
    const sent = Array.from({ length: 1_000 }, (_, i) => ({ key: keys[i % keys.length]!, seq: i }));

    const producer = client.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    for (let i = 0; i < sent.length; i += 100) {
      await producer.send({
        topic,
        acks: -1,
        messages: sent.slice(i, i + 100).map((m) => ({ key: m.key, value: JSON.stringify(m) })),
      });
    }
    await producer.disconnect();

    const received: { key: string; seq: number; partition: number }[] = [];
    const consumer = client.consumer({ groupId: kafka.groupId('smoke') });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    const done = new Promise<void>((resolve) => {
      void consumer.run({
        eachMessage: async ({ message, partition }) => {
          const value = JSON.parse(message.value!.toString()) as { key: string; seq: number };
          expect(message.key?.toString()).toBe(value.key);
          received.push({ ...value, partition });
          if (received.length === sent.length) resolve();
        },
      });
    });
    await done;
    await consumer.disconnect();

    expect(received).toHaveLength(1_000);
    for (const key of keys) {
      const seqs = received.filter((m) => m.key === key).map((m) => m.seq);
      expect(seqs).toEqual(sent.filter((m) => m.key === key).map((m) => m.seq));
      // one key, one partition
      expect(new Set(received.filter((m) => m.key === key).map((m) => m.partition)).size).toBe(1);
    }
    // and the keys really were spread over several partitions
    expect(new Set(received.map((m) => m.partition)).size).toBeGreaterThan(1);
  });
});
