import type { Message, Producer as KafkaProducer } from 'kafkajs';
import { PublishError, isRetriableClientError } from './errors.ts';
import { kafkaClient } from './kafka-client.ts';
import { errorMessage, silentLogger } from './logger.ts';
import type { Producer, ProducerOptions, SendOptions } from './producer-types.ts';
import { MemoizedDefaultPartitioner } from './partitioner.ts';
import { createThreadedProducer } from './threaded-producer.ts';

export type { Producer, ProducerObserver, ProducerOptions, SendOptions } from './producer-types.ts';

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
  const headers = record.headers;
  for (const name in headers) size += Buffer.byteLength(name) + Buffer.byteLength(headers[name]!);
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
  send(records: readonly ProducerRecord[], sendOptions?: SendOptions): Promise<void>;
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
      createPartitioner: MemoizedDefaultPartitioner,
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

  async function sendNow(records: readonly ProducerRecord[], sendOptions: SendOptions = {}): Promise<void> {
    const started = performance.now();
    const topics = [...new Set(records.map((r) => r.topic))];
    const limits = {
      maxBytes: maxChunkBytes,
      maxCount: Math.max(1, Math.min(maxChunkCount, sendOptions.maxMessagesPerRequest ?? maxChunkCount)),
    };
    try {
      const producer = await connected();
      for (const chunk of chunkRecords(records, limits)) {
        await producer.sendBatch({ acks: -1, topicMessages: byTopic(chunk) });
        try {
          sendOptions.onAcked?.(chunk.length);
        } catch (error) {
          logger.warn({ err: error }, 'onAcked threw; the send goes on');
        }
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
    send(records, sendOptions) {
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
      const result = queue.then(() => sendNow(records, sendOptions));
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
 * neither duplicate nor reorder a partition's messages); on a worker thread with `thread`.
 */
export function createProducer(options: ProducerOptions): Producer {
  return options.thread ? createThreadedProducer(options) : createRecordProducer(options);
}
