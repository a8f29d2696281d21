import type { Message, Producer as KafkaProducer } from 'kafkajs';
import { PublishError, isRetriableClientError } from './errors.ts';
import { kafkaClient } from './kafka-client.ts';
import { errorMessage, silentLogger } from './logger.ts';
import type { OutgoingMessage } from './message.ts';
import type { Producer, ProducerOptions, SendOptions } from './producer-types.ts';
import { laneOfKey, MemoizedDefaultPartitioner } from './partitioner.ts';
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

/** Thrown out of a send whose parts could not all be made (see {@link SendParts}). */
class PartsFailed extends Error {
  readonly why: unknown;
  constructor(why: unknown) {
    super('a part of the send could not be made');
    this.why = why;
  }
}

/**
 * The records of one send as they come, in parts: an array (all at once), or parts taken one
 * after the other (a part of a send arriving in pieces from another thread). A part source that
 * throws ends the send: nothing after it is sent.
 */
export type RecordParts<R> = readonly R[] | AsyncIterable<readonly R[]>;

/**
 * Produce requests of bounded size and count, in order, as the parts arrive: a request goes out
 * as soon as it is full, so the first ones are under way while later parts are still coming.
 */
async function* streamChunks<R extends ProducerRecord>(
  parts: AsyncIterable<readonly R[]>,
  limits: { maxBytes: number; maxCount: number },
): AsyncGenerator<R[]> {
  let chunk: R[] = [];
  let bytes = 0;
  try {
    for await (const part of parts) {
      for (const record of part) {
        const size = recordSize(record);
        if (chunk.length > 0 && bytes + size > limits.maxBytes) {
          yield chunk;
          chunk = [];
          bytes = 0;
        }
        chunk.push(record);
        bytes += size;
        if (chunk.length >= limits.maxCount) {
          yield chunk;
          chunk = [];
          bytes = 0;
        }
      }
    }
  } catch (error) {
    throw new PartsFailed(error);
  }
  if (chunk.length > 0) yield chunk;
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
export function createRecordProducer(options: ProducerOptions): Omit<Producer, 'send' | 'sendParts'> & {
  send(records: RecordParts<ProducerRecord>, sendOptions?: SendOptions): Promise<void>;
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
  // One kafkajs producer per lane: its own producer id, connection and sequence numbers.
  const lanes = Math.max(1, Math.floor(options.lanes ?? 1));
  let clients: KafkaProducer[] | null = null;
  const laneOf = laneOfKey(lanes);
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

  async function connected(): Promise<KafkaProducer[]> {
    if (clients) return clients;
    const fresh = Array.from({ length: lanes }, newClient);
    try {
      await Promise.all(fresh.map((c) => c.connect()));
    } catch (error) {
      await Promise.all(fresh.map((c) => c.disconnect().catch(() => undefined)));
      throw error;
    }
    clients = fresh;
    return fresh;
  }

  async function discard(): Promise<void> {
    const broken = clients;
    clients = null;
    await Promise.all((broken ?? []).map((c) => c.disconnect().catch(() => undefined)));
  }

  async function sendNow(records: RecordParts<ProducerRecord>, sendOptions: SendOptions = {}): Promise<void> {
    const started = performance.now();
    const topicSet = new Set<string>(
      Array.isArray(records) ? (records as readonly ProducerRecord[]).map((r) => r.topic) : [],
    );
    const limits = {
      maxBytes: maxChunkBytes,
      maxCount: Math.max(1, Math.min(maxChunkCount, sendOptions.maxMessagesPerRequest ?? maxChunkCount)),
    };
    // With several lanes a request's worth per lane is taken at a time, then split by lane.
    const sourceLimits = { maxBytes: limits.maxBytes * lanes, maxCount: limits.maxCount * lanes };
    const chunks = Array.isArray(records)
      ? chunkRecords(records as readonly ProducerRecord[], sourceLimits)
      : streamChunks(records as AsyncIterable<readonly ProducerRecord[]>, sourceLimits);
    let count = 0;
    // Acknowledgements are reported in order: the records acknowledged so far from the first on.
    const acked: boolean[] = [];
    let reported = 0;
    const report = () => {
      const from = reported;
      while (reported < acked.length && acked[reported]) reported += 1;
      if (reported === from) return;
      try {
        sendOptions.onAcked?.(reported - from);
      } catch (error) {
        logger.warn({ err: error }, 'onAcked threw; the send goes on');
      }
    };
    try {
      const producers = await connected();
      if (producers.length === 1) {
        for await (const chunk of chunks) {
          for (const record of chunk) topicSet.add(record.topic);
          await producers[0]!.sendBatch({ acks: -1, topicMessages: byTopic(chunk) });
          count += chunk.length;
          for (let i = 0; i < chunk.length; i += 1) acked.push(true);
          report();
        }
      } else {
        // Each lane owns the keys that murmur2 puts on it: its requests go out one after the
        // other, the lanes side by side. A lane that fails stops every lane before its next
        // request; the send fails once the requests under way have settled.
        const tails: Promise<void>[] = producers.map(() => Promise.resolve());
        const failure: { first: { error: unknown } | null } = { first: null };
        const fail = (error: unknown) => {
          failure.first ??= { error };
        };
        // Each chunk's requests settled, in order: a chunk is split only once the one two before
        // it has settled, so no lane runs more than two chunks ahead of the messages acknowledged
        // in order (what a crash can leave written but not yet reported).
        const settled: Promise<void>[] = [];
        try {
          for await (const chunk of chunks) {
            await settled.at(-2);
            if (failure.first) break;
            const perLane: { records: ProducerRecord[]; at: number[] }[] = producers.map(() => ({
              records: [],
              at: [],
            }));
            for (const record of chunk) {
              topicSet.add(record.topic);
              const lane = perLane[laneOf(record)]!;
              lane.records.push(record);
              lane.at.push(acked.length);
              acked.push(false);
            }
            const done: Promise<void>[] = [];
            perLane.forEach(({ records: laneRecords, at }, lane) => {
              if (laneRecords.length === 0) return;
              tails[lane] = tails[lane]!.then(async () => {
                let offset = 0;
                for (const request of chunkRecords(laneRecords, limits)) {
                  if (failure.first) return;
                  try {
                    await producers[lane]!.sendBatch({ acks: -1, topicMessages: byTopic(request) });
                  } catch (error) {
                    fail(error);
                    return;
                  }
                  count += request.length;
                  for (const index of at.slice(offset, offset + request.length)) acked[index] = true;
                  offset += request.length;
                  report();
                }
              });
              done.push(tails[lane]!);
            });
            settled.push(Promise.all(done).then(() => undefined));
          }
        } finally {
          // The requests handed to the lanes settle before the send does (they never reject).
          await Promise.all(tails);
        }
        if (failure.first) throw failure.first.error;
      }
    } catch (error) {
      // The parts could not all be made: nothing from there on was sent. A lane may have
      // failed too: start over with new producer ids, as after any failure (it is rare).
      if (error instanceof PartsFailed) {
        await discard();
        throw error.why;
      }
      const topics = [...topicSet];
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
      observer.onPublished?.(count, performance.now() - started);
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
      if (Array.isArray(records) && records.length === 0) return Promise.resolve();
      if (!open) {
        const topics = Array.isArray(records)
          ? [...new Set((records as readonly ProducerRecord[]).map((r) => r.topic))]
          : [];
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
  if (options.thread) return createThreadedProducer(options);
  const producer = createRecordProducer(options);
  return {
    connect: () => producer.connect(),
    send: (messages, sendOptions) => producer.send(messages, sendOptions),
    // On the caller's thread nothing could run beside the making of the parts: all are made
    // first, so a part that cannot be made leaves the whole send unsent.
    sendParts: (parts, sendOptions) => {
      let messages: OutgoingMessage[];
      try {
        messages = [...parts].flat();
      } catch (error) {
        return Promise.reject(error);
      }
      return producer.send(messages, sendOptions);
    },
    disconnect: () => producer.disconnect(),
  };
}
