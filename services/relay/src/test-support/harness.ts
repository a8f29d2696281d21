// What the relay's integration tests share: a database with the event store and a consumer's
// tables, writers that append realistic order events concurrently, a consumer built with
// messaging's runConsumer, relay processes, and the checks of "exactly once, in order".
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';
import { publicOrderEvent, type PublicOrderEvent } from '@orders/contracts';
import { migrateEventStore, migrationsHash, type EventStore } from '@orders/event-store';
import { migrateConsumerDedupe, runConsumer, type RunningConsumer } from '@orders/messaging';
import { orderHistory, type OrderHistory } from '@orders/order-events/testing';
import { createTestDatabase, type TestDatabase } from '@orders/testing';
import pg from 'pg';
import { expect } from 'vitest';

/** The event store's schema, the dedupe table and the test consumer's `applied` table. */
export async function relayTestDatabase(): Promise<TestDatabase> {
  const database = await createTestDatabase({
    template: {
      name: `tpl_relay_${migrationsHash()}_v1`,
      migrate: async (url) => {
        await migrateEventStore(url);
        const pool = new pg.Pool({ connectionString: url, max: 1 });
        try {
          await migrateConsumerDedupe(pool);
          await pool.query(`create table applied (
            id bigserial primary key, consumer text not null, event_id text not null, order_id text not null,
            stream_version integer not null, type text not null)`);
        } finally {
          await pool.end();
        }
      },
    },
  });
  // Commits here do not wait for the WAL flush: what these tests check is delivery through
  // the relay and Kafka, not PostgreSQL's own durability (no PostgreSQL crash is simulated), and
  // one fsync per consumer transaction made the 50,000-event test fsync-bound on a shared disk.
  const client = new pg.Client({ connectionString: database.url });
  await client.connect();
  try {
    await client.query(`alter database "${database.name}" set synchronous_commit = off`);
  } finally {
    await client.end();
  }
  return database;
}

/**
 * A pool on a test database. Dropping the database at the end ends its sessions (57P01); a
 * client still closing then reports an error that must not fail the run.
 */
export function testPool(url: string, max: number): pg.Pool {
  const pool = new pg.Pool({ connectionString: url, max });
  pool.on('error', (error: Error & { code?: string }) => {
    if (error.code !== '57P01') throw error;
  });
  return pool;
}

/** Realistic order histories (the domain's decider), `eventsPerOrder` events each. */
export function orders(count: number, eventsPerOrder: number, firstSeq = 1): OrderHistory[] {
  return Array.from({ length: count }, (_, i) => orderHistory({ events: eventsPerOrder, seq: firstSeq + i }));
}

/**
 * `writers` concurrent writers append the orders' events with the event store's `append`,
 * each order in several appends (as commands would), each append with its expected version.
 */
export async function appendConcurrently(
  store: EventStore,
  histories: readonly OrderHistory[],
  options: { writers: number; perAppend?: number; pauseMs?: number },
): Promise<void> {
  const perAppend = options.perAppend ?? 5;
  let next = 0;
  const writer = async () => {
    for (;;) {
      const history = histories[next++];
      if (!history) return;
      for (let from = 0; from < history.events.length; from += perAppend) {
        await store.append(history.streamId, history.events.slice(from, from + perAppend), {
          expectedVersion: from === 0 ? 'no_stream' : BigInt(from),
          streamType: 'order',
          tenantId: history.tenantId,
        });
      }
      if (options.pauseMs) await new Promise((resolve) => setTimeout(resolve, options.pauseMs));
    }
  };
  await Promise.all(Array.from({ length: options.writers }, writer));
}

export interface TestConsumer {
  consumer: RunningConsumer;
  /** Messages the helper skipped as duplicates (their event id was applied already). */
  duplicates: () => number;
  deadLettered: () => { reason: string; eventId: string; offset: string }[];
  /** What the consumer reported besides applied messages (assignments, rebalances, crashes). */
  notices: () => string[];
}

/** A consumer of the relay's topic built with messaging's runConsumer: it records each event in `applied`. */
export function startConsumer(options: {
  brokers: readonly string[];
  topic: string;
  groupId: string;
  pool: pg.Pool;
  partitionsConsumedConcurrently?: number;
}): TestConsumer {
  let duplicates = 0;
  const deadLettered: { reason: string; eventId: string; offset: string }[] = [];
  const notices: string[] = [];
  const consumer = runConsumer<PublicOrderEvent>({
    brokers: options.brokers,
    groupId: options.groupId,
    topics: [options.topic],
    schema: publicOrderEvent,
    pool: options.pool,
    retry: { maxAttempts: 3, initialBackoffMs: 50, maxBackoffMs: 500 },
    partitionsConsumedConcurrently: options.partitionsConsumedConcurrently ?? 1,
    // Runs of a partition's messages share a transaction (each still claims its own event id):
    // one transaction per message made the 50,000-event test wait on the consumer.
    maxMessagesPerTransaction: 200,
    onEvent: (event) => {
      if (!['applied', 'duplicate'].includes(event.type))
        notices.push(`${new Date().toISOString()} ${JSON.stringify(event)}`);
      if (event.type === 'duplicate') duplicates += 1;
      if (event.type === 'dead-lettered')
        deadLettered.push({ reason: event.reason, eventId: event.eventId, offset: event.offset });
    },
    handler: async (message, tx) => {
      const event = message.value;
      await tx.query(
        'insert into applied (consumer, event_id, order_id, stream_version, type) values ($1, $2, $3, $4, $5)',
        [options.groupId, event.eventId, event.orderId, event.streamVersion, event.type],
      );
    },
  });
  return {
    consumer,
    duplicates: () => duplicates,
    deadLettered: () => deadLettered,
    notices: () => notices.slice(-20),
  };
}

