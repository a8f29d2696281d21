import { createTestDatabase, type TestDatabase } from '@orders/testing';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { OrderApiTables } from '../db/schema.ts';
import { orderApiTemplate } from '../test-support/app.ts';
import { createClient, createClientStore, rotateClientSecret } from './clients.ts';

let database: TestDatabase;
let pool: pg.Pool;
let db: Kysely<OrderApiTables>;

beforeAll(async () => {
  database = await createTestDatabase({ template: orderApiTemplate });
  pool = new pg.Pool({ connectionString: database.url, max: 4 });
  db = new Kysely<OrderApiTables>({ dialect: new PostgresDialect({ pool }) });
});

afterAll(async () => {
  await db?.destroy();
  await database?.drop();
});

describe('the client store', () => {
  it('checks a burst of concurrent requests of an uncached client with one row read and one scrypt', async () => {
    const client = await createClient(db, { tenantId: 'burst' });
    const store = createClientStore(db, { cacheTtlMs: 60_000 });
    const answers = await Promise.all(
      Array.from({ length: 48 }, () => store.authenticate(client.clientId, client.secret)),
    );
    expect(answers.every((a) => a?.tenantId === 'burst')).toBe(true);
    expect(store.stats).toEqual({ rowReads: 1, scrypts: 1 });
    // A wrong secret in the same burst is not answered with the right one's result.
    const [right, wrong] = await Promise.all([
      store.authenticate(client.clientId, client.secret),
      store.authenticate(client.clientId, `${client.secret}x`),
    ]);
    expect(right?.clientId).toBe(client.clientId);
    expect(wrong).toBeNull();
  });

  it('renews an expired entry by reading the row, without scrypt while the hash is unchanged', async () => {
    const client = await createClient(db, { tenantId: 'renew' });
    const store = createClientStore(db, { cacheTtlMs: 0 });
    expect(await store.authenticate(client.clientId, client.secret)).not.toBeNull();
    expect(await store.authenticate(client.clientId, client.secret)).not.toBeNull();
    expect(await store.authenticate(client.clientId, client.secret)).not.toBeNull();
    expect(store.stats).toEqual({ rowReads: 3, scrypts: 1 });
  });

  it('refuses the old secret after a rotation once its entry expires, and takes the new one at once', async () => {
    const client = await createClient(db, { tenantId: 'rotate' });
    const store = createClientStore(db, { cacheTtlMs: 0 });
    expect(await store.authenticate(client.clientId, client.secret)).not.toBeNull();
    const secret = await rotateClientSecret(db, client.clientId);
    expect(await store.authenticate(client.clientId, client.secret)).toBeNull();
    expect((await store.authenticate(client.clientId, secret))?.tenantId).toBe('rotate');

    const cached = createClientStore(db, { cacheTtlMs: 60_000 });
    expect(await cached.authenticate(client.clientId, secret)).not.toBeNull();
    const newest = await rotateClientSecret(db, client.clientId);
    // The new secret is checked against the row while the old one is still cached …
    expect((await cached.authenticate(client.clientId, newest))?.tenantId).toBe('rotate');
    // … and then the old one, no longer what the cache holds, is refused.
    expect(await cached.authenticate(client.clientId, secret)).toBeNull();
  });

  it('refuses a disabled client once its entry expires, and an unknown one', async () => {
    const client = await createClient(db, { tenantId: 'disabled' });
    const store = createClientStore(db, { cacheTtlMs: 0 });
    expect(await store.authenticate(client.clientId, client.secret)).not.toBeNull();
    await db
      .updateTable('order_api.clients')
      .set({ disabled_at: new Date() })
      .where('client_id', '=', client.clientId)
      .execute();
    expect(await store.authenticate(client.clientId, client.secret)).toBeNull();
    expect(await store.authenticate('cl_unknown', client.secret)).toBeNull();
  });
});
