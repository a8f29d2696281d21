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
  /** Waits for the sends in progress, then closes the connections. */
  disconnect(): Promise<void>;
}
