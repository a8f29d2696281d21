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
  ...(setup.lanes === undefined ? {} : { lanes: setup.lanes }),
});

const failure = (error: unknown) =>
  error instanceof PublishError
    ? { message: error.message, retriable: error.retriable, topics: [...error.topics] }
    : { message: errorMessage(error), retriable: false, topics: [] };

// A Buffer value arrives as a Uint8Array (structured clone): kafkajs wants a Buffer.
const asSent = (messages: OutgoingMessage[]): OutgoingMessage[] =>
  messages.map((m) =>
    typeof m.value === 'string' || Buffer.isBuffer(m.value)
      ? m
      : { ...m, value: Buffer.from(m.value as Uint8Array) },
  );

/** The parts of a send that arrives in pieces (`more`), taken by the producer as they come. */
class Parts implements AsyncIterable<readonly OutgoingMessage[]> {
  private readonly parts: OutgoingMessage[][] = [];
  private ended = false;
  private failed = false;
  private wake: (() => void) | null = null;

  push(messages: OutgoingMessage[], last = false, failed = false): void {
    if (messages.length > 0) this.parts.push(messages);
    this.ended ||= last;
    this.failed ||= failed;
    this.wake?.();
  }

  async *[Symbol.asyncIterator](): AsyncGenerator<readonly OutgoingMessage[]> {
    for (let next = 0; ;) {
      if (next < this.parts.length) {
        const part = this.parts[next]!;
        this.parts[next++] = [];
        yield part;
      } else if (this.failed) throw new Error('the caller could not make the rest of the send');
      else if (this.ended) return;
      else
        await new Promise<void>((resolve) => {
          this.wake = () => {
            this.wake = null;
            resolve();
          };
        });
    }
  }
}

/** Sends whose later parts are still arriving, by id (a part for a send that already ended is dropped). */
const arriving = new Map<number, Parts>();

let queue: Promise<unknown> = Promise.resolve();
port.on('message', (request: ThreadRequest) => {
  if (request.type === 'part') {
    arriving.get(request.id)?.push(asSent(request.messages), request.last, request.failed);
    return;
  }
  let parts: Parts | undefined;
  if (request.type === 'send' && request.more) {
    parts = new Parts();
    parts.push(asSent(request.messages));
    arriving.set(request.id, parts);
  }
  const run = async (): Promise<void> => {
    try {
      if (request.type === 'connect') await producer.connect();
      else if (request.type === 'disconnect') await producer.disconnect();
      else {
        await producer.send(parts ?? asSent(request.messages), {
          ...(request.maxMessagesPerRequest === undefined
            ? {}
            : { maxMessagesPerRequest: request.maxMessagesPerRequest }),
          onAcked: (count) => reply({ type: 'acked', id: request.id, count }),
        });
      }
      reply({ type: 'done', id: request.id });
    } catch (error) {
      reply({ type: 'failed', id: request.id, error: failure(error) });
    } finally {
      arriving.delete(request.id);
    }
  };
  queue = queue.then(run);
});
