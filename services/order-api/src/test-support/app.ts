import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createEventStore, eventStoreTestTemplate, type EventStore } from '@orders/event-store';
import { migrateReadModels, readModelsMigrationsHash } from '@orders/read-models';
import { createLogger } from '@orders/service-kit';
import { createTestDatabase, type TestDatabase } from '@orders/testing';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { buildApp } from '../app.ts';
import { createClient } from '../auth/clients.ts';
import { migrateOrderApi, orderApiMigrationNames } from '../db/migrations.ts';
import type { OrderApiTables } from '../db/schema.ts';
import { parseEnv, type Env } from '../env.ts';
import type { App } from '../routes/types.ts';

const eventStoreTemplate = eventStoreTestTemplate();
const migrationsSource = readFileSync(
  resolve(fileURLToPath(import.meta.url), '../../db/migrations.ts'),
  'utf8',
);

/** A template database with the event store's and order-api's migrations applied. */
export const orderApiTemplate = {
  name: `tpl_order_api_${createHash('sha256')
    .update(
      eventStoreTemplate.name + orderApiMigrationNames.join() + migrationsSource + readModelsMigrationsHash(),
    )
    .digest('hex')
    .slice(0, 12)}`,
  migrate: async (url: string) => {
    await eventStoreTemplate.migrate(url);
    const pool = new pg.Pool({ connectionString: url, max: 1 });
    await migrateOrderApi(new Kysely({ dialect: new PostgresDialect({ pool }) }));
    await pool.end();
    await migrateReadModels(url);
  },
};

export const posMerchantSecret = 'test-merchant-secret-Çş1';

export type Headers = Record<string, string> & {
  'x-client-id': string;
  'x-client-secret': string;
  'x-user-id': string;
};

export interface TestApp {
  app: App;
  database: TestDatabase;
  pool: pg.Pool;
  store: EventStore;
  db: Kysely<OrderApiTables>;
  config: Env;
  /** Credentials of a client of tenant A and one of tenant B. */
  tenantA: Headers;
  tenantB: Headers;
  close(): Promise<void>;
}

/** order-api on a fresh database of the real PostgreSQL, with one client in each of two tenants. */
export async function startTestApp(env: Record<string, string> = {}): Promise<TestApp> {
  const database = await createTestDatabase({ template: orderApiTemplate });
  // Small pools: every test file has its own app, and CI runs several packages against one server.
  const pool = new pg.Pool({ connectionString: database.url, max: 4 });
  pool.on('error', () => undefined); // dropped idle connections (the tests drop databases)
  const store = createEventStore({ connectionString: database.url, poolSize: 4 });
  const config = parseEnv({
    DATABASE_URL: database.url,
    LOG_LEVEL: 'silent',
    POS_MERCHANT_SECRET: posMerchantSecret,
    POS_SUCCESS_URL: 'https://shop.example/paid',
    POS_FAIL_URL: 'https://shop.example/failed',
    ...env,
  });
  const app = await buildApp({
    logger: createLogger({ service: 'order-api', level: 'silent' }),
    pool,
    store,
    config,
  });
  const db = new Kysely<OrderApiTables>({ dialect: new PostgresDialect({ pool }) });
  const a = await createClient(db, { tenantId: 'tenant-a' });
  const b = await createClient(db, { tenantId: 'tenant-b' });
  const headersOf = (client: { clientId: string; secret: string }, userId: string): Headers => ({
    'x-client-id': client.clientId,
    'x-client-secret': client.secret,
    'x-user-id': userId,
  });
  return {
    app,
    database,
    pool,
    store,
    db,
    config,
    tenantA: headersOf(a, '0b6f6a52-3f0e-4f43-9d55-7a1d2a3c4b01'),
    tenantB: headersOf(b, '0b6f6a52-3f0e-4f43-9d55-7a1d2a3c4b02'),
    close: async () => {
      await app.close();
      await store.close();
      await pool.end();
      await database.drop();
    },
  };
}
