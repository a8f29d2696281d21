import type { ExpectedVersion } from './types.ts';

/** The stream was not at the expected version; nothing was written. */
export class VersionConflictError extends Error {
  readonly code = 'VERSION_CONFLICT';
  readonly streamId: string;
  readonly expected: ExpectedVersion;
  /** The stream's version, or `null` when the stream does not exist. */
  readonly actual: bigint | null;

  constructor(streamId: string, expected: ExpectedVersion, actual: bigint | null) {
    super(
      `Stream ${streamId}: expected version ${String(expected)}, actual ${actual === null ? 'no stream' : String(actual)}`,
    );
    this.name = 'VersionConflictError';
    this.streamId = streamId;
    this.expected = expected;
    this.actual = actual;
  }
}

/** The stream is archived: it can be read, never appended to. */
export class StreamArchivedError extends Error {
  readonly code = 'STREAM_ARCHIVED';
  readonly streamId: string;

  constructor(streamId: string) {
    super(`Stream ${streamId} is archived`);
    this.name = 'StreamArchivedError';
    this.streamId = streamId;
  }
}

/**
 * Some event ids of the append are already stored, but not as this same append (another
 * stream, other content, or only part of the events): a retry must resend exactly what it sent.
 */
export class DuplicateEventIdError extends Error {
  readonly code = 'DUPLICATE_EVENT_ID';
  readonly streamId: string;
  readonly eventIds: readonly string[];

  constructor(streamId: string, eventIds: readonly string[]) {
    super(`Stream ${streamId}: event ids already stored differently: ${eventIds.join(', ')}`);
    this.name = 'DuplicateEventIdError';
    this.streamId = streamId;
    this.eventIds = eventIds;
  }
}

/** Another stream of the same tenant and type holds the key; nothing was written. */
export class StreamKeyTakenError extends Error {
  readonly code = 'STREAM_KEY_TAKEN';
  readonly streamId: string;
  readonly streamKey: string;

  constructor(streamId: string, streamKey: string) {
    super(`Stream ${streamId}: the key ${streamKey} belongs to another stream`);
    this.name = 'StreamKeyTakenError';
    this.streamId = streamId;
    this.streamKey = streamKey;
  }
}
