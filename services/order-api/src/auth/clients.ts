import { createHash, randomUUID, timingSafeEqual } from 'node:crypto';
import type { Kysely } from 'kysely';
import type { OrderApiTables } from '../db/schema.ts';
import { generateSecret, hashSecret, verifySecret } from './secrets.ts';

export interface Client {
  clientId: string;
  tenantId: string;
  name: string;
}

export interface ClientStore {
  /** The client whose id and secret these are, or null. */
  authenticate(clientId: string, secret: string): Promise<Client | null>;
}

/** Creates a client of `tenantId`; the secret is returned once and stored only as a hash. */
export async function createClient(
  db: Kysely<OrderApiTables>,
  input: { tenantId: string; name?: string; clientId?: string; secret?: string },
): Promise<Client & { secret: string }> {
  const clientId = input.clientId ?? `cl_${randomUUID().replaceAll('-', '')}`;
  const secret = input.secret ?? generateSecret();
  const name = input.name ?? input.tenantId;
  await db
    .insertInto('order_api.clients')
    .values({
      client_id: clientId,
      tenant_id: input.tenantId,
      name,
      secret_hash: await hashSecret(secret),
      rotated_at: null,
      disabled_at: null,
    })
    .execute();
  return { clientId, tenantId: input.tenantId, name, secret };
}

/** Replaces a client's secret; the old one stops working (within the cache TTL in running processes). */
export async function rotateClientSecret(db: Kysely<OrderApiTables>, clientId: string): Promise<string> {
  const secret = generateSecret();
  const result = await db
    .updateTable('order_api.clients')
    .set({ secret_hash: await hashSecret(secret), rotated_at: new Date() })
    .where('client_id', '=', clientId)
    .executeTakeFirst();
  if (result.numUpdatedRows === 0n) throw new Error(`no client ${clientId}`);
  return secret;
}

/** Creates the client with this id and secret unless it exists (the embedded start's demo client). */
export async function ensureClient(
  db: Kysely<OrderApiTables>,
  input: { tenantId: string; clientId: string; secret: string; name?: string },
): Promise<void> {
  const existing = await db
    .selectFrom('order_api.clients')
    .select('client_id')
    .where('client_id', '=', input.clientId)
    .executeTakeFirst();
  if (!existing) await createClient(db, input);
}

const sha256 = (text: string) => createHash('sha256').update(text).digest();

/**
 * Checks credentials against the stored scrypt hash. scrypt is slow by design, so a
 * successful check is remembered for `cacheTtlMs` as a SHA-256 of the secret (compared
 * in constant time): a rotated or disabled client is refused by every process within that time.
 */
export function createClientStore(
  db: Kysely<OrderApiTables>,
  options: { cacheTtlMs?: number } = {},
): ClientStore {
  const ttl = options.cacheTtlMs ?? 30_000;
  const cache = new Map<string, { client: Client; secretDigest: Buffer; expiresAt: number }>();
  return {
    async authenticate(clientId, secret) {
      const cached = cache.get(clientId);
      if (cached && cached.expiresAt > Date.now()) {
        return timingSafeEqual(cached.secretDigest, sha256(secret)) ? cached.client : null;
      }
      const row = await db
        .selectFrom('order_api.clients')
        .select(['client_id', 'tenant_id', 'name', 'secret_hash', 'disabled_at'])
        .where('client_id', '=', clientId)
        .executeTakeFirst();
      if (!row || row.disabled_at) return null;
      if (!(await verifySecret(secret, row.secret_hash))) return null;
      const client = { clientId: row.client_id, tenantId: row.tenant_id, name: row.name };
      cache.set(clientId, { client, secretDigest: sha256(secret), expiresAt: Date.now() + ttl });
      return client;
    },
  };
}
