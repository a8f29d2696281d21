import { createLogger, onShutdownSignal } from '@orders/service-kit';
import pg from 'pg';
import { buildApp } from './app.ts';
import { parseEnv } from './env.ts';

const env = parseEnv(process.env);
const logger = createLogger({ service: 'order-api', level: env.LOG_LEVEL });
const pool = new pg.Pool({ connectionString: env.DATABASE_URL, max: env.DATABASE_POOL_SIZE });
const app = await buildApp({ logger, pool });

onShutdownSignal(logger, async () => {
  await app.close();
  await pool.end();
});

await app.listen({ host: env.HOST, port: env.PORT });
