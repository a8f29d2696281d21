import { sql, type RawBuilder } from 'kysely';
import { decryptPersonal } from './personal.ts';
import type { UpcasterRegistry } from './upcasters.ts';
import type { EventMetadata, StoredEvent } from './types.ts';

/** An `events` row as the read queries select it (int8 and xid8 come back as strings). */
export interface EventRow {
  position: string;
  transaction_id: string;
  stream_id: string;
  stream_version: string;
  event_id: string;
  type: string;
  schema_version: number;
  data: unknown;
  metadata: EventMetadata | null;
  personal: Buffer | null;
  personal_key: Buffer | null;
  created_at: Date;
}

/** The columns of EventRow, for `select` from `events e`; the key is fetched only for sealed rows. */
export function eventColumns(keysTable: RawBuilder<unknown>): RawBuilder<unknown> {
  return sql`e.position, e.transaction_id, e.stream_id, e.stream_version, e.event_id, e.type,
    e.schema_version, e.data, e.metadata, e.personal, e.created_at,
    case when e.personal is null then null
         else (select k.key from ${keysTable} k where k.stream_id = e.stream_id) end as personal_key`;
}

export function toStoredEvent(row: EventRow, upcasters: UpcasterRegistry): StoredEvent {
  const event: StoredEvent = {
    position: BigInt(row.position),
    transactionId: row.transaction_id,
    streamId: row.stream_id,
    streamVersion: BigInt(row.stream_version),
    eventId: row.event_id,
    type: row.type,
    schemaVersion: row.schema_version,
    data: row.data,
    metadata: row.metadata ?? {},
    createdAt: row.created_at,
  };
  if (row.personal) {
    event.personal = decryptPersonal(row.personal_key, row.stream_id, row.event_id, row.personal);
  }
  return upcasters.apply(event);
}
