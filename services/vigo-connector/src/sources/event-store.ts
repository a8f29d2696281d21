import { orderEventEnvelope, type OrderEventEnvelope } from '@orders/contracts';
import { createSubscription, type EventStore, type StoredEvent } from '@orders/event-store';
import type { Logger } from '@orders/service-kit';
import type { OrderEventHandler, OrderEventSource } from './types.ts';

const orderStreamPrefix = 'order-';

/**
 * The envelope of a stored order event, built from its type, stream id, metadata and
 * position — the same fields the relay puts on Kafka. `data` is left empty: the connector
 * never reads the payload. Null for an event that is not an order event.
 */
export function envelopeOf(event: StoredEvent): OrderEventEnvelope | null {
  if (!event.streamId.startsWith(orderStreamPrefix)) return null;
  const metadata = event.metadata;
  const parsed = orderEventEnvelope.safeParse({
    eventId: event.eventId,
    type: event.type,
    schemaVersion: event.schemaVersion,
    orderId: event.streamId.slice(orderStreamPrefix.length),
    tenantId: metadata.tenantId,
    streamVersion: Number(event.streamVersion),
    position: event.position.toString(),
    occurredAt: event.createdAt.toISOString(),
    actorId: typeof metadata.actor === 'string' && metadata.actor !== '' ? metadata.actor : 'unknown',
    ...(typeof metadata.correlationId === 'string' ? { correlationId: metadata.correlationId } : {}),
    ...(typeof metadata.causationId === 'string' ? { causationId: metadata.causationId } : {}),
    data: {},
  });
  return parsed.success ? parsed.data : null;
}

/** Runs `work` over `items` with at most `limit` at once. */
async function eachLimited<T>(
  items: readonly T[],
  limit: number,
  work: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  const errors: unknown[] = [];
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) {
      const item = items[next++]!;
      try {
        await work(item);
      } catch (error) {
        errors.push(error);
      }
    }
  });
  await Promise.all(lanes);
  if (errors.length > 0) throw errors[0];
}

/**
 * Order events straight from the event store: a side-effect subscription (checkpoint moved
 * after the handler succeeded; at-least-once). Within a batch, different orders are handled
 * concurrently and one order's events in order; a failure retries the batch, which the
 * handler's idempotence makes harmless.
 */
export function createEventStoreSource(options: {
  store: EventStore;
  name: string;
  handler: OrderEventHandler;
  concurrency: number;
  logger: Logger;
  pollIntervalMs?: number;
}): OrderEventSource {
  const { logger } = options;
  const subscription = createSubscription({
    name: options.name,
    store: options.store,
    mode: 'side-effect',
    batchSize: 500,
    pollIntervalMs: options.pollIntervalMs ?? 1_000,
    filter: { streamTypes: ['order'] },
    retry: { initialDelayMs: 200, maxDelayMs: 5_000 },
    onError: (error, context) =>
      logger.warn(
        { err: (error as Error).message, attempt: context.attempt },
        'order event batch failed; retrying',
      ),
    handler: async (events) => {
      const byOrder = new Map<string, OrderEventEnvelope[]>();
      for (const event of events) {
        const envelope = envelopeOf(event);
        if (!envelope) {
          logger.warn({ eventId: event.eventId, type: event.type }, 'not an order event envelope; skipped');
          continue;
        }
        const list = byOrder.get(envelope.orderId);
        if (list) list.push(envelope);
        else byOrder.set(envelope.orderId, [envelope]);
      }
      await eachLimited([...byOrder.values()], options.concurrency, async (envelopes) => {
        for (const envelope of envelopes) await options.handler(envelope);
      });
    },
  });
  return {
    kind: 'event-store',
    start: () => subscription.start(),
    stop: () => subscription.stop(),
    async check() {
      const status = subscription.status();
      if (!status.running) throw new Error('event-store subscription is not running');
    },
  };
}
