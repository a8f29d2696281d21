// The outbox relay. The event log is the outbox: a side-effect subscription reads the order
// events gap-safe, in (transaction id, position) order, maps each to its public event and
// publishes it keyed by order id; the subscription's checkpoint moves only after Kafka
// acknowledged the whole batch (acks = all), so a crash or a broker outage re-publishes, never
// skips. One relay is active per subscription name (the subscription's advisory lock); others
// wait as standbys and take over when its session ends.
import {
  createSubscription,
  type EventStore,
  type StoredEvent,
  type SubscriptionStatus,
} from '@orders/event-store';
import { PublishError, type MessagingLogger, type OutgoingMessage, type Producer } from '@orders/messaging';
import {
  orderEventMessage,
  orderStreamType,
  publicEventOf,
  UnpublishableEventError,
} from '@orders/order-events';

/** What a failed batch ran into. */
export type RelayErrorKind = 'publish' | 'mapping' | 'other';

/** Metrics hooks (services/relay/src/metrics.ts wires them to Prometheus; the benchmark to its clock). */
export interface RelayObserver {
  /** One produce request acknowledged by Kafka: its events, when the ack arrived (ms since the epoch) and how long since the previous one (or the batch's send) began. */
  onPublished?(events: readonly StoredEvent[], ackedAtMs: number, sendMs: number): void;
  /** A batch of the log was fully published (its checkpoint is being moved). */
  onBatch?(events: number): void;
  /** A batch failed; it is retried with backoff from the same checkpoint. */
  onError?(kind: RelayErrorKind, error: unknown): void;
}

export interface RelayOptions {
  store: EventStore;
  producer: Producer;
  topic: string;
  /** The subscription's name: its checkpoint and its lock. */
  subscription: string;
  /** Events read per batch (default 5 000). */
  batchSize?: number;
  /** Messages per produce request (default and most 1 000): each is acknowledged before the next goes out. */
  chunkSize?: number;
  pollIntervalMs?: number;
  lockRetryMs?: number;
  /** Backoff of a failing batch: first delay (default 200 ms) and cap (default 5 s). */
  retry?: { initialDelayMs?: number; maxDelayMs?: number };
  logger?: MessagingLogger;
  observer?: RelayObserver;
}

export interface RelayStatus extends SubscriptionStatus {
  topic: string;
  /** Messages acknowledged by Kafka since this process started (including re-sends). */
  published: number;
}

export interface Relay {
  start(): Promise<void>;
  /** Lets the batch in flight finish (publish and checkpoint), then releases the lock. */
  stop(): Promise<void>;
  status(): RelayStatus;
}

const silent: MessagingLogger = { debug() {}, info() {}, warn() {}, error() {} };

function kindOf(error: unknown): RelayErrorKind {
  if (error instanceof PublishError) return 'publish';
  if (error instanceof UnpublishableEventError) return 'mapping';
  return 'other';
}

