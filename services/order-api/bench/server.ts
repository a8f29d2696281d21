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
import { monitorEventLoopDelay, PerformanceObserver } from 'node:perf_hooks';
import type { EventStore } from '@orders/event-store';

/** The p-quantile of values, in ms with one decimal ('-' when empty). */
const quantile = (values: number[], p: number) =>
  values.length === 0
    ? '-'
    : values.toSorted((a, b) => a - b)[Math.floor(p * (values.length - 1))]!.toFixed(1);
const ms = (ns: number) => (ns / 1e6).toFixed(1);

/**
 * BENCH_TRACE=1: one line a second on stderr (issue #6), to tell where a create's time goes:
 * server time (onRequest to onResponse), the part of it inside `store.append` (waiting for the
 * batch in flight plus its own batch), group-commit batches and their mean size, event-loop
 * delay and GC pauses. With one batch in flight the committer is busy all the time, so a batch
 * lasts about 1 s / batches.
 */
function trace(app: Awaited<ReturnType<typeof buildApp>>, store: EventStore): void {
  const delay = monitorEventLoopDelay({ resolution: 1 });
  delay.enable();
  let gc = { count: 0, ms: 0 };
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) gc = { count: gc.count + 1, ms: gc.ms + entry.duration };
  }).observe({ entryTypes: ['gc'] });
  const started = new WeakMap<object, number>();
  let server: number[] = [];
  let append: number[] = [];
  app.addHook('onRequest', async (request) => void started.set(request, performance.now()));
  app.addHook('onResponse', async (request) => {
    const at = started.get(request);
    if (at !== undefined) server.push(performance.now() - at);
  });
  const inner = store.append.bind(store);
  store.append = async (...args) => {
    const at = performance.now();
    try {
      return await inner(...args);
    } finally {
      append.push(performance.now() - at);
    }
  };
  const t0 = performance.now();
  let last = { ...store.groupCommitStats };
  let cpu = process.cpuUsage();
  setInterval(() => {
    const stats = store.groupCommitStats;
    const batches = stats.batches - last.batches;
    const used = process.cpuUsage(cpu);
    process.stderr.write(
      `TRACE t=${((performance.now() - t0) / 1000).toFixed(0)}s requests=${server.length}` +
        ` server p50/p99=${quantile(server, 0.5)}/${quantile(server, 0.99)} append p50/p99=${quantile(append, 0.5)}/${quantile(append, 0.99)}` +
        ` batches=${batches} mean=${batches ? ((stats.appends - last.appends) / batches).toFixed(1) : '-'}` +
        ` loop-delay p50/p99/max=${ms(delay.percentile(50))}/${ms(delay.percentile(99))}/${ms(delay.max)}` +
        ` gc=${gc.count}/${gc.ms.toFixed(0)}ms cpu=${((used.user + used.system) / 10_000).toFixed(0)}%\n`,
    );
    last = { ...stats };
    cpu = process.cpuUsage();
    server = [];
    append = [];
    gc = { count: 0, ms: 0 };
    delay.reset();
  }, 1000).unref();
}

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
  if (process.env['BENCH_TRACE']) trace(app, store);
  await app.listen({ host: '127.0.0.1', port });
  process.stdout.write(`${JSON.stringify({ clientId: client.clientId, secret: client.secret })}\n`);
}
