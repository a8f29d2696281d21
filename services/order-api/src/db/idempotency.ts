import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { OrderApiTables } from './schema.ts';

export type IdempotencyClaim =
  | { kind: 'claimed' }
  | { kind: 'replay'; statusCode: number; response: unknown }
  | { kind: 'mismatch' }
  | { kind: 'in-progress' };

/** A stable hash of a request: method, path and the JSON body with keys sorted. */
export function requestHash(method: string, url: string, body: unknown): string {
  const canonical = (value: unknown): unknown =>
    Array.isArray(value)
      ? value.map(canonical)
      : value && typeof value === 'object'
        ? Object.fromEntries(
            Object.entries(value)
              .sort(([a], [b]) => a.localeCompare(b))
              .map(([k, v]) => [k, canonical(v)]),
          )
        : value;
  return createHash('sha256')
    .update(JSON.stringify([method, url, canonical(body ?? null)]))
    .digest('hex');
}

/**
 * Idempotency-Key handling for POST: the first request with a key claims it; its answer
 * is stored, and a retry with the same key and body gets that answer back. The same key
 * with another body is a client error. A claim whose request failed is released so the
 * client can retry.
 */
export function createIdempotencyStore(db: Kysely<OrderApiTables>) {
  return {
    async claim(scope: {
      tenantId: string;
      clientId: string;
      key: string;
      hash: string;
    }): Promise<IdempotencyClaim> {
      const inserted = await db
        .insertInto('order_api.idempotency_keys')
        .values({
          tenant_id: scope.tenantId,
          client_id: scope.clientId,
          key: scope.key,
          request_hash: scope.hash,
          status_code: null,
          response: null,
        })
        .onConflict((oc) => oc.doNothing())
        .returning('key')
        .executeTakeFirst();
      if (inserted) return { kind: 'claimed' };
      const row = await db
        .selectFrom('order_api.idempotency_keys')
        .select(['request_hash', 'status_code', 'response'])
        .where('tenant_id', '=', scope.tenantId)
        .where('client_id', '=', scope.clientId)
        .where('key', '=', scope.key)
        .executeTakeFirst();
      if (!row) return this.claim(scope); // released between our insert and select
      if (row.request_hash !== scope.hash) return { kind: 'mismatch' };
      if (row.status_code === null) return { kind: 'in-progress' };
      return { kind: 'replay', statusCode: row.status_code, response: row.response };
    },

    async complete(
      scope: { tenantId: string; clientId: string; key: string },
      statusCode: number,
      response: unknown,
    ) {
      await db
        .updateTable('order_api.idempotency_keys')
        .set({ status_code: statusCode, response: JSON.stringify(response) })
        .where('tenant_id', '=', scope.tenantId)
        .where('client_id', '=', scope.clientId)
        .where('key', '=', scope.key)
        .execute();
    },

    async release(scope: { tenantId: string; clientId: string; key: string }) {
      await db
        .deleteFrom('order_api.idempotency_keys')
        .where('tenant_id', '=', scope.tenantId)
        .where('client_id', '=', scope.clientId)
        .where('key', '=', scope.key)
        .where('status_code', 'is', null)
        .execute();
    },
  };
}

export type IdempotencyStore = ReturnType<typeof createIdempotencyStore>;
