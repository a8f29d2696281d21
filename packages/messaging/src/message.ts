/**
 * The messages of our Kafka toolkit, in our own types: nothing here (or anywhere in the
 * exported API) names a kafkajs type, so the client library can be swapped.
 */

/** A message to publish. Header values are UTF-8 strings. */
export interface OutgoingMessage {
  topic: string;
  /** The partitioning key: for order events, the order id, so one order's events stay in order. */
  key: string;
  value: Buffer | string;
  headers: Record<string, string>;
}

/** A message as read from a partition, before its value is decoded. */
export interface IncomingMessage {
  topic: string;
  partition: number;
  /** The offset as a decimal string (Kafka offsets are 64-bit). */
  offset: string;
  key: string | null;
  /** Null for a tombstone. */
  value: Buffer | null;
  /** Header values decoded as UTF-8; when a header name repeats, the last value wins. */
  headers: Record<string, string>;
  /** The record's timestamp, in milliseconds since the epoch. */
  timestamp: number;
}

/** The standard headers of an order event. */
export const EventHeaders = {
  eventId: 'event-id',
  eventType: 'event-type',
  schemaVersion: 'schema-version',
  tenantId: 'tenant-id',
  correlationId: 'correlation-id',
  causationId: 'causation-id',
  occurredAt: 'occurred-at',
} as const;

export type EventHeaderName = (typeof EventHeaders)[keyof typeof EventHeaders];

/** What an order event carries in its headers (see {@link EventHeaders}). */
export interface EventMetadata {
  eventId: string;
  eventType: string;
  schemaVersion: number;
  tenantId: string;
  correlationId: string;
  /** The id of the command or event that caused this one; omitted for a root cause. */
  causationId?: string;
  occurredAt: Date;
}

/** The standard headers of an order event, ready to put on an {@link OutgoingMessage}. */
export function eventHeaders(metadata: EventMetadata): Record<string, string> {
  const headers: Record<string, string> = {
    [EventHeaders.eventId]: metadata.eventId,
    [EventHeaders.eventType]: metadata.eventType,
    [EventHeaders.schemaVersion]: String(metadata.schemaVersion),
    [EventHeaders.tenantId]: metadata.tenantId,
    [EventHeaders.correlationId]: metadata.correlationId,
    [EventHeaders.occurredAt]: metadata.occurredAt.toISOString(),
  };
  if (metadata.causationId !== undefined) headers[EventHeaders.causationId] = metadata.causationId;
  return headers;
}
