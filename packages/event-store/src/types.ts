/** What the caller records about who and why; any extra keys are kept as given. */
export interface EventMetadata {
  tenantId?: string;
  actor?: string;
  correlationId?: string;
  causationId?: string;
  commandId?: string;
  [key: string]: unknown;
}

/** An event to append. `eventId` (a UUID) makes a retried append idempotent. */
export interface NewEvent<Data = unknown> {
  eventId: string;
  type: string;
  /** Version of `data`'s shape; upcasters lift older versions on read. Default 1. */
  schemaVersion?: number;
  data: Data;
  metadata?: EventMetadata;
  /** Personal data, stored encrypted with the stream's key and erased by `forgetStream`. */
  personal?: Record<string, unknown>;
}

/** An event as read back. */
export interface StoredEvent<Data = unknown> {
  position: bigint;
  /** The writing transaction's id (xid8, as a decimal string). */
  transactionId: string;
  streamId: string;
  streamVersion: bigint;
  eventId: string;
  type: string;
  schemaVersion: number;
  data: Data;
  metadata: EventMetadata;
  /** Present when the event carried personal data; `null` once the stream was forgotten. */
  personal?: Record<string, unknown> | null;
  createdAt: Date;
}

/**
 * What the stream must look like for an append to go through: `'no_stream'` (no events yet),
 * `'stream_exists'` (at least one event), `'any'`, or the exact version of its last event.
 */
export type ExpectedVersion = 'no_stream' | 'stream_exists' | 'any' | bigint;

export interface AppendOptions {
  expectedVersion: ExpectedVersion;
  /** Recorded on the stream when this append creates it. */
  streamType?: string;
  tenantId?: string;
  /**
   * A second name for the stream, unique within its tenant and stream type (an order number),
   * recorded in the same transaction as the append that creates the stream: only with
   * `expectedVersion: 'no_stream'`, `streamType` and `tenantId`. Found with `streamIdByKey`.
   * A key another stream holds fails the append with `StreamKeyTakenError`.
   */
  streamKey?: string;
}

export interface AppendResult {
  /** The stream's version after the append (the version of its last event): the next `expectedVersion`. */
  nextVersion: bigint;
  /** Global positions of the appended events, in order. */
  positions: bigint[];
  transactionId: string;
}

export interface AppendManyItem extends AppendOptions {
  streamId: string;
  events: NewEvent[];
}

/** A point in the global log: events are read in (transactionId, position) order after it. */
export interface Checkpoint {
  transactionId: string;
  position: bigint;
}

export const START_CHECKPOINT: Checkpoint = { transactionId: '0', position: 0n };

export interface ReadStreamOptions {
  direction?: 'forward' | 'backward';
  /** First version to read (inclusive): the lowest going forward, the highest going backward. */
  fromVersion?: bigint;
  /** Last version to read (inclusive) in the direction of travel. */
  toVersion?: bigint;
  maxCount?: number;
  /** Time travel: only events created at or before this instant. */
  until?: Date;
}

export interface ReadStreamResult {
  streamId: string;
  exists: boolean;
  archived: boolean;
  /** The stream's current version (0 when it has no events). */
  version: bigint;
  events: StoredEvent[];
}

export interface EventFilter {
  streamTypes?: readonly string[];
  eventTypes?: readonly string[];
}

export interface ReadAllOptions {
  after?: Checkpoint;
  maxCount: number;
  filter?: EventFilter;
}

export interface ReadAllResult {
  /** Events after `after` that match the filter, in (transactionId, position) order. */
  events: StoredEvent[];
  /** Where the next read resumes: the last event scanned, whether or not it matched the filter. */
  checkpoint: Checkpoint;
  /** How many events were scanned (matched or not); 0 means nothing new is visible yet. */
  scanned: number;
}

/** Lifts `data` from schema version `fromVersion` to `fromVersion + 1`. */
export type Upcaster = (data: unknown, event: StoredEvent) => unknown;