/** Creates the relay; `start()` joins the competition for the subscription's lock. */
export function createRelay(options: RelayOptions): Relay {
  const { producer, topic } = options;
  const logger = options.logger ?? silent;
  const observer = options.observer ?? {};
  const chunkSize = options.chunkSize ?? 1_000;
  const log = { subscription: options.subscription, topic };
  let published = 0;
  // The batch being retried, if any: the subscription refreshes its lag only between batches,
  // so while one fails (broker down, an event it cannot map) the lag is taken from it.
  let failing: { events: number; oldest: Date } | null = null;

  const notify = (fn: () => void) => {
    try {
      fn();
    } catch (error) {
      logger.warn({ ...log, err: error }, 'relay observer threw');
    }
  };

  // The first position of a batch an event of which could not be mapped: its retries map the
  // whole batch before anything of it is sent again.
  let unmappable: bigint | null = null;
  const toMessage = (event: StoredEvent): OutgoingMessage => orderEventMessage(publicEventOf(event), topic);

  async function publish(events: StoredEvent[]): Promise<void> {
    // One send for the batch: the producer puts it out in requests of chunkSize, one after the
    // other, and stops at the first that fails (nothing after a failed request is written
    // before the batch is sent again). Each acknowledged request is reported as it comes.
    let from = 0;
    let sent = performance.now();
    const sendOptions = {
      maxMessagesPerRequest: chunkSize,
      onAcked: (count: number) => {
        const ackedAt = Date.now();
        const now = performance.now();
        const chunk = events.slice(from, from + count);
        from += count;
        published += chunk.length;
        notify(() => observer.onPublished?.(chunk, ackedAt, now - sent));
        sent = now;
      },
    };
    if (events[0] !== undefined && events[0].position === unmappable) {
      // This batch holds an event that could not be mapped: map all of it first, so that while
      // it still cannot be, nothing of the batch is sent again (see README: never skipped).
      const messages = events.map(toMessage);
      sent = performance.now();
      await producer.send(messages, sendOptions);
    } else {
      // Mapped a request's worth at a time, each part handed to the producer as soon as it is
      // mapped: the producer thread encodes and sends the first requests while the rest of the
      // batch is being mapped. An event that cannot be mapped ends the send there: nothing from
      // it on is sent (the events before it, earlier in the log, may have been).
      await producer.sendParts(
        (function* parts() {
          for (let at = 0; at < events.length; at += chunkSize)
            yield events.slice(at, at + chunkSize).map(toMessage);
        })(),
        sendOptions,
      );
    }
    unmappable = null;
    failing = null;
    notify(() => observer.onBatch?.(events.length));
  }

  const subscription = createSubscription({
    name: options.subscription,
    store: options.store,
    mode: 'side-effect',
    batchSize: options.batchSize ?? 5_000,
    ...(options.pollIntervalMs === undefined ? {} : { pollIntervalMs: options.pollIntervalMs }),
    ...(options.lockRetryMs === undefined ? {} : { lockRetryMs: options.lockRetryMs }),
    retry: {
      initialDelayMs: options.retry?.initialDelayMs ?? 200,
      maxDelayMs: options.retry?.maxDelayMs ?? 5_000,
    },
    filter: { streamTypes: [orderStreamType] },
    handler: publish,
    onError: (error, { attempt, events }) => {
      const kind = kindOf(error);
      if (events[0]) failing = { events: events.length, oldest: events[0].createdAt };
      if (kind === 'mapping' && events[0]) unmappable = events[0].position;
      notify(() => observer.onError?.(kind, error));
      logger.error(
        {
          ...log,
          err: error,
          kind,
          attempt,
          events: events.length,
          firstPosition: String(events[0]?.position),
        },
        kind === 'mapping'
          ? 'an event cannot be published; the relay stops here until a release that can map it'
          : 'publishing a batch failed; it is retried from the same checkpoint',
      );
    },
  });

  // Log the moments this instance becomes the active relay or a standby.
  let watcher: NodeJS.Timeout | null = null;
  let wasActive = false;
  const watch = () => {
    const { active } = subscription.status();
    if (active !== wasActive) {
      wasActive = active;
      logger.info({ ...log, active }, active ? 'relay is active: publishing' : 'relay is a standby');
    }
  };

  return {
    async start() {
      await subscription.start();
      logger.info({ ...log, batchSize: options.batchSize ?? 5_000, chunkSize }, 'relay started');
      watcher = setInterval(watch, 250);
      watcher.unref();
    },
    async stop() {
      if (watcher) clearInterval(watcher);
      watcher = null;
      await subscription.stop();
      logger.info(log, 'relay stopped');
    },
    status: () => {
      const status = subscription.status();
      if (!failing || !status.active) return { ...status, topic, published };
      return {
        ...status,
        topic,
        published,
        lagEvents: Math.max(status.lagEvents ?? 0, failing.events),
        lagSeconds: Math.max(status.lagSeconds ?? 0, (Date.now() - failing.oldest.getTime()) / 1_000),
      };
    },
  };
}
