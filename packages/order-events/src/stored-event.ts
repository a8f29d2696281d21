import { toPublicEvent, type PublicOrderEvent } from '@orders/contracts';
import { upcastOrderEvent } from '@orders/domain';
import type { StoredEvent } from '@orders/event-store';
import { EventHeaders, type OutgoingMessage } from '@orders/messaging';

/** The stream type order-api writes its streams with (`order-<uuid>`). */
export const orderStreamType = 'order';

/** A stored event that cannot become a public event; publishing or consuming it would lose or invent data. */
export class UnpublishableEventError extends Error {
  override readonly name = 'UnpublishableEventError';
  readonly eventId: string;
  readonly position: bigint;

  constructor(event: StoredEvent, reason: string, cause?: unknown) {
    super(
      `event ${event.eventId} (${event.type} v${event.schemaVersion}, position ${event.position}) cannot be published: ${reason}`,
      cause === undefined ? undefined : { cause },
    );
    this.eventId = event.eventId;
    this.position = event.position;
  }
}

const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value.length > 0 ? value : undefined;

/**
 * The public event (orders.v1 envelope) of an order event as the event store holds it: its data
 * upcast to the current domain version, then mapped by `toPublicEvent` (references only).
 * The correlation id falls back to the event's own id (a root event). Throws
 * {@link UnpublishableEventError} for an unknown type, a schema version newer than this code
 * knows, or a missing tenant id.
 */
export function publicEventOf(stored: StoredEvent): PublicOrderEvent {
  let event;
  try {
    event = upcastOrderEvent({ type: stored.type, schemaVersion: stored.schemaVersion, data: stored.data });
  } catch (error) {
    throw new UnpublishableEventError(stored, error instanceof Error ? error.message : String(error), error);
  }
  const tenantId = text(stored.metadata.tenantId);
  if (tenantId === undefined) throw new UnpublishableEventError(stored, 'its metadata has no tenantId');
  try {
    return toPublicEvent(event, {
      eventId: stored.eventId,
      tenantId,
      streamVersion: stored.streamVersion,
      position: stored.position,
      correlationId: text(stored.metadata.correlationId) ?? stored.eventId,
      causationId: text(stored.metadata.causationId),
    });
  } catch (error) {
    throw new UnpublishableEventError(stored, error instanceof Error ? error.message : String(error), error);
  }
}

/** The Kafka message of a public event: key = order id, the JSON envelope as value, the standard headers. */
export function orderEventMessage(event: PublicOrderEvent, topic: string): OutgoingMessage {
  // Built here rather than by eventHeaders(): occurredAt is already ISO 8601 (toPublicEvent made
  // it so), and the relay builds tens of thousands of these a second.
  const headers: Record<string, string> = {
    [EventHeaders.eventId]: event.eventId,
    [EventHeaders.eventType]: event.type,
    [EventHeaders.schemaVersion]: String(event.schemaVersion),
    [EventHeaders.tenantId]: event.tenantId,
    [EventHeaders.correlationId]: event.correlationId ?? event.eventId,
    [EventHeaders.occurredAt]: event.occurredAt,
  };
  if (event.causationId !== undefined) headers[EventHeaders.causationId] = event.causationId;
  return { topic, key: event.orderId, value: JSON.stringify(event), headers };
}
