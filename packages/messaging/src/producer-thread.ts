// The worker thread of a threaded producer (threaded-producer.ts): an ordinary producer whose
// kafkajs encoding, CRC and socket writes run here, off the caller's thread. Requests are
// handled one at a time, in the order they arrive.
import { parentPort, workerData } from 'node:worker_threads';
import { PublishError } from './errors.ts';
import { errorMessage, type MessagingLogger } from './logger.ts';
import type { OutgoingMessage } from './message.ts';
import { createRecordProducer } from './producer.ts';
import type { ThreadReply, ThreadRequest, ThreadSetup } from './thread-protocol.ts';

const port = parentPort;
if (!port) throw new Error('producer-thread.ts runs as a worker thread of createProducer({ thread: true })');
const setup = workerData as ThreadSetup;
const reply = (message: ThreadReply) => port.postMessage(message);

// Log lines go to the caller's logger; only plain fields cross the thread boundary.
const plain = (fields: Record<string, unknown>) =>
  Object.fromEntries(
    Object.entries(fields).map(([name, value]) => [
      name,
      value instanceof Error ? { name: value.name, message: errorMessage(value) } : value,
    ]),
  );
const forward =
  (level: 'debug' | 'info' | 'warn' | 'error') => (fields: Record<string, unknown>, message: string) =>
    reply({ type: 'log', level, fields: plain(fields), message });
const logger: MessagingLogger = {
  debug: forward('debug'),
  info: forward('info'),
  warn: forward('warn'),
  error: forward('error'),
};

const producer = createRecordProducer({
  brokers: setup.brokers,
  clientId: setup.clientId,
  ...(setup.logging ? { logger } : {}),
  ...(setup.retries === undefined ? {} : { retries: setup.retries }),
});

const failure = (error: unknown) =>
  error instanceof PublishError
    ? { message: error.message, retriable: error.retriable, topics: [...error.topics] }
    : { message: errorMessage(error), retriable: false, topics: [] };

let queue: Promise<unknown> = Promise.resolve();
port.on('message', (request: ThreadRequest) => {
  const run = async (): Promise<void> => {
    try {
      if (request.type === 'connect') await producer.connect();
      else if (request.type === 'disconnect') await producer.disconnect();
      else {
        // A Buffer value arrives as a Uint8Array (structured clone): kafkajs wants a Buffer.
        const messages: OutgoingMessage[] = request.messages.map((m) =>
          typeof m.value === 'string' || Buffer.isBuffer(m.value)
            ? m
            : { ...m, value: Buffer.from(m.value as Uint8Array) },
        );
        await producer.send(messages, {
          ...(request.maxMessagesPerRequest === undefined
            ? {}
            : { maxMessagesPerRequest: request.maxMessagesPerRequest }),
          onAcked: (count) => reply({ type: 'acked', id: request.id, count }),
        });
      }
      reply({ type: 'done', id: request.id });
    } catch (error) {
      reply({ type: 'failed', id: request.id, error: failure(error) });
    }
  };
  queue = queue.then(run);
});
