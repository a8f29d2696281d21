import { createEventStore, migrateEventStore, type EventStore } from '@orders/event-store';
import { createMetricsRegistry, type Logger } from '@orders/service-kit';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { buildApp } from './app.ts';
import { createCallbackProcessor } from './callbacks.ts';
import { connectorMigrationsApplied, migrateConnector } from './db/migrations.ts';
import type { ConnectorTables } from './db/schema.ts';
import { createDispatcher } from './dispatch.ts';
import { createDispatchStore } from './dispatch-store.ts';
import type { CrashPoint, Env } from './env.ts';
import { createOrderLocks } from './locks.ts';
import { createConnectorMetrics } from './metrics.ts';
import { createOrderApiClient } from './order-api-client.ts';
import { seedPickupPoints } from './pickup-points.ts';
import { createEventStoreSource } from './sources/event-store.ts';
import type { OrderEventSource } from './sources/types.ts';
import { createVigoClient } from './vigo-client.ts';

/**
 * Opens `count` connections of `target` at once and reads the dispatch table on each: a new
 * PostgreSQL session is a forked backend whose catalog caches fill on its first statements,
 * a cost that otherwise lands on the first events, all at once.
 */
async function openConnections(target: pg.Pool, count: number): Promise<void> {
  const clients: pg.PoolClient[] = [];
  try {
    await Promise.all(
      Array.from({ length: count }, async () => {
        const client = await target.connect();
        clients.push(client);
        await client.query('select * from vigo_connector.dispatches limit 0');
      }),
    );
  } finally {
    for (const client of clients) client.release();
  }
}

export interface ConnectorOptions {
  logger: Logger;
  /** What to do at a crash point (CRASH_AT); server.ts kills the process. */
  onCrashPoint?: (point: CrashPoint) => void;
  /** The event source cannot go on; server.ts logs and exits so that the process is restarted. */
  onFatal?: (reason: string) => void;
}

/**
 * Everything the connector is, wired from its settings: pools, migrations, the Vigo and
 * order-api clients, the dispatcher, the callback processor, the event source, the resumer
 * and the HTTP app. `start()` starts consuming; `stop()` undoes all of it.
 */
