import { CompiledQuery, type Kysely } from 'kysely';
import type pg from 'pg';
import { DuplicateEventIdError, StreamArchivedError, VersionConflictError } from './errors.ts';
import type { AppendResult, ExpectedVersion, NewEvent } from './types.ts';

/** One append as `append_events()` takes it (see migrations/0002-append-function.ts). */
export interface WireAppend {
  s: string;
  e: string;
  t: string | null;
  n: string | null;
  /** The stream's key (migrations/0003-stream-keys.ts), recorded when the append creates it. */
  k?: string;
  ev: Array<{ id: string; ty: string; sv: number; d: unknown; m: unknown; p: string | null }>;
}

/** One append's result from `append_events()`. */
export type WireResult =
  | { r: 'ok' | 'dup'; v: string; p: string[]; x: string | null }
  | { r: 'conflict'; a: string | null }
  | { r: 'archived' }
  | { r: 'mismatch'; ids: string[] };

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function toWireAppend(
  streamId: string,
  events: readonly NewEvent[],
  expectedVersion: ExpectedVersion,
  streamType: string | undefined,
  tenantId: string | undefined,
  sealed: ReadonlyMap<string, Buffer>,
  streamKey?: string,
): WireAppend {
  if (typeof expectedVersion === 'bigint' && expectedVersion < 0n) {
    throw new RangeError(`expectedVersion must be >= 0, got ${expectedVersion}`);
  }
  if (streamKey !== undefined) {
    if (expectedVersion !== 'no_stream' || streamType === undefined || tenantId === undefined) {
      throw new TypeError(
        `streamKey needs expectedVersion 'no_stream', a streamType and a tenantId (stream ${streamId})`,
      );
    }
    if (streamKey.length === 0 || streamKey.length > 200) {
      throw new RangeError(`streamKey must be 1 to 200 characters (stream ${streamId})`);
    }
  }
  return {
    s: streamId,
    e: String(expectedVersion),
    t: streamType ?? null,
    n: tenantId ?? null,
    ...(streamKey === undefined ? {} : { k: streamKey }),
    ev: events.map((event) => {
      if (!UUID.test(event.eventId)) throw new TypeError(`eventId must be a UUID, got ${event.eventId}`);
      return {
        id: event.eventId.toLowerCase(),
        ty: event.type,
        sv: event.schemaVersion ?? 1,
        d: event.data ?? null,
        m: event.metadata ?? {},
        p: sealed.get(event.eventId)?.toString('base64') ?? null,
      };
    }),
  };
}

/** The typed outcome of one append: its result, or the error that refused it. */
export function toAppendResult(
  streamId: string,
  expected: ExpectedVersion,
  wire: WireResult | undefined,
): AppendResult {
  if (!wire) throw new Error(`append_events returned no result for stream ${streamId}`);
  switch (wire.r) {
    case 'ok':
    case 'dup':
      return { nextVersion: BigInt(wire.v), positions: wire.p.map(BigInt), transactionId: wire.x ?? '' };
    case 'conflict':
      throw new VersionConflictError(streamId, expected, wire.a === null ? null : BigInt(wire.a));
    case 'archived':
      throw new StreamArchivedError(streamId);
    case 'mismatch':
      throw new DuplicateEventIdError(streamId, wire.ids);
  }
}

/** Something that runs one SQL statement: a Kysely instance or transaction, or a pg client. */
export type Executor = Kysely<never> | pg.PoolClient | pg.Pool;

/** Calls `append_events()` once: one statement, so outside a transaction one commit. */
export async function callAppendEvents(
  executor: Executor,
  fn: string,
  items: readonly WireAppend[],
  atomic: boolean,
  channel: string | null,
): Promise<WireResult[]> {
  const text = `select ${fn}($1::jsonb, $2, $3) as r`;
  const values = [JSON.stringify(items), atomic, channel];
  if ('selectFrom' in executor) {
    const { rows } = await executor.executeQuery<{ r: WireResult[] }>(CompiledQuery.raw(text, values));
    return rows[0]?.r ?? [];
  }
  const { rows } = await executor.query<{ r: WireResult[] }>(text, values);
  return rows[0]?.r ?? [];
}

/** The ExpectedVersion a wire append was sent with. */
export function expectedOf(item: WireAppend): ExpectedVersion {
  return item.e === 'any' || item.e === 'no_stream' || item.e === 'stream_exists' ? item.e : BigInt(item.e);
}

/**
 * The SQLSTATE of an error the server raised in a statement, which rolled its transaction back
 * (safe to retry); undefined for a lost connection, a terminated session (class 08, 57) or
 * anything else whose outcome is unknown.
 */
export function sqlState(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null || !('code' in error)) return undefined;
  const code = (error as { code: unknown }).code;
  if (typeof code !== 'string' || !/^[0-9A-Z]{5}$/.test(code)) return undefined;
  return code.startsWith('08') || code.startsWith('57') ? undefined : code;
}

/** The DETAIL of an `ES001` error raised by `append_events()` in atomic mode. */
export function refusedDetail(error: unknown): { index: number; result: WireResult } | undefined {
  if (sqlState(error) !== 'ES001') return undefined;
  const detail = (error as { detail?: unknown }).detail;
  return typeof detail === 'string'
    ? (JSON.parse(detail) as { index: number; result: WireResult })
    : undefined;
}
