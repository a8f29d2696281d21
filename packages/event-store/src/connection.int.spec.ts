import type { TestDatabase } from '@orders/testing';
import { sql, type Kysely } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { migrateEventStore } from './migrate.ts';
import { createEventStore } from './store.ts';
import { createSubscription } from './subscribe.ts';
import { eventStoreDatabase, storeFactory, waitFor } from './test-support/database.ts';

let database: TestDatabase;
const stores = storeFactory(() => database);

beforeAll(async () => {
  database = await eventStoreDatabase();
});
afterAll(async () => {
  await stores.closeAll();
  await database?.drop();
});

async function setting(db: Kysely<never>, name: string): Promise<string> {
  const { rows } = await sql<{ value: string }>`select current_setting(${name}) as value`.execute(db);
  return rows[0]!.value;
}

it('sets application_name and idle_in_transaction_session_timeout on the pool and on dedicated connections', async () => {
  const store = stores.open({ applicationName: 'orders-api', idleInTransactionTimeoutMs: 45_000 });
  const db = store.db as unknown as Kysely<never>;
  expect(await setting(db, 'application_name')).toBe('orders-api');
  expect(await setting(db, 'idle_in_transaction_session_timeout')).toBe('45s');

  const subscription = createSubscription({
    name: 'named',
    store,
    mode: 'side-effect',
    handler: async () => undefined,
  });
  await subscription.start();
  try {
    await waitFor(
      () => subscription.status().active && subscription.status().listening,
      10_000,
      'the subscription',
    );
    const { rows } = await sql<{ application_name: string }>`select application_name from pg_stat_activity
      where pid in (${subscription.status().lockBackendPid}, ${subscription.status().listenBackendPid})
      order by application_name`.execute(db);
    expect(rows.map((r) => r.application_name)).toEqual([
      'orders-api:sub:named:listen',
      'orders-api:sub:named:lock',
    ]);
  } finally {
    await subscription.stop();
  }
});

it('applies the settings to a pool the caller owns, on each new connection', async () => {
  const pool = new pg.Pool({ connectionString: database.url, max: 2 });
  try {
    const store = createEventStore({
      pool,
      applicationName: 'callers-pool',
      idleInTransactionTimeoutMs: 30_000,
    });
    const db = store.db as unknown as Kysely<never>;
    expect(await setting(db, 'application_name')).toBe('callers-pool');
    expect(await setting(db, 'idle_in_transaction_session_timeout')).toBe('30s');
    await store.close(); // does not end a pool it does not own
    expect((await pool.query<{ one: number }>('select 1 as one')).rows[0]!.one).toBe(1);
  } finally {
    await pool.end();
  }
});

it('ends a session left idle in a transaction past the timeout, so it cannot hold back readers', async () => {
  const store = stores.open({ idleInTransactionTimeoutMs: 200 });
  const client = await store.pool.connect();
  try {
    await client.query('begin');
    await client.query('select pg_current_xact_id()');
    await new Promise((resolve) => setTimeout(resolve, 600));
    await expect(client.query('select 1')).rejects.toThrow(/terminat|idle-in-transaction|Connection/i);
  } finally {
    client.release(true);
  }
});

it('migrates a schema of its own, idempotently, with its own migration tables', async () => {
  const url = database.url;
  await migrateEventStore(url, { schema: 'tenant_b' });
  const again = await migrateEventStore(url, { schema: 'tenant_b' });
  expect(again.results).toEqual([]);
  const store = stores.open({ schema: 'tenant_b' });
  await store.append('s-1', [{ eventId: crypto.randomUUID(), type: 'T', data: {} }], {
    expectedVersion: 'no_stream',
  });
  const { rows } = await sql<{ table_name: string }>`select table_name from information_schema.tables
    where table_schema = 'tenant_b' order by table_name`.execute(store.db as unknown as Kysely<never>);
  expect(rows.map((r) => r.table_name)).toEqual([
    'event_store_migration',
    'event_store_migration_lock',
    'events',
    'snapshots',
    'stream_keys',
    'streams',
    'subscription_checkpoints',
  ]);
});