export async function createConnector(env: Env, options: ConnectorOptions) {
  const { logger } = options;
  const pool = new pg.Pool({
    connectionString: env.DATABASE_URL,
    max: env.DATABASE_POOL_SIZE,
    application_name: 'vigo-connector',
  });
  const lockPool = new pg.Pool({
    connectionString: env.DATABASE_URL,
    max: env.DATABASE_LOCK_POOL_SIZE,
    application_name: 'vigo-connector:locks',
  });
  // An idle connection that PostgreSQL ends (a restart, a failover) must not crash the process.
  for (const p of [pool, lockPool]) {
    p.on('error', (error) => logger.warn({ err: error.message }, 'idle PostgreSQL connection failed'));
  }
  const db = new Kysely<ConnectorTables>({ dialect: new PostgresDialect({ pool }) });
  if (env.MIGRATE_ON_START) {
    await migrateConnector(db);
    if (env.SOURCE === 'event-store') await migrateEventStore(env.DATABASE_URL);
  }

  const registry = createMetricsRegistry('vigo-connector');
  const metrics = createConnectorMetrics(registry);
  const vigo = createVigoClient({
    baseUrl: env.VIGO_BASE_URL,
    clientId: env.VIGO_CLIENT_ID,
    clientSecret: env.VIGO_CLIENT_SECRET,
    timeoutMs: env.VIGO_TIMEOUT_MS,
    maxAttempts: env.VIGO_MAX_ATTEMPTS,
    backoff: { baseMs: env.VIGO_RETRY_BASE_MS, maxMs: env.VIGO_RETRY_MAX_MS },
    breaker: { threshold: env.VIGO_BREAKER_THRESHOLD, cooldownMs: env.VIGO_BREAKER_COOLDOWN_MS },
    tokenRefreshMarginMs: env.VIGO_TOKEN_REFRESH_MARGIN_MS,
    observer: {
      onAttempt: metrics.vigoAttempt,
      onTokenRefresh: metrics.tokenRefresh,
      onCircuitState: (state) => {
        metrics.circuitState(state);
        logger.warn({ circuit: state }, 'vigo circuit breaker changed state');
      },
    },
  });
  const orderApi = createOrderApiClient({
    baseUrl: env.ORDER_API_URL,
    clientId: env.ORDER_API_CLIENT_ID,
    clientSecret: env.ORDER_API_CLIENT_SECRET,
    userId: env.ORDER_API_USER_ID,
    timeoutMs: env.ORDER_API_TIMEOUT_MS,
    onAttempt: metrics.orderApiAttempt,
  });
  const store = createDispatchStore(db);
  const locks = createOrderLocks(lockPool);
  if (env.VIGO_PICKUP_POINTS) await seedPickupPoints(store, env.VIGO_PICKUP_POINTS);

  const dispatcher = createDispatcher({
    store,
    locks,
    vigo,
    orderApi,
    metrics,
    logger,
    config: {
      tenantId: env.ORDER_API_TENANT_ID,
      mapping: {
        platform: env.VIGO_PLATFORM,
        defaultCourierType: env.VIGO_DEFAULT_COURIER_TYPE,
        callback: {
          url: env.CALLBACK_PUBLIC_URL,
          token: env.CALLBACK_TOKEN,
          tokenHeader: env.CALLBACK_TOKEN_HEADER,
        },
      },
      cancelText: env.VIGO_CANCEL_TEXT,
      createAttempts: env.VIGO_MAX_ATTEMPTS,
      createBackoff: { baseMs: env.VIGO_RETRY_BASE_MS, maxMs: env.VIGO_RETRY_MAX_MS },
      ...(options.onCrashPoint && env.CRASH_AT
        ? { crashPoint: (point: CrashPoint) => point === env.CRASH_AT && options.onCrashPoint!(point) }
        : {}),
    },
  });
  const processor = createCallbackProcessor({
    store,
    locks,
    vigo,
    orderApi,
    dispatcher,
    metrics,
    logger,
    tenantId: env.ORDER_API_TENANT_ID,
  });

  const handler = async (event: Parameters<typeof dispatcher.handleEvent>[0]) => {
    await dispatcher.handleEvent(event);
  };
  let eventStore: EventStore | null = null;
  let kafkaPool: pg.Pool | null = null;
  let source: OrderEventSource;
  if (env.SOURCE === 'kafka') {
    kafkaPool = new pg.Pool({
      connectionString: env.DATABASE_URL,
      max: env.KAFKA_PARTITIONS_CONCURRENCY + 1,
      application_name: 'vigo-connector:kafka',
    });
    kafkaPool.on('error', (error) =>
      logger.warn({ err: error.message }, 'idle PostgreSQL connection failed'),
    );
    // Loaded only for this source: kafkajs is a large import the embedded setup never needs.
    const { createKafkaSource } = await import('./sources/kafka.ts');
    source = createKafkaSource({
      brokers: env.KAFKA_BROKERS!,
      topic: env.KAFKA_TOPIC,
      groupId: env.KAFKA_GROUP_ID,
      pool: kafkaPool,
      handler,
      partitionsConcurrency: env.KAFKA_PARTITIONS_CONCURRENCY,
      consumers: env.KAFKA_CONSUMERS,
      logger,
      ...(options.onFatal ? { onFatal: options.onFatal } : {}),
    });
  } else {
    eventStore = createEventStore({
      connectionString: env.DATABASE_URL,
      poolSize: 4,
      applicationName: 'vigo-connector',
    });
    source = createEventStoreSource({
      store: eventStore,
      name: env.SUBSCRIPTION_NAME,
      handler,
      concurrency: env.SOURCE_CONCURRENCY,
      logger,
    });
  }

  const app = buildApp({
    logger,
    registry,
    metrics,
    checks: [
      { name: 'postgres', check: async () => void (await sql`select 1`.execute(db)) },
      {
        name: 'migrations',
        check: async () => {
          if (!(await connectorMigrationsApplied(db))) throw new Error('connector migrations not applied');
        },
      },
      { name: `source:${source.kind}`, check: () => source.check() },
    ],
    callbacks: { processor, token: env.CALLBACK_TOKEN, tokenHeader: env.CALLBACK_TOKEN_HEADER },
    ...(env.ADMIN_TOKEN ? { admin: { token: env.ADMIN_TOKEN, vigo, store } } : {}),
  });

  // The resumer: rows left pending (a crash, Vigo down, a cancel not done, a point approved),
  // then prepared orders whose callbacks stopped coming.
  let resumeTimer: NodeJS.Timeout | null = null;
  let resuming: Promise<unknown> | null = null;
  let stopped = false;
  const resumeLoop = () => {
    if (stopped) return;
    resuming = dispatcher
      .resumeDue(env.RESUME_AFTER_MS)
      .catch((error: Error) => logger.warn({ err: error.message }, 'resume pass failed'))
      // Prepared orders without news for RECONCILE_AFTER_MS: ask Vigo (lost callbacks).
      .then(() => processor.reconcileSilent(env.RECONCILE_AFTER_MS))
      .catch((error: Error) => logger.warn({ err: error.message }, 'reconcile pass failed'))
      .finally(() => {
        resuming = null;
        if (!stopped) resumeTimer = setTimeout(resumeLoop, env.RESUME_INTERVAL_MS);
      });
  };

  /**
   * Before the first event: the Vigo token, one authenticated order-api call and the
   * PostgreSQL pools' connections. Otherwise the first burst of events (a backlog after a
   * restart) pays for them together — every handler waiting on the token and on order-api's
   * first (scrypt) check of the connector's secret, a PostgreSQL backend forked per
   * connection — and the queue that builds meanwhile takes seconds to drain.
   * Best effort, bounded: a failure here is only logged, the events retry as usual.
   */
  async function warmUp(): Promise<void> {
    if (env.WARM_UP_TIMEOUT_MS === 0) return;
    const started = performance.now();
    let timer: NodeJS.Timeout | undefined;
    const bounded = new Promise<'timeout'>((resolve) => {
      timer = setTimeout(() => resolve('timeout'), env.WARM_UP_TIMEOUT_MS);
    });
    const steps = Promise.allSettled([
      vigo.warmUp(),
      orderApi.warmUp(),
      openConnections(lockPool, env.DATABASE_LOCK_POOL_SIZE),
      openConnections(pool, env.DATABASE_POOL_SIZE),
    ]);
    const outcome = await Promise.race([steps, bounded]);
    clearTimeout(timer);
    const failed =
      outcome === 'timeout'
        ? ['timed out']
        : outcome.flatMap((r) => (r.status === 'rejected' ? [(r.reason as Error).message] : []));
    const ms = Math.round(performance.now() - started);
    if (failed.length > 0)
      logger.warn({ ms, err: failed.join('; ') }, 'warm-up incomplete; consuming anyway');
    else logger.info({ ms }, 'warmed up: Vigo token, order-api credentials, PostgreSQL connections');
  }

  return {
    app,
    dispatcher,
    store,
    vigo,
    orderApi,
    metrics,
    registry,
    source,
    db,
    /** Starts the event source and the resumer. */
    async start() {
      await warmUp();
      await source.start();
      resumeTimer = setTimeout(resumeLoop, Math.min(env.RESUME_INTERVAL_MS, 1_000));
    },
    /** Stops consuming, finishes what is in flight, closes the app and the pools. */
    async stop() {
      stopped = true;
      if (resumeTimer) clearTimeout(resumeTimer);
      await source.stop();
      logger.debug('source stopped');
      await resuming;
      await app.close();
      logger.debug('http server closed');
      await eventStore?.close();
      await kafkaPool?.end();
      await db.destroy();
      await lockPool.end();
      vigo.close();
      orderApi.close();
    },
  };
}

export type Connector = Awaited<ReturnType<typeof createConnector>>;
