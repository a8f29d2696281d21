import {
  waitForProjection,
  projectionPosition,
  type ProjectionName,
  type ReadModelTables,
} from '@orders/read-models';
import type { FastifyReply } from 'fastify';
import type { Kysely } from 'kysely';
import type { RouteDeps } from '../routes/types.ts';

/** The read models over order-api's pool (same database, schema read_model). */
export const readModels = (deps: Pick<RouteDeps, 'db'>): Kysely<ReadModelTables> =>
  deps.db as unknown as Kysely<ReadModelTables>;

/**
 * Staleness made visible: waits (at most PROJECTION_WAIT_MS) until the projection has applied
 * the event at `minPosition` when one is asked for, and says where the projection is in
 * `x-projection-position` (its checkpoint) and, for a wait, `x-projection-reached`.
 */
export async function projectionHeaders(
  deps: Pick<RouteDeps, 'db' | 'config'>,
  reply: FastifyReply,
  name: ProjectionName,
  minPosition: number | undefined,
): Promise<void> {
  const db = readModels(deps);
  if (minPosition === undefined) {
    reply.header('x-projection-position', String((await projectionPosition(db, name)).position));
    return;
  }
  const { reached, at } = await waitForProjection(db, name, BigInt(minPosition), {
    timeoutMs: deps.config.PROJECTION_WAIT_MS,
  });
  reply.header('x-projection-position', String(at.position));
  reply.header('x-projection-reached', String(reached));
}
