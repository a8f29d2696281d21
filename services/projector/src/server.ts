import { createEventStore, migrateEventStore } from '@orders/event-store';
import { migrateReadModels, readModelsMigrated } from '@orders/read-models';
import {
  createLogger,
  createMetricsRegistry,
  onShutdownSignal,
  registerOperationalRoutes,
} from '@orders/service-kit';
import Fastify, { type FastifyBaseLogger } from 'fastify';
import { parseEnv } from './env.ts';
import { projectorProjections } from './projections/index.ts';
import { createProjector } from './runner.ts';

// The projector process: the read-model projections as one group subscription of the event store,
// with /health, /ready (PostgreSQL and migrations) and /metrics (each projection's position
// and lag). SIGINT/SIGTERM let the batches being applied commit, then stop.
const env = parseEnv(process.env);
const logger = createLogger({ service: 'projector', level: env.LOG_LEVEL });

if (env.MIGRATE_ON_START) {
  // order-api migrates the same event store at start (the embedded start runs both at once):
  // a race on creating the schema fails one of them, which then finds it done on a retry.
  for (let attempt = 1; ; attempt++) {
    try {
      await migrateEventStore(env.DATABASE_URL);
      await migrateReadModels(env.DATABASE_URL);
      break;
    } catch (error) {
      if (attempt >= 5) throw error;
      logger.warn({ err: error, attempt }, 'migration failed; retrying');
      await new Promise((resolve) => setTimeout(resolve, 500 * attempt));
    }
  }
}
const store = createEventStore({
  connectionString: env.DATABASE_URL,
  poolSize: env.DATABASE_POOL_SIZE,
  applicationName: 'projector',
});
const chosen = env.PROJECTIONS
  ? projectorProjections.filter((p) => env.PROJECTIONS!.includes(p.projection.name))
  : projectorProjections;
if (env.PROJECTIONS && chosen.length !== env.PROJECTIONS.length) {
  const known = projectorProjections.map((p) => p.projection.name).join(', ');
  throw new Error(`PROJECTIONS names an unknown projection (known: ${known})`);
}
const registry = createMetricsRegistry('projector');
const projector = createProjector({
  store,
  projections: chosen,
  batchSize: env.PROJECTOR_BATCH_SIZE,
  pollIntervalMs: env.PROJECTOR_POLL_INTERVAL_MS,
  logger,
  registry,
});

const app = Fastify({ loggerInstance: logger as FastifyBaseLogger });
registerOperationalRoutes(app, {
  registry,
  checks: [
    { name: 'postgres', check: async () => void (await store.pool.query('select 1')) },
    {
      name: 'migrations',
      check: async () => {
        if (!(await readModelsMigrated(store.db))) throw new Error('read-model migrations are not applied');
      },
    },
  ],
});
app.get('/projections', { logLevel: 'warn' }, async () =>
  projector.statuses().map((s) => ({
    ...s,
    checkpoint: s.checkpoint
      ? { transactionId: s.checkpoint.transactionId, position: String(s.checkpoint.position) }
      : null,
    lastAppliedPosition: s.lastAppliedPosition === null ? null : String(s.lastAppliedPosition),
  })),
);

onShutdownSignal(logger, async () => {
  await app.close();
  await projector.stop();
  await store.close();
});

await projector.start();
await app.listen({ host: env.HOST, port: env.PORT });
logger.info({ projections: chosen.map((p) => p.projection.name) }, 'projector started');
