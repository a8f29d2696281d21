import { upcastOrderEvent, type OrderEvent } from '@orders/domain';
import type { StoredEvent } from '@orders/event-store';
import { isUuid } from '../fold.ts';
import type { ReadModelTableName, TableTargets } from '../tables.ts';
import type { Executor } from '../write.ts';

/**
 * A read model built from the order events: `apply` folds one batch into its tables through the
 * subscription's open transaction (so the batch and the checkpoint commit together). It must be
 * idempotent per event: each projection remembers the last stream version it applied per order
 * (or the event's position) and leaves an event at or below it alone.
 */
export interface ReadModelProjection {
  /** The subscription (checkpoint) name. */
  name: string;
  /** Its tables in `read_model`; a rebuild fills a shadow of each and swaps them in together. */
  tables: readonly ReadModelTableName[];
  apply(events: readonly StoredEvent[], db: Executor, targets: TableTargets): Promise<void>;
}

/** An order event read through the domain's upcasters, with where it sits in the log. */
export interface ProjectedEvent {
  event: OrderEvent;
  orderId: string;
  position: bigint;
  version: number;
  tenantId: string | undefined;
  actor: string | undefined;
  correlationId: string | undefined;
  recordedAt: Date;
}

/** Reads stored events as current order events (always through `upcastOrderEvent`). */
export function projectedEvents(events: readonly StoredEvent[]): ProjectedEvent[] {
  return events.map((stored) => {
    const event = upcastOrderEvent({
      type: stored.type,
      schemaVersion: stored.schemaVersion,
      data: stored.data,
    });
    const meta = stored.metadata;
    return {
      event,
      orderId: event.data.orderId,
      position: stored.position,
      version: Number(stored.streamVersion),
      tenantId: typeof meta.tenantId === 'string' ? meta.tenantId : undefined,
      actor: typeof meta.actor === 'string' ? meta.actor : undefined,
      correlationId: typeof meta.correlationId === 'string' ? meta.correlationId : undefined,
      recordedAt: stored.createdAt,
    };
  });
}

/** The events grouped per order, each group in log order. */
export function byOrder(events: readonly ProjectedEvent[]): Map<string, ProjectedEvent[]> {
  const groups = new Map<string, ProjectedEvent[]>();
  for (const e of events) {
    const group = groups.get(e.orderId);
    if (group) group.push(e);
    else groups.set(e.orderId, [e]);
  }
  return groups;
}

/** The table a projection writes `table` to (its shadow while rebuilding). */
export function targetOf(targets: TableTargets, table: ReadModelTableName): string {
  return targets[table] ?? table;
}

/** The distinct uuids of `values`, lower-cased, in first-seen order (others are left out of uuid[] columns). */
export function uuids(values: readonly (string | undefined | null)[]): string[] {
  const out = new Set<string>();
  for (const v of values) if (v && isUuid(v)) out.add(v.toLowerCase());
  return [...out];
}

/** The calendar day in Türkiye (UTC+3, no daylight saving since 2016) of an ISO instant. */
export function turkishDay(instant: string | Date): string {
  const ms = (typeof instant === 'string' ? Date.parse(instant) : instant.getTime()) + 3 * 3_600_000;
  return new Date(ms).toISOString().slice(0, 10);
}
