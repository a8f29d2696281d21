import {
  createGroupSubscription,
  createSubscription,
  type EventStore,
  type GroupSubscription,
  type StoredEvent,
  type Subscription,
} from '@orders/event-store';
import { sql, type Transaction } from 'kysely';
import type { ReadModelProjection } from './projections/types.ts';
import { liveTargets, type ReadModelTables, type TableTargets } from './tables.ts';

export interface ProjectionSubscriptionOptions {
  /** Checkpoint name; the projection's own name by default (a rebuild uses its own). */
  name?: string;
  /** Where it writes; the live tables by default. */
  targets?: TableTargets;
  batchSize?: number;
  pollIntervalMs?: number;
  lockRetryMs?: number;
  onError?: (error: unknown, context: { attempt: number; events: readonly StoredEvent[] }) => void;
}

/**
 * A read model is derived data and its checkpoint commits in the same transaction: a commit lost
 * in a server crash only sends the projection back to its previous checkpoint, to apply the same
 * events again. So its commits need not wait for the WAL flush — which, at hundreds of small live
 * batches a second, is most of what they would wait for.
 */
async function withoutWalFlush(trx: Transaction<ReadModelTables>): Promise<void> {
  await sql`set local synchronous_commit = off`.execute(trx);
}

/**
 * The read-model subscription of a projection: batches of order events applied through the
 * subscription's transaction, whose checkpoint commits with them; one active instance per name
 * (the subscription's advisory lock).
 */
export function projectionSubscription(
  store: EventStore,
  projection: ReadModelProjection,
  options: ProjectionSubscriptionOptions = {},
): Subscription {
  const targets = options.targets ?? liveTargets(projection.tables);
  return createSubscription<ReadModelTables>({
    name: options.name ?? projection.name,
    store,
    mode: 'read-model',
    filter: { streamTypes: ['order'] },
    batchSize: options.batchSize ?? 500,
    pollIntervalMs: options.pollIntervalMs ?? 1_000,
    ...(options.lockRetryMs !== undefined ? { lockRetryMs: options.lockRetryMs } : {}),
    ...(options.onError ? { onError: options.onError } : {}),
    handler: async (events, trx) => {
      await withoutWalFlush(trx);
      await projection.apply(events, trx, targets);
    },
  });
}

export interface ProjectionGroupOptions {
  batchSize?: number;
  pollIntervalMs?: number;
  lockRetryMs?: number;
  onError?: (
    error: unknown,
    context: { attempt: number; events: readonly StoredEvent[]; member: string | null },
  ) => void;
}

/**
 * The live projections as ONE subscription (the projector's): one read of the log and one
 * transaction per batch that applies every projection, each keeping its own checkpoint row and
 * lock under its own name (so `projectionReached`, a rebuild's swap and a single
 * `projectionSubscription` of the same name see it as that projection's subscription). Each
 * projection writes its live tables.
 */
export function projectionGroupSubscription(
  store: EventStore,
  projections: readonly ReadModelProjection[],
  options: ProjectionGroupOptions = {},
): GroupSubscription {
  return createGroupSubscription<ReadModelTables>({
    store,
    filter: { streamTypes: ['order'] },
    batchSize: options.batchSize ?? 500,
    pollIntervalMs: options.pollIntervalMs ?? 1_000,
    ...(options.lockRetryMs !== undefined ? { lockRetryMs: options.lockRetryMs } : {}),
    ...(options.onError ? { onError: options.onError } : {}),
    members: projections.map((projection) => {
      const targets = liveTargets(projection.tables);
      return {
        name: projection.name,
        handler: (events, trx) => projection.apply(events, trx, targets),
      };
    }),
    prepare: withoutWalFlush,
  });
}
