import { kafkaClient, toIncomingMessage } from '../kafka-client.ts';
import type { IncomingMessage } from '../message.ts';

/**
 * Reads `topic` (all partitions, from the beginning) with a throwaway consumer group until
 * `count` messages that pass `where` (default: every message) have arrived, and returns those;
 * rejects when fewer arrive within `timeoutMs`. `where` leaves out messages whose number is not
 * known, such as probes that a retry may have written twice.
 */
export async function readTopic(
  brokers: readonly string[],
  topic: string,
  count: number,
  options: { where?: (message: IncomingMessage) => boolean; timeoutMs?: number } = {},
): Promise<IncomingMessage[]> {
  const { where = () => true, timeoutMs = 20_000 } = options;
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
          const incoming = toIncomingMessage(from, partition, message);
          if (!where(incoming)) return;
          received.push(incoming);
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
