// pnpm bench:system (pnpm --filter @orders/distributed bench): the whole platform as separate
// processes (the distributed run), seeded with realistic orders by `pnpm seed`, then a mixed
// load on loopback: 70 % reads (the list with filters, order details), 30 % commands (create,
// update, payments, invoices) over a fixed number of keep-alive connections. Prints throughput
// and p50 / p99 per route, projection and relay lag (sampled from /metrics each second), CPU
// and RSS per process (from /proc each second), and a GET /health baseline measured in the
// same run so that figures compare across machines.
import { spawn, spawnSync } from 'node:child_process';
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { databaseUrlFor, quoteIdent, redactUrl } from '@orders/local-postgres';
import { deleteTopics } from '@orders/messaging';
import { Client } from 'pg';
import { z } from 'zod';
import { repoRoot, serviceNames, startDistributed, type Distributed } from '../src/launcher.ts';
import { maxOf, percentile, processUsage, scrape, sumOf } from '../src/observe.ts';
import { orderParties, vigoOrderBody } from '../src/test-support/order.ts';
import { runMixedLoad, type LoadResult, type Operation } from './mixed-load.ts';

const whole = (min: number, fallback: number) => z.coerce.number().int().min(min).default(fallback);
const env = z
  .object({
    DATABASE_URL: z
      .url({ protocol: /^postgres(ql)?$/ })
      .default('postgres://postgres@127.0.0.1:5432/postgres'),
    KAFKA_BROKERS: z.preprocess((v) => (v === '' ? undefined : v), z.string().optional()),
    KAFKA_PORT: whole(1, 19092),
    BENCH_SECONDS: whole(5, 60),
    BENCH_WARMUP_SECONDS: whole(0, 5),
    BENCH_BASELINE_SECONDS: whole(2, 10),
    BENCH_ORDERS: whole(0, 2_000),
    BENCH_CONNECTIONS: whole(1, 32),
    BENCH_SEED_CONCURRENCY: whole(1, 16),
    BENCH_KEEP: z.enum(['0', '1', '']).default('0'),
    /** Run on this existing database (kept afterwards) instead of a fresh one; with BENCH_ORDERS=0, no seeding. */
    BENCH_DATABASE: z.preprocess(
      (v) => (v === '' ? undefined : v),
      z
        .string()
        .regex(/^[a-z_][a-z0-9_]*$/)
        .optional(),
    ),
  })
  .parse(process.env);

const say = (line: string) => process.stderr.write(`[bench:system] ${line}\n`);
const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));
const fmt = (ms: number) => (ms >= 100 ? ms.toFixed(0) : ms >= 10 ? ms.toFixed(1) : ms.toFixed(2));
const loads = () =>
  loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');

// ---------------------------------------------------------------------------------------------
// The broker: KAFKA_BROKERS, else infra/kafka's on KAFKA_PORT (started here when not running).
function broker(): { brokers: string; stop(): void } {
  if (env.KAFKA_BROKERS) return { brokers: env.KAFKA_BROKERS, stop: () => undefined };
  const kafkaEnv = { ...process.env, KAFKA_PORT: String(env.KAFKA_PORT) };
  const brokers = `127.0.0.1:${env.KAFKA_PORT}`;
  if (spawnSync(resolve(repoRoot, 'infra/kafka/status'), { env: kafkaEnv, stdio: 'ignore' }).status === 0) {
    return { brokers, stop: () => undefined };
  }
  say(`KAFKA_BROKERS is not set; starting infra/kafka on ${brokers}`);
  if (spawnSync(resolve(repoRoot, 'infra/kafka/start'), { env: kafkaEnv, stdio: 'inherit' }).status !== 0) {
    throw new Error('infra/kafka/start failed (it needs Java 17 and Maven)');
  }
  return {
    brokers,
    stop: () => void spawnSync(resolve(repoRoot, 'infra/kafka/stop'), { env: kafkaEnv, stdio: 'inherit' }),
  };
}

async function admin<T>(fn: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: databaseUrlFor(env.DATABASE_URL, 'postgres') });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

