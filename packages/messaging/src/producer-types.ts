// The producer's interface, shared by the producer in the caller's thread (producer.ts) and the
// one on a worker thread (threaded-producer.ts).
import type { PublishError } from './errors.ts';
import type { MessagingLogger } from './logger.ts';
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
  /**
   * Run the client on a worker thread of its own (default false): its encoding of records
   * then runs beside the caller's work instead of in turn with it. Same interface and
   * guarantees; the logger and observer are called on the caller's thread.
   */
  thread?: boolean;
  /**
   * Idempotent producers side by side (default 1), each with its own connection, producer id
   * and one request in flight; each owns the keys murmur2 puts on it (key hash mod lanes: with
   * a lane count that divides the partition count, a set of whole partitions). A send's
   * requests go out on every lane at once; each key keeps its order; acknowledgements are
   * reported in the order of the messages; the first failed request stops every lane before
   * its next one.
   */
  lanes?: number;
}

/** How one `send()` goes out. */
export interface SendOptions {
  /** Messages per produce request (default and most 1,000; requests also stay under 512 KiB). */
  maxMessagesPerRequest?: number;
  /**
   * Called after each produce request of this send was acknowledged, with how many of the
   * messages (the next ones, in order) it carried; before the send resolves.
   */
  onAcked?: (count: number) => void;
}

export interface Producer {
  connect(): Promise<void>;
  /**
   * Publishes the messages and resolves once the broker acknowledged every one of them
   * (acks = all). Messages of the same topic and key keep their order. A large send goes
   * out as several requests, one after the other; the first that fails ends it (none after
   * it is attempted). Concurrent calls are sent one after the other. Rejects with
   * {@link PublishError}; then none, some or all of the messages may have been written:
   * send them again (consumers dedupe by event id).
   */
  send(messages: readonly OutgoingMessage[], options?: SendOptions): Promise<void>;
  /**
   * One send whose messages are made as they are taken: the parts, in order, as one send (the
   * same requests, order and errors as `send` of all of them). On a worker thread (`thread`)
   * each part goes to the thread as soon as it is made, so the first requests are encoded and
   * under way while later parts are still being made (e.g. mapped); on the caller's thread all
   * parts are made first. If making a part throws, no message after it is sent, and the send
   * rejects with that error once what was handed over is settled; on a thread, earlier parts
   * may have been written by then.
   */
  sendParts(parts: Iterable<readonly OutgoingMessage[]>, options?: SendOptions): Promise<void>;
  /** Waits for the sends in progress, then closes the connections. */
  disconnect(): Promise<void>;
}
