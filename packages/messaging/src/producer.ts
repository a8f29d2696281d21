import { Partitioners, type Message, type Producer as KafkaProducer } from 'kafkajs';
import { PublishError, isRetriableClientError } from './errors.ts';
import { kafkaClient } from './kafka-client.ts';
import { errorMessage, silentLogger, type MessagingLogger } from './logger.ts';
import type { OutgoingMessage } from './message.ts';

/** Metrics hooks of a producer; a service wires them to its counters and histograms. */
export interface ProducerObserver {
  /** After the broker acknowledged every message of one `send()`: how many, and how long it took. */
  onPublished?(count: number, ms: number): void;
  /** When a `send()` fails (the same error it rejects with). */
  onError?(error: PublishError): void;
}

export interface ProducerOptions {
  brokers: readonly string[];
  clientId: string;
  logger?: MessagingLogger;
  observer?: ProducerObserver;
  /**
   * How often the client retries a transient failure inside one `send()` before it
   * rejects with a retriable {@link PublishError} (default 5, about 10 s with the
   * default backoff).
   */
  retries?: number;
}

export interface Producer {
  connect(): Promise<void>;
  /**
   * Publishes the messages and resolves once the broker acknowledged every one of them
   * (acks = all). Messages of the same topic and key keep their order. Concurrent calls
   * are sent one after the other. Rejects with {@link PublishError}; then none, some or
   * all of the messages may have been written: send them again (consumers dedupe by
   * event id).
   */
  send(messages: readonly OutgoingMessage[]): Promise<void>;
  /** Waits for the sends in progress, then closes the connections. */
  disconnect(): Promise<void>;
}

/** A message of ours as sent, where a dead-letter record may lack a key or a value. */
export interface ProducerRecord {
  topic: string;
  key: string | null;
  value: Buffer | string | null;
  headers: Record<string, string>;
}

// One produce request stays well under the broker's default message.max.bytes (1 MiB)
// per partition batch; larger sends go out as several requests, in order.
const maxChunkBytes = 512 * 1024;
const maxChunkCount = 1_000;

function recordSize(record: ProducerRecord): number {
  let size = 64 + (record.key === null ? 0 : Buffer.byteLength(record.key));
  if (record.value !== null)
    size += typeof record.value === 'string' ? Buffer.byteLength(record.value) : record.value.length;
  for (const [name, value] of Object.entries(record.headers))
    size += Buffer.byteLength(name) + Buffer.byteLength(value);
  return size;
}

/** Splits records, in order, into produce requests of bounded size and count. */
export function chunkRecords<R extends ProducerRecord>(
  records: readonly R[],
  limits: { maxBytes: number; maxCount: number } = { maxBytes: maxChunkBytes, maxCount: maxChunkCount },
): R[][] {
  const chunks: R[][] = [];
  let chunk: R[] = [];
  let bytes = 0;
  for (const record of records) {
    const size = recordSize(record);
    if (chunk.length > 0 && (chunk.length >= limits.maxCount || bytes + size > limits.maxBytes)) {
      chunks.push(chunk);
      chunk = [];
      bytes = 0;
    }
    chunk.push(record);
    bytes += size;
  }
  if (chunk.length > 0) chunks.push(chunk);
  return chunks;
}

/** Groups one chunk by topic, keeping the order of each topic's messages. */
function byTopic(records: readonly ProducerRecord[]): { topic: string; messages: Message[] }[] {
  const topics = new Map<string, Message[]>();
  for (const record of records) {
    let messages = topics.get(record.topic);
    if (!messages) {
      messages = [];
      topics.set(record.topic, messages);
    }
    messages.push({ key: record.key, value: record.value, headers: record.headers });
  }
  return [...topics].map(([topic, messages]) => ({ topic, messages }));
}

/** The producer behind {@link createProducer}, which also takes records without a key (dead letters). */
export function createRecordProducer(options: ProducerOptions): Omit<Producer, 'send'> & {
  send(records: readonly ProducerRecord[]): Promise<void>;
} {
  const logger = options.logger ?? silentLogger;
  const observer = options.observer ?? {};
  // kafkajs warns that limiting the retries of an idempotent producer may break its
  // sequence numbers; a producer whose send failed is replaced (new producer id) before
  // the next send, so that warning does not apply here.
  const kafka = kafkaClient({
    brokers: options.brokers,
    clientId: options.clientId,
    logger: options.logger
      ? {
          ...logger,
          warn: (fields, message) => {
            if (!message.includes('Limiting retries for the idempotent producer'))
              logger.warn(fields, message);
          },
        }
      : undefined,
  });

  let open = false;
  let client: KafkaProducer | null = null;
  let queue: Promise<unknown> = Promise.resolve();

  const newClient = () =>
    kafka.producer({
      idempotent: true,
      // kafkajs assigns sequence numbers when a request is built: one request in flight
      // per connection keeps them, and so the order per partition, intact on retries.
      maxInFlightRequests: 1,
      // Topics are provisioned (ensureTopics), never created by a typo in a send.
      allowAutoTopicCreation: false,
      createPartitioner: Partitioners.DefaultPartitioner,
      retry: { retries: options.retries ?? 5 },
    });

  async function connected(): Promise<KafkaProducer> {
    if (client) return client;
    const fresh = newClient();
    await fresh.connect();
    client = fresh;
    return fresh;
  }

  async function discard(): Promise<void> {
    const broken = client;
    client = null;
    await broken?.disconnect().catch(() => undefined);
  }

  async function sendNow(records: readonly ProducerRecord[]): Promise<void> {
    const started = performance.now();
    const topics = [...new Set(records.map((r) => r.topic))];
    try {
      const producer = await connected();
      for (const chunk of chunkRecords(records)) {
        await producer.sendBatch({ acks: -1, topicMessages: byTopic(chunk) });
      }
    } catch (error) {
      const failure = new PublishError(`publishing to ${topics.join(', ')} failed: ${errorMessage(error)}`, {
        retriable: isRetriableClientError(error),
        topics,
        cause: error,
      });
      // After a failure the producer's sequence numbers may no longer match the broker's:
      // the next send starts with a new producer id.
      await discard();
      logger.error({ err: failure, topics, retriable: failure.retriable }, 'kafka publish failed');
      try {
        observer.onError?.(failure);
      } catch {
        // an observer never breaks publishing
      }
      throw failure;
    }
    try {
      observer.onPublished?.(records.length, performance.now() - started);
    } catch {
      // an observer never breaks publishing
    }
  }

  return {
    async connect() {
      open = true;
      try {
        await connected();
      } catch (error) {
        throw new PublishError(`cannot connect to Kafka: ${errorMessage(error)}`, {
          retriable: isRetriableClientError(error),
          topics: [],
          cause: error,
        });
      }
    },
    send(records) {
      if (records.length === 0) return Promise.resolve();
      if (!open) {
        const topics = [...new Set(records.map((r) => r.topic))];
        return Promise.reject(
          new PublishError('the producer is not connected: call connect() first', {
            retriable: false,
            topics,
          }),
        );
      }
      const result = queue.then(() => sendNow(records));
      queue = result.catch(() => undefined);
      return result;
    },
    async disconnect() {
      open = false;
      await queue;
      await discard();
    },
  };
}

/**
 * An idempotent producer (acks = all, one request in flight per connection, so retries
 * neither duplicate nor reorder a partition's messages).
 */
export function createProducer(options: ProducerOptions): Producer {
  return createRecordProducer(options);
}