// ---------------------------------------------------------------------------------------------
// Samples once a second: CPU and RSS of every process (and of the PostgreSQL backends serving
// the run's database, and of the broker's JVM when its pid is known), projection and relay lag.
interface ProcessSamples {
  /** CPU seconds used between the first and the last sample, summed over the pids of the entry. */
  cpuSeconds: number;
  /** Wall time between the entry's first and last sample. */
  firstAt?: number;
  lastAt?: number;
  /** Peak of the RSS summed over the entry's pids at one sample. */
  maxRss: number;
}

function startSampler(
  run: Distributed,
  delayMs: number,
  extra: { postgres: () => Promise<number[]>; brokerPid: number | null },
) {
  const processes = new Map<string, ProcessSamples>();
  const lastCpu = new Map<number, number>();
  const projectionLag: number[] = [];
  const relayLag: number[] = [];
  const state = { running: true };
  /** `private`: count only memory not shared (PostgreSQL backends all map the shared buffers). */
  const sample = (name: string, pids: readonly (number | null)[], privateOnly = false) => {
    const entry = processes.get(name) ?? { cpuSeconds: 0, maxRss: 0 };
    let rss = 0;
    for (const pid of pids) {
      if (pid === null) continue;
      const usage = processUsage(pid);
      if (!usage) continue;
      const before = lastCpu.get(pid);
      if (before !== undefined) entry.cpuSeconds += usage.cpuSeconds - before;
      lastCpu.set(pid, usage.cpuSeconds);
      rss += privateOnly ? usage.rssBytes - usage.sharedBytes : usage.rssBytes;
    }
    const now = performance.now();
    entry.firstAt ??= now;
    entry.lastAt = now;
    entry.maxRss = Math.max(entry.maxRss, rss);
    processes.set(name, entry);
  };
  const loop = (async () => {
    await sleep(delayMs); // after the warm-up, as the load's figures
    while (state.running) {
      const tick = sleep(1_000);
      for (const name of serviceNames) sample(name, [run.process(name).pid]);
      sample(
        'PostgreSQL backends of the run (sum; RSS without shared memory)',
        await extra.postgres().catch(() => []),
        true,
      );
      if (extra.brokerPid !== null) sample('Kafka broker (JVM)', [extra.brokerPid]);
      sample('load generator (this process)', [process.pid]);
      const [projector, relay] = await Promise.all([
        scrape(`${run.urls.projector}/metrics`).catch(() => null),
        scrape(`${run.urls.relay}/metrics`).catch(() => null),
      ]);
      if (projector) projectionLag.push(maxOf(projector, 'projection_lag_seconds') ?? 0);
      if (relay) relayLag.push(maxOf(relay, 'relay_lag_seconds') ?? 0);
      await tick;
    }
  })();
  return {
    async stop() {
      state.running = false;
      await loop;
      return { processes, projectionLag, relayLag };
    },
  };
}