export async function appliedCount(pool: pg.Pool, consumer: string): Promise<number> {
  const { rows } = await pool.query<{ n: number }>(
    'select count(*)::int as n from applied where consumer = $1',
    [consumer],
  );
  return rows[0]!.n;
}

/** Every event of `histories` applied exactly once by `consumer`, each order's in stream order. */
export async function expectExactlyOnceInOrder(
  pool: pg.Pool,
  consumer: string,
  histories: readonly OrderHistory[],
): Promise<void> {
  const { rows } = await pool.query<{ event_id: string; order_id: string; stream_version: number }>(
    'select event_id, order_id, stream_version from applied where consumer = $1 order by id',
    [consumer],
  );
  const expected = histories.flatMap((h) => h.events.map((e) => e.eventId));
  expect(rows.length).toBe(expected.length);
  const seen = new Set(rows.map((r) => r.event_id));
  expect(seen.size).toBe(expected.length);
  expect(expected.filter((id) => !seen.has(id))).toEqual([]);
  const byOrder = new Map<string, number[]>();
  for (const row of rows) {
    const versions = byOrder.get(row.order_id) ?? [];
    versions.push(row.stream_version);
    byOrder.set(row.order_id, versions);
  }
  const outOfOrder = histories.filter((h) => {
    const versions = byOrder.get(h.orderId) ?? [];
    return versions.length !== h.events.length || versions.some((v, i) => v !== i + 1);
  });
  expect(outOfOrder.map((h) => h.orderId)).toEqual([]);
}

/**
 * Polls `check` until it holds; on timeout the error says what was awaited and, with `explain`,
 * the state of things (relay status, long transactions) so that a failure can be read.
 */
export async function eventually(
  what: string,
  check: () => Promise<boolean> | boolean,
  timeoutMs = 180_000,
  explain?: () => Promise<unknown> | unknown,
) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) {
      const state = explain
        ? `\n${JSON.stringify(await explain(), (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : v), 2)}`
        : '';
      throw new Error(`timed out after ${timeoutMs} ms waiting for: ${what}${state}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * Sessions of the whole PostgreSQL server holding a snapshot or a transaction id for over a
 * second: they hold back xmin, and with it every gap-safe reader (see the event store's README).
 */
export async function longTransactions(pool: pg.Pool): Promise<unknown[]> {
  const { rows } = await pool.query(
    `select datname, pid, application_name, state, (now() - xact_start)::text as age, left(query, 100) as query
       from pg_stat_activity
      where (backend_xid is not null or backend_xmin is not null) and now() - xact_start > interval '1 second'
      order by xact_start`,
  );
  return rows;
}

/** A TCP port nothing listens on now (and, with `pair`, the next one too). */
const isFree = (port: number) =>
  new Promise<boolean>((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });

export async function freePort(pair = false): Promise<number> {
  for (;;) {
    const port = 20_000 + Math.floor(Math.random() * 40_000);
    if ((await isFree(port)) && (!pair || (await isFree(port + 1)))) return port;
  }
}

const serverPath = fileURLToPath(new URL('../server.ts', import.meta.url));

export interface RelayProcess {
  process: ChildProcess;
  port: number;
  /** The relay's /status, or null while it does not answer. */
  status(): Promise<{
    active: boolean;
    published: number;
    eventsApplied: number;
    lastError: string | null;
  } | null>;
  /** Resolves with the exit code or signal. */
  exited: Promise<number | string | null>;
  output(): string;
}

/** Starts `node src/server.ts` (the real relay) with `env` on a free port. */
export async function spawnRelay(env: Record<string, string>): Promise<RelayProcess> {
  const port = await freePort();
  const child = spawn(process.execPath, [serverPath], {
    env: { PATH: process.env['PATH'] ?? '', LOG_LEVEL: 'warn', ...env, PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = new Promise<number | string | null>((resolve) =>
    child.once('exit', (code, signal) => resolve(signal ?? code)),
  );
  return {
    process: child,
    port,
    exited,
    output: () => output,
    async status() {
      try {
        const response = await fetch(`http://127.0.0.1:${port}/status`, {
          signal: AbortSignal.timeout(2_000),
        });
        return response.ok ? ((await response.json()) as Awaited<ReturnType<RelayProcess['status']>>) : null;
      } catch {
        return null;
      }
    },
  };
}
