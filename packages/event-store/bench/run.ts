/**
 * `pnpm bench`: the event store against a raw INSERT baseline and Emmett, in one run on one
 * fresh database of DATABASE_URL's server. Prints one table with each figure, its target and
 * PASS/MISS. Append cases run in interleaved rounds so that load from other processes on the
 * machine falls on every case alike.
 */
import { randomUUID } from 'node:crypto';
import { databaseUrlFor, ensureDatabase, quoteIdent } from '@orders/local-postgres';
import pg from 'pg';
import {
  createEventStore,
  createSubscription,
  migrateEventStore,
  type EventStore,
  type EventStoreOptions,
} from '../src/index.ts';

const serverUrl = process.env['DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 3);
const ROUND_MS = Number(process.env['BENCH_ROUND_MS'] ?? 1_500);
const CATCH_UP_EVENTS = Number(process.env['BENCH_CATCH_UP_EVENTS'] ?? 1_000_000);
const BATCH_EVENTS = Number(process.env['BENCH_BATCH_EVENTS'] ?? 200_000);

const dbName = `es_bench_${Date.now().toString(36)}`;
const url = databaseUrlFor(serverUrl, dbName);
const payload = (n: number) => ({ orderId: `o-${n}`, amount: n % 10_000, note: 'benchmark event' });

/** Runs `writers` loops for `ms`, each calling `step(writer)` in turn; returns calls done. */
async function timed(writers: number, ms: number, step: (writer: number) => Promise<void>): Promise<number> {
  let done = 0;
  const end = performance.now() + ms;
  await Promise.all(
    Array.from({ length: writers }, async (_, writer) => {
      while (performance.now() < end) {
        await step(writer);
        done += 1;
      }
    }),
  );
  return done;
}

interface AppendCase {
  label: string;
  writers: number;
  setup(): Promise<void>;
  /** One append on writer `w`'s own stream. */
  step(writer: number): Promise<void>;
  teardown(): Promise<void>;
  count: number;
  ms: number;
}

function rawCase(writers: number): AppendCase {
  let pool: pg.Pool;
  const versions: number[] = Array(writers).fill(0);
  const prefix = randomUUID().slice(0, 8);
  return {
    label: '(a) raw pg INSERT, autocommit',
    writers,
    count: 0,
    ms: 0,
    async setup() {
      pool = new pg.Pool({ connectionString: url, max: writers });
    },
    async step(w) {
      versions[w]! += 1;
      await pool.query(
        'insert into raw_events (stream_id, stream_version, event_id, type, data, metadata) values ($1, $2, $3, $4, $5, $6)',
        [`${prefix}-${w}`, versions[w], randomUUID(), 'BenchEvent', payload(versions[w]!), {}],
      );
    },
    teardown: () => pool.end(),
  };
}

function ourCase(
  writers: number,
  extra: Partial<EventStoreOptions> = {},
  label = '(b) event-store append',
): AppendCase & { store(): EventStore } {
  let store: EventStore;
  const versions: bigint[] = Array(writers).fill(0n);
  const prefix = randomUUID().slice(0, 8);
  return {
    label,
    writers,
    count: 0,
    ms: 0,
    store: () => store,
    async setup() {
      store = createEventStore({
        connectionString: url,
        poolSize: 10,
        ...(process.env['BENCH_IN_FLIGHT']
          ? { maxInFlightBatches: Number(process.env['BENCH_IN_FLIGHT']) }
          : {}),
      });
    },
    async step(w) {
      const v = versions[w]!;
      const result = await store.append(
        `${prefix}-${w}`,
        [{ eventId: randomUUID(), type: 'BenchEvent', data: payload(Number(v)) }],
        { expectedVersion: v === 0n ? 'no_stream' : v },
      );
      versions[w] = result.nextVersion;
    },
    teardown: () => store.close(),
  };
}

interface EmmettStore {
  appendToStream(
    stream: string,
    events: Array<{ type: string; data: Record<string, unknown> }>,
    options: { expectedStreamVersion: bigint },
  ): Promise<{ nextExpectedStreamVersion: bigint }>;
  close(): Promise<void>;
}

function emmettCase(writers: number): AppendCase {
  let store: EmmettStore;
  const versions: bigint[] = Array(writers).fill(0n);
  const prefix = randomUUID().slice(0, 8);
  return {
    label: '(c) emmett-postgresql appendToStream',
    writers,
    count: 0,
    ms: 0,
    async setup() {
      const { getPostgreSQLEventStore } = await import('@event-driven-io/emmett-postgresql');
      store = getPostgreSQLEventStore(url) as unknown as EmmettStore;
    },
    async step(w) {
      const result = await store.appendToStream(
        `${prefix}-${w}`,
        [{ type: 'BenchEvent', data: payload(Number(versions[w])) }],
        { expectedStreamVersion: versions[w]! },
      );
      versions[w] = result.nextExpectedStreamVersion;
    },
    teardown: () => store.close(),
  };
}

async function runAppendCases(cases: AppendCase[]): Promise<void> {
  for (const c of cases) {
    await c.setup();
    await timed(c.writers, 300, (w) => c.step(w)); // warm-up: schema, prepared statements, pools
  }
  for (let round = 0; round < ROUNDS; round += 1) {
    const order = round % 2 === 0 ? cases : cases.toReversed();
    for (const c of order) {
      const start = performance.now();
      c.count += await timed(c.writers, ROUND_MS, (w) => c.step(w));
      c.ms += performance.now() - start;
    }
  }
  for (const c of cases) await c.teardown();
}

const rate = (c: { count: number; ms: number }) => (c.count * 1000) / c.ms;

async function batchAppendRate(): Promise<{ rate: number; transactions: number }> {
  const store = createEventStore({ connectionString: url, poolSize: 4 });
  const perTransaction = 100;
  const callers = 4;
  const transactions = Math.ceil(BATCH_EVENTS / perTransaction);
  let next = 0;
  const start = performance.now();
  await Promise.all(
    Array.from({ length: callers }, async () => {
      while (next < transactions) {
        const t = next++;
        // 10 streams x 10 events, all or nothing, in one transaction.
        await store.appendMany(
          Array.from({ length: 10 }, (_, s) => ({
            streamId: `batch-${t}-${s}`,
            expectedVersion: 'no_stream' as const,
            events: Array.from({ length: perTransaction / 10 }, (_, e) => ({
              eventId: randomUUID(),
              type: 'BenchEvent',
              data: payload(e),
            })),
          })),
        );
      }
    }),
  );
  const seconds = (performance.now() - start) / 1000;
  await store.close();
  return { rate: (transactions * perTransaction) / seconds, transactions };
}

async function catchUpRate(): Promise<{ rate: number; loadRate: number }> {
  const store = createEventStore({ connectionString: url, poolSize: 6 });
  const before = await store.pool.query<{ n: string }>('select count(*) as n from event_store.events');
  const existing = Number(before.rows[0]?.n ?? 0);
  const toLoad = Math.max(0, CATCH_UP_EVENTS - existing);
  const perCall = 1_000;
  let next = 0;
  const calls = Math.ceil(toLoad / perCall);
  const loadStart = performance.now();
  await Promise.all(
    Array.from({ length: 4 }, async () => {
      while (next < calls) {
        const t = next++;
        await store.appendMany(
          Array.from({ length: 10 }, (_, s) => ({
            streamId: `load-${t}-${s}`,
            expectedVersion: 'no_stream' as const,
            events: Array.from({ length: perCall / 10 }, (_, e) => ({
              eventId: randomUUID(),
              type: 'BenchEvent',
              data: payload(e),
            })),
          })),
        );
      }
    }),
  );
  const loadRate = (calls * perCall) / ((performance.now() - loadStart) / 1000);
  await store.pool.query('vacuum analyze event_store.events');
  const total = Number(
    (await store.pool.query<{ n: string }>('select count(*) as n from event_store.events')).rows[0]?.n ?? 0,
  );

  let applied = 0;
  let resolveDone: () => void = () => undefined;
  const done = new Promise<void>((resolve) => (resolveDone = resolve));
  const subscription = createSubscription({
    name: `bench-${Date.now()}`,
    store,
    mode: 'read-model',
    batchSize: 5_000,
    pollIntervalMs: 200,
    handler: async (events) => {
      applied += events.length;
      if (applied >= total) resolveDone();
    },
  });
  const start = performance.now();
  await subscription.start();
  await done;
  const seconds = (performance.now() - start) / 1000;
  await subscription.stop();
  await store.close();
  return { rate: total / seconds, loadRate };
}

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

async function main(): Promise<void> {
  await ensureDatabase(serverUrl, dbName);
  console.log(
    `database ${dbName} on ${new URL(serverUrl).host}; ${ROUNDS} rounds x ${ROUND_MS} ms per append case`,
  );
  await migrateEventStore(url);
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query('create table raw_events (like event_store.events including all)');

  const raw = [rawCase(1), rawCase(8)];
  const ours = [ourCase(1), ourCase(8), ourCase(32)];
  const emmett = [emmettCase(1), emmettCase(8), emmettCase(32)];
  let emmettError: string | undefined;
  try {
    await emmett[0]!.setup();
    await emmett[0]!.step(0);
    await emmett[0]!.teardown();
  } catch (error) {
    emmettError = error instanceof Error ? error.message : String(error);
  }
  // Each writer count in its own interleaved group, so each comparison sees the same load.
  await runAppendCases([raw[0]!, ours[0]!, ...(emmettError ? [] : [emmett[0]!])]);
  await runAppendCases([raw[1]!, ours[1]!, ...(emmettError ? [] : [emmett[1]!])]);
  await runAppendCases([ours[2]!, ...(emmettError ? [] : [emmett[2]!])]);
  const batch = await batchAppendRate();
  const catchUp = await catchUpRate();

  type Row = [string, string, string, string, string, string];
  const rows: Row[] = [];
  const add = (
    label: string,
    writers: string,
    figure: number,
    target: string,
    ratio: string,
    verdict: string,
  ) => rows.push([label, writers, fmt(figure), target, ratio, verdict]);
  for (const c of raw) add(c.label, String(c.writers), rate(c), '-', '-', '-');
  for (const c of ours) {
    const stats = c.store().groupCommitStats;
    const perBatch = stats.batches ? (stats.appends / stats.batches).toFixed(1) : '-';
    if (c.writers === 1) {
      const ratio = rate(c) / rate(raw[0]!);
      add(
        `${c.label} (${perBatch}/tx)`,
        '1',
        rate(c),
        '>= 0.80 x (a)@1',
        ratio.toFixed(2),
        ratio >= 0.8 ? 'PASS' : 'MISS',
      );
    } else {
      const other = emmett.find((e) => e.writers === c.writers)!;
      const ratio = emmettError ? Number.NaN : rate(c) / rate(other);
      add(
        `${c.label} (${perBatch}/tx)`,
        String(c.writers),
        rate(c),
        `>= 3 x (c)@${c.writers}`,
        emmettError ? 'n/a' : `${ratio.toFixed(2)}`,
        emmettError ? 'MISS' : ratio >= 3 ? 'PASS' : 'MISS',
      );
    }
  }
  for (const c of emmett) {
    if (emmettError) rows.push([c.label, String(c.writers), 'n/a', '-', '-', `not run: ${emmettError}`]);
    else add(c.label, String(c.writers), rate(c), '-', '-', '-');
  }
  add(
    '(d) appendMany, 100 events/tx (10 streams)',
    '4',
    batch.rate,
    '>= 60,000 ev/s',
    '-',
    batch.rate >= 60_000 ? 'PASS' : 'MISS',
  );
  add(
    `(e) subscription catch-up over ${fmt(CATCH_UP_EVENTS)} events`,
    '1',
    catchUp.rate,
    '>= 50,000 ev/s',
    '-',
    catchUp.rate >= 50_000 ? 'PASS' : 'MISS',
  );

  const header: Row = ['case', 'writers', 'events/s', 'target', 'ratio', 'result'];
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (r: string[]) => `| ${r.map((cell, i) => cell.padEnd(widths[i]!)).join(' | ')} |`;
  console.log(line(header));
  console.log(`|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`);
  for (const r of rows) console.log(line(r));
  console.log(
    `(loading the ${fmt(CATCH_UP_EVENTS)} events for (e) ran at ${fmt(catchUp.loadRate)} events/s)`,
  );

  await admin.end();
  const cleanup = new pg.Client({ connectionString: databaseUrlFor(serverUrl, 'postgres') });
  await cleanup.connect();
  await cleanup.query(`drop database if exists ${quoteIdent(dbName)} with (force)`);
  await cleanup.end();
}

await main();