/** The broker's pid when it is infra/kafka's (its pid file), else null. */
function brokerPid(brokers: string): number | null {
  if (brokers !== `127.0.0.1:${env.KAFKA_PORT}`) return null;
  try {
    const pid = Number(readFileSync(resolve(repoRoot, 'infra/kafka/cache/kafka.pid'), 'utf8').trim());
    return pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

// ---------------------------------------------------------------------------------------------
// What the mix works on: the seeded orders and their parties, found through the API.
interface Pools {
  orders: string[];
  /** Orders not delivered or cancelled: the commands' targets. */
  open: string[];
  customers: string[];
  branches: string[];
}

async function collectPools(api: string, headers: Record<string, string>): Promise<Pools> {
  const pools: Pools = { orders: [], open: [], customers: [], branches: [] };
  type Item = { order_id: string; order_status: string };
  for (let page = 0; ; page += 1) {
    const answer = await fetch(`${api}/v3/orders?page[size]=200&page[index]=${page}`, { headers });
    if (!answer.ok)
      throw new Error(`GET /v3/orders answered ${answer.status}: ${(await answer.text()).slice(0, 300)}`);
    const body = (await answer.json()) as { data: { data: Item[] } };
    const items = body.data.data;
    for (const item of items) {
      pools.orders.push(item.order_id);
      if (!['delivered', 'cancelled'].includes(item.order_status)) pools.open.push(item.order_id);
    }
    if (items.length < 200) break;
  }
  const customers = new Set<string>();
  const branches = new Set<string>();
  for (const id of pools.orders.slice(0, 60)) {
    const answer = await fetch(`${api}/v3/orders/${id}`, { headers });
    const body = (await answer.json()) as {
      data: { customers?: { customer_id: string }[]; branches?: { branch_id: string }[] };
    };
    for (const c of body.data.customers ?? []) customers.add(c.customer_id);
    for (const b of body.data.branches ?? []) branches.add(b.branch_id);
  }
  pools.customers = [...customers];
  pools.branches = [...branches];
  return pools;
}

const pick = <T>(list: readonly T[]): T => list[Math.floor(Math.random() * list.length)]!;
const statuses = ['created', 'assigned', 'to-picking', 'on-delivery', 'delivered', 'cancelled', 'handover'];
const words = [
  'Yılmaz',
  'Kaya',
  'Demir',
  'Şahin',
  'Çelik',
  'Öztürk',
  'Kadıköy',
  'Çankaya',
  'Karşıyaka',
  'ORD-0001',
];
const today = () => new Date().toISOString().slice(0, 10);

/** The mix: 70 % reads, 30 % commands. */
function mix(pools: Pools): { next: () => Operation; weights: Record<string, number> } {
  const parties = Array.from({ length: 20 }, () => orderParties());
  const remember = (body: unknown) => {
    const id = (body as { data?: { order_id?: unknown } } | null)?.data?.order_id;
    if (typeof id === 'string') {
      pools.orders.push(id);
      pools.open.push(id);
    }
  };
  const lists: (() => string)[] = [
    () => '/v3/orders?page[size]=20',
    () => `/v3/orders?filter[status]=${pick(statuses)}`,
    () => `/v3/orders?filter[customer_id]=${pick(pools.customers)}`,
    () => `/v3/orders?filter[branch_id]=${pick(pools.branches)}&page[size]=50`,
    () => `/v3/orders?search=${encodeURIComponent(pick(words))}`,
    () =>
      '/v3/orders?filter[status][]=created&filter[status][]=assigned&filter[order_type]=delivery&page[index]=1',
    () => '/v3/orders?filter[invoice_status]=invoiced&filter[collection_status]=partial',
  ];
  const operations: [number, () => Operation][] = [
    [35, () => ({ route: 'GET /v3/orders (list, filters)', method: 'GET', path: pick(lists)() })],
    [
      35,
      () => ({ route: 'GET /v3/orders/:order_id', method: 'GET', path: `/v3/orders/${pick(pools.orders)}` }),
    ],
    [
      8,
      () => {
        const { third_party_channel: _vigo, ...body } = vigoOrderBody(pick(parties));
        return {
          route: 'POST /v3/orders',
          method: 'POST',
          path: '/v3/orders',
          body,
          headers: { 'idempotency-key': randomUUID() },
          onSuccess: remember,
        };
      },
    ],
    [
      8,
      () => ({
        route: 'PUT /v3/orders/:order_id',
        method: 'PUT',
        path: `/v3/orders/${pick(pools.open)}`,
        body: { note: `Kapıda arayın (${randomBytes(3).toString('hex')})` },
      }),
    ],
    [
      7,
      () => ({
        route: 'POST /v3/orders/:order_id/payments',
        method: 'POST',
        path: `/v3/orders/${pick(pools.open)}/payments`,
        body: { payment_method: 'cash', amount: '25.00' },
        headers: { 'idempotency-key': randomUUID() },
      }),
    ],
    [
      7,
      () => ({
        route: 'POST /v3/orders/:order_id/invoices',
        method: 'POST',
        path: `/v3/orders/${pick(pools.open)}/invoices`,
        body: {
          issue_date: today(),
          quantity: 1,
          unit_price: 50,
          vat: 20,
          title: 'Ek hizmet',
          invoice_platform: 'parasut',
        },
        headers: { 'idempotency-key': randomUUID() },
      }),
    ],
  ];
  const total = operations.reduce((sum, [w]) => sum + w, 0);
  return {
    weights: Object.fromEntries(operations.map(([w, make]) => [make().route, w])),
    next: () => {
      let roll = Math.random() * total;
      for (const [weight, make] of operations) {
        roll -= weight;
        if (roll < 0) return make();
      }
      return operations[0]![1]();
    },
  };
}

// ---------------------------------------------------------------------------------------------
const lag = (values: number[]) =>
  values.length === 0
    ? 'no samples'
    : `p50 ${percentile(values, 50).toFixed(2)} s, p99 ${percentile(values, 99).toFixed(2)} s, max ${Math.max(...values).toFixed(2)} s (${values.length} samples)`;

/** Cumulative read counters of the run's tables and indexes (pg_stat_user_tables / _indexes). */
async function tableReads(
  client: Client,
): Promise<Map<string, { seqScans: number; seqRows: number; indexRows: number }>> {
  const { rows } = await client.query<{
    name: string;
    seq_scan: string;
    seq_tup_read: string;
    idx_tup_read: string;
  }>(
    `select schemaname || '.' || relname as name, seq_scan::text, seq_tup_read::text, '0' as idx_tup_read
       from pg_stat_user_tables
     union all
     select schemaname || '.' || indexrelname, '0', '0', idx_tup_read::text from pg_stat_user_indexes`,
  );
  return new Map(
    rows.map((r) => [
      r.name,
      { seqScans: Number(r.seq_scan), seqRows: Number(r.seq_tup_read), indexRows: Number(r.idx_tup_read) },
    ]),
  );
}

/** What the mix read: the tables most read by sequential scans and the indexes read most, per request. */
function readsDuring(
  before: Awaited<ReturnType<typeof tableReads>>,
  after: Awaited<ReturnType<typeof tableReads>>,
  requests: number,
): string[] {
  const delta = [...after].map(([name, a]) => {
    const b = before.get(name) ?? { seqScans: 0, seqRows: 0, indexRows: 0 };
    return {
      name,
      seqScans: a.seqScans - b.seqScans,
      seqRows: a.seqRows - b.seqRows,
      indexRows: a.indexRows - b.indexRows,
    };
  });
  const per = (n: number) => (n / Math.max(requests, 1)).toFixed(1);
  const seq = delta
    .filter((d) => d.seqRows > 0)
    .toSorted((x, y) => y.seqRows - x.seqRows)
    .slice(0, 4)
    .map((d) => `${d.name} ${d.seqScans} scans, ${d.seqRows} rows (${per(d.seqRows)} per request)`);
  const indexes = delta
    .filter((d) => d.indexRows > 0)
    .toSorted((x, y) => y.indexRows - x.indexRows)
    .slice(0, 3)
    .map((d) => `${d.name} ${d.indexRows} entries (${per(d.indexRows)} per request)`);
  return [
    `sequential scans during the mix: ${seq.length === 0 ? 'none' : seq.join('; ')}`,
    `index entries read, most read indexes: ${indexes.join('; ')}`,
  ];
}

function routeTable(result: LoadResult): string[] {
  const seconds = result.durationMs / 1000;
  const rows = [...result.routes.values()].toSorted((a, b) => b.requests - a.requests);
  const lines = [
    '| route | requests | req/s | p50 ms | p99 ms | non-2xx |',
    '| ----- | -------: | ----: | -----: | -----: | ------: |',
  ];
  for (const r of rows) {
    const failures = Object.values(r.failures).reduce((s, n) => s + n, 0);
    lines.push(
      `| ${r.route} | ${r.requests} | ${(r.requests / seconds).toFixed(1)} | ${fmt(percentile(r.latencies, 50))} | ${fmt(percentile(r.latencies, 99))} | ${failures === 0 ? 0 : `${failures} ${JSON.stringify(r.failures)}`} |`,
    );
  }
  return lines;
}

async function main(): Promise<void> {
  const suffix = randomBytes(3).toString('hex');
  const database = env.BENCH_DATABASE ?? `bench_system_${suffix}`;
  const keep = env.BENCH_KEEP === '1' || env.BENCH_DATABASE !== undefined;
  const dataDir = mkdtempSync(join(tmpdir(), 'orders-bench-system-'));
  // Derived from the database, so that a kept database can be benchmarked again (BENCH_DATABASE):
  // order-api seeds the demo client only when it is missing.
  const demo = {
    clientId: 'bench-client',
    secret: createHash('sha256').update(`bench-system:${database}`).digest('hex').slice(0, 32),
    tenant: 'bench',
  };
  const headers = {
    'x-client-id': demo.clientId,
    'x-client-secret': demo.secret,
    'x-user-id': '00000000-0000-4000-8000-00000000be0c',
  };
  const cpuModel = cpus()[0]?.model ?? 'unknown CPU';
  say(
    `${cpus().length} cores (${cpuModel}), load average ${loads()}; PostgreSQL ${redactUrl(env.DATABASE_URL)}`,
  );
  const kafka = broker();
  let run: Distributed | undefined;
  const crashed: string[] = [];
  const topic = `bench.orders.events.${database}`;
  const cleanUp = async () => {
    await run?.stop(10_000);
    if (!keep) {
      await deleteTopics(kafka.brokers.split(','), [topic, `${topic}.dlq`]).catch((error: unknown) =>
        say(`could not delete the topics: ${String(error)}`),
      );
      await admin((c) => c.query(`drop database if exists ${quoteIdent(database)} with (force)`)).catch(
        (error: unknown) => say(`could not drop ${database}: ${String(error)}`),
      );
      rmSync(dataDir, { recursive: true, force: true });
    } else {
      say(
        `kept database ${database} (BENCH_DATABASE=${database} runs the mix on it again), topic ${topic}, logs in ${dataDir}`,
      );
    }
    kafka.stop();
  };
  process.once('SIGINT', () => void cleanUp().then(() => process.exit(130)));

  try {
    const startedAt = performance.now();
    run = await startDistributed({
      postgresUrl: env.DATABASE_URL,
      database,
      kafkaBrokers: kafka.brokers,
      topic,
      consumerGroup: `bench-vigo-connector-${database}`,
      dataDir,
      demoClient: demo,
      logLevel: 'warn',
      sandboxStepIntervalMs: 1_000,
      readyTimeoutMs: 120_000,
      say: (line) => say(line),
      onUnexpectedExit: (name, status) => crashed.push(`${name} (${status.signal ?? `exit ${status.code}`})`),
    });
    say(`every process ready in ${((performance.now() - startedAt) / 1000).toFixed(1)} s`);
    const [api1] = run.urls.api;

    // Seed with `pnpm seed` itself: every order through the API, in every status.
    const seedStarted = performance.now();
    if (env.BENCH_ORDERS > 0) {
      const seed = spawn(
        process.execPath,
        [
          resolve(repoRoot, 'infra/seed/src/cli.ts'),
          '--orders',
          String(env.BENCH_ORDERS),
          '--url',
          api1,
          '--client-id',
          demo.clientId,
          '--client-secret',
          demo.secret,
          '--concurrency',
          String(env.BENCH_SEED_CONCURRENCY),
          '--seed',
          'bench-system',
          '--vigo',
        ],
        { env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '' }, stdio: 'inherit' },
      );
      const code = await new Promise<number | null>((done) => seed.once('exit', done));
      if (code !== 0) say(`the seed exited with ${code} (some requests failed; see above)`);
    }
    const seedSeconds = (performance.now() - seedStarted) / 1000;
    say(`seeded ${env.BENCH_ORDERS} orders in ${seedSeconds.toFixed(0)} s; waiting for the projections`);
    for (;;) {
      const [projector, relay] = await Promise.all([
        scrape(`${run.urls.projector}/metrics`),
        scrape(`${run.urls.relay}/metrics`),
      ]);
      if (sumOf(projector, 'projection_lag_events') === 0 && sumOf(relay, 'relay_lag_events') === 0) break;
      await sleep(500);
    }
    // The steady state autovacuum keeps a database in: statistics and no dead rows from the
    // seed. Without them the planner guesses, and on this machine's PostgreSQL autovacuum is off.
    const vacuum = new Client({ connectionString: run.databaseUrl });
    await vacuum.connect();
    const autovacuum = (await vacuum.query<{ autovacuum: string }>('show autovacuum')).rows[0]?.autovacuum;
    const vacuumStarted = performance.now();
    await vacuum.query('vacuum analyze');
    await vacuum.end();
    say(
      `vacuum analyze in ${((performance.now() - vacuumStarted) / 1000).toFixed(1)} s (autovacuum is ${autovacuum})`,
    );
    const pools = await collectPools(api1, headers);
    say(
      `${pools.orders.length} orders (${pools.open.length} open), ${pools.customers.length} customers, ${pools.branches.length} branches`,
    );

    const bases = run.urls.api;
    const connections = env.BENCH_CONNECTIONS;
    say(`baseline: GET /health, ${connections} connections, ${env.BENCH_BASELINE_SECONDS} s`);
    const baseline = await runMixedLoad({
      bases,
      connections,
      durationMs: env.BENCH_BASELINE_SECONDS * 1000,
      warmupMs: 2_000,
      headers: {},
      next: () => ({ route: 'GET /health', method: 'GET', path: '/health' }),
    });

    const loadBefore = loads();
    say(
      `mixed load: ${connections} connections, ${env.BENCH_WARMUP_SECONDS} s warm-up + ${env.BENCH_SECONDS} s`,
    );
    const { next, weights } = mix(pools);
    const ordersAtStart = pools.orders.length;
    const stats = new Client({ connectionString: run.databaseUrl });
    await stats.connect();
    const readsBefore = await tableReads(stats);
    const sampler = startSampler(run, env.BENCH_WARMUP_SECONDS * 1000, {
      postgres: async () =>
        (
          await stats.query<{ pid: number }>(
            'select pid from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()',
          )
        ).rows.map((r) => r.pid),
      brokerPid: brokerPid(kafka.brokers),
    });
    const mixed = await runMixedLoad({
      bases,
      connections,
      durationMs: env.BENCH_SECONDS * 1000,
      warmupMs: env.BENCH_WARMUP_SECONDS * 1000,
      headers,
      next,
    });
    const samples = await sampler.stop();
    await sleep(1_500); // backends report their counters when idle
    const readsAfter = await tableReads(stats);
    await stats.end();
    const loadAfter = loads();

    // ---- results -----------------------------------------------------------------------------
    const seconds = mixed.durationMs / 1000;
    const reads = [...mixed.routes.values()].filter((r) => r.route.startsWith('GET'));
    const readCount = reads.reduce((s, r) => s + r.requests, 0);
    const health = baseline.routes.get('GET /health')!;
    const lines = [
      '',
      `## System benchmark (${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC)`,
      '',
      `machine: ${cpus().length} cores (${cpuModel}); load average before the mix ${loadBefore}, after ${loadAfter}`,
      `data: ${env.BENCH_ORDERS} orders seeded by \`pnpm seed --vigo\` in ${seedSeconds.toFixed(0)} s; ${ordersAtStart} orders when the mix started; \`vacuum analyze\` after the seed (autovacuum ${autovacuum})`,
      `mix (weights): ${Object.entries(weights)
        .map(([route, w]) => `${route} ${w}`)
        .join(', ')}`,
      '',
      `baseline GET /health (both replicas, ${connections} connections, ${(baseline.durationMs / 1000).toFixed(0)} s): ` +
        `${(health.requests / (baseline.durationMs / 1000)).toFixed(0)} req/s, p50 ${fmt(percentile(health.latencies, 50))} ms, p99 ${fmt(percentile(health.latencies, 99))} ms`,
      `mixed load (${connections} connections, ${seconds.toFixed(0)} s after ${env.BENCH_WARMUP_SECONDS} s warm-up): ` +
        `${(mixed.requests / seconds).toFixed(1)} req/s (reads ${(readCount / seconds).toFixed(1)}/s, commands ${((mixed.requests - readCount) / seconds).toFixed(1)}/s)`,
      '',
      ...routeTable(mixed),
      '',
      `projection lag (projector /metrics, max over projections, sampled each second): ${lag(samples.projectionLag)}`,
      `relay lag (relay /metrics relay_lag_seconds): ${lag(samples.relayLag)}`,
      ...readsDuring(readsBefore, readsAfter, mixed.sent),
      '',
      '| process | CPU (mean, % of one core) | RSS max (MB) |',
      '| ------- | ------------------------: | -----------: |',
      ...[...samples.processes.entries()].map(([name, s]) => {
        const wall = s.firstAt !== undefined && s.lastAt !== undefined ? (s.lastAt - s.firstAt) / 1000 : 0;
        const cpu = wall > 0 ? ((s.cpuSeconds / wall) * 100).toFixed(0) : '-';
        return `| ${name} | ${cpu} | ${(s.maxRss / 1024 / 1024).toFixed(0)} |`;
      }),
    ];
    if (crashed.length > 0) lines.push('', `processes that exited during the run: ${crashed.join(', ')}`);
    const failures = [...mixed.routes.values()].filter((r) => r.firstFailure);
    if (failures.length > 0) {
      lines.push('', 'first failure per route:', ...failures.map((r) => `  ${r.route}: ${r.firstFailure}`));
    }
    process.stdout.write(`${lines.join('\n')}\n`);
  } finally {
    await cleanUp();
  }
}

await main();
