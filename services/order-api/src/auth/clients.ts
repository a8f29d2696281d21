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
  /** Row reads and scrypt checks made so far (tests, metrics). */
  readonly stats: { readonly rowReads: number; readonly scrypts: number };
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
 * Checks credentials against the stored scrypt hash. scrypt is slow by design (tens of ms of
 * CPU), so a successful check is remembered for `cacheTtlMs` as a SHA-256 of the secret
 * (compared in constant time): a rotated or disabled client is refused by every process within
 * that time.
 *
 * - **One check at a time per client and secret**: concurrent requests of a client that is not
 *   cached share one row read and one scrypt (a first burst of N requests made N scrypts at once,
 *   and held every one of them up for as long).
 * - **Renewal without scrypt**: when the cached entry expires, the row is read again; if it still
 *   holds the hash this secret was verified against (and the client is not disabled), the entry
 *   is renewed without hashing again (a busy client paid a burst of scrypts every TTL).
 * - A secret that differs from the cached one is checked against the row (a rotated secret
 *   works at once, not only once the old one's entry expires).
 */
export function createClientStore(
  db: Kysely<OrderApiTables>,
  options: { cacheTtlMs?: number } = {},
): ClientStore {
  const ttl = options.cacheTtlMs ?? 30_000;
  const cache = new Map<
    string,
    { client: Client; secretDigest: Buffer; secretHash: string; expiresAt: number }
  >();
  const checks = new Map<string, Promise<Client | null>>();
  /** Row reads and scrypt checks made so far. */
  const stats = { rowReads: 0, scrypts: 0 };

  async function check(clientId: string, secret: string, digest: Buffer): Promise<Client | null> {
    stats.rowReads += 1;
    const row = await db
      .selectFrom('order_api.clients')
      .select(['client_id', 'tenant_id', 'name', 'secret_hash', 'disabled_at'])
      .where('client_id', '=', clientId)
      .executeTakeFirst();
    if (!row || row.disabled_at) {
      cache.delete(clientId);
      return null;
    }
    const cached = cache.get(clientId);
    const verifiedBefore =
      cached !== undefined &&
      cached.secretHash === row.secret_hash &&
      timingSafeEqual(cached.secretDigest, digest);
    if (!verifiedBefore) {
      stats.scrypts += 1;
      if (!(await verifySecret(secret, row.secret_hash))) return null;
    }
    const client = { clientId: row.client_id, tenantId: row.tenant_id, name: row.name };
    cache.set(clientId, {
      client,
      secretDigest: digest,
      secretHash: row.secret_hash,
      expiresAt: Date.now() + ttl,
    });
    return client;
  }

  return {
    stats,
    async authenticate(clientId, secret) {
      const digest = sha256(secret);
      const cached = cache.get(clientId);
      if (cached && cached.expiresAt > Date.now() && timingSafeEqual(cached.secretDigest, digest))
        return cached.client;
      const key = `${clientId}\u0000${digest.toString('base64')}`;
      let pending = checks.get(key);
      if (!pending) {
        pending = check(clientId, secret, digest).finally(() => checks.delete(key));
        checks.set(key, pending);
      }
      return pending;
    },
  };
}
