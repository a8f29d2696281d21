import { kafkaClient, toIncomingMessage } from '../kafka-client.ts';
import type { IncomingMessage } from '../message.ts';

/**
 * Reads the first `count` messages of `topic` (all partitions, from the beginning) with a
 * throwaway consumer group; rejects when fewer arrive within `timeoutMs`.
 */
export async function readTopic(
  brokers: readonly string[],
  topic: string,
  count: number,
  timeoutMs = 20_000,
): Promise<IncomingMessage[]> {
  const kafka = kafkaClient({ brokers, clientId: 'test-reader' });
  const consumer = kafka.consumer({ groupId: `test-reader-${topic}-${Date.now()}`, maxWaitTimeInMs: 200 });
  await consumer.connect();
  try {
    await consumer.subscribe({ topics: [topic], fromBeginning: true });
    const received: IncomingMessage[] = [];
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () =>
          reject(new Error(`read ${received.length} of ${count} messages from ${topic} in ${timeoutMs} ms`)),
        timeoutMs,
      );
      void consumer.run({
        eachMessage: async ({ topic: from, partition, message }) => {
          received.push(toIncomingMessage(from, partition, message));
          if (received.length >= count) {
            clearTimeout(timer);
            resolve();
          }
        },
      });
    });
    return received;
  } finally {
    await consumer.disconnect();
  }
}

/** Polls `check` until it returns true; rejects with `what` after `timeoutMs`. */
export async function eventually(what: string, check: () => Promise<boolean> | boolean, timeoutMs = 30_000) {
  // A bound on failure, not a measurement: scaled (TEST_WAIT_SCALE, default 3) for CI, where every
  // package's tests share two cores and one PostgreSQL.
  timeoutMs *= Number(process.env['TEST_WAIT_SCALE'] ?? 3);
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
