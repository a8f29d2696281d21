import { createEventStore, migrateEventStore } from '@orders/event-store';
import { migrateReadModels } from '@orders/read-models';
import { createLogger, onShutdownSignal } from '@orders/service-kit';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { buildApp } from './app.ts';
import { ensureClient } from './auth/clients.ts';
import { migrateOrderApi } from './db/migrations.ts';
import type { OrderApiTables } from './db/schema.ts';
import { parseEnv } from './env.ts';

const env = parseEnv(process.env);
const logger = createLogger({ service: 'order-api', level: env.LOG_LEVEL });
const pool = new pg.Pool({
  connectionString: env.DATABASE_URL,
  max: env.DATABASE_POOL_SIZE,
  application_name: 'order-api',
});
// An idle connection that PostgreSQL drops (restart, failover) must not crash the process;
// the next query opens a new one and /ready reports the outage meanwhile.
pool.on('error', (error) => logger.warn({ err: error }, 'idle PostgreSQL connection lost'));

if (env.MIGRATE_ON_START) {
  await migrateEventStore(env.DATABASE_URL);
  await migrateOrderApi(new Kysely({ dialect: new PostgresDialect({ pool }) }));
  await migrateReadModels(env.DATABASE_URL);
}
if (env.ORDERS_DEMO_CLIENT_ID && env.ORDERS_DEMO_CLIENT_SECRET) {
  const db = new Kysely<OrderApiTables>({ dialect: new PostgresDialect({ pool }) });
  await ensureClient(db, {
    tenantId: env.ORDERS_DEMO_TENANT,
    clientId: env.ORDERS_DEMO_CLIENT_ID,
    secret: env.ORDERS_DEMO_CLIENT_SECRET,
  });
}
const store = createEventStore({
  connectionString: env.DATABASE_URL,
  poolSize: env.DATABASE_POOL_SIZE,
  applicationName: 'order-api',
});
const app = await buildApp({ logger, pool, store, config: env });

onShutdownSignal(logger, async () => {
  await app.close();
  await store.close();
  await pool.end();
});

await app.listen({ host: env.HOST, port: env.PORT });
