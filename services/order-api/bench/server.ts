// The server side of the benchmark, in its own process so the load generator does not share
// its event loop: `node bench/server.ts api|hello <port>` with DATABASE_URL for `api`.
import { createEventStore } from '@orders/event-store';
import { createLogger } from '@orders/service-kit';
import Fastify from 'fastify';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { buildApp } from '../src/app.ts';
import { createClient } from '../src/auth/clients.ts';
import type { OrderApiTables } from '../src/db/schema.ts';
import { parseEnv } from '../src/env.ts';

const [mode, portText] = process.argv.slice(2);
// exit normally on SIGINT so that --cpu-prof can write its profile
process.on('SIGINT', () => process.exit(0));
const port = Number(portText);

if (mode === 'hello') {
  const app = Fastify();
  app.post('/hello', async () => ({ success: true, data: { hello: 'world' }, error: null }));
  await app.listen({ host: '127.0.0.1', port });
} else {
  const config = parseEnv({ ...process.env, LOG_LEVEL: 'warn', RATE_LIMIT_PER_MINUTE: '100000000' });
  const pool = new pg.Pool({ connectionString: config.DATABASE_URL, max: 16 });
  const store = createEventStore({
    connectionString: config.DATABASE_URL,
    poolSize: 16,
    ...(process.env['BENCH_IN_FLIGHT'] ? { maxInFlightBatches: Number(process.env['BENCH_IN_FLIGHT']) } : {}),
  });
  const app = await buildApp({
    logger: createLogger({ service: 'order-api', level: 'warn' }),
    pool,
    store,
    config,
  });
  const client = await createClient(new Kysely<OrderApiTables>({ dialect: new PostgresDialect({ pool }) }), {
    tenantId: 'bench',
  });
  await app.listen({ host: '127.0.0.1', port });
  process.stdout.write(`${JSON.stringify({ clientId: client.clientId, secret: client.secret })}\n`);
}
