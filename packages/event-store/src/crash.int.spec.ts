import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { TestDatabase } from '@orders/testing';
import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { EventStore } from './store.ts';
import { event, eventStoreDatabase, storeFactory, uniqueStream, waitFor } from './test-support/database.ts';

const worker = fileURLToPath(new URL('./test-support/read-model-worker.ts', import.meta.url));
const TOTAL = 400;

let database: TestDatabase;
const stores = storeFactory(() => database);
let store: EventStore;
const children: ChildProcess[] = [];

beforeAll(async () => {
  database = await eventStoreDatabase();
  store = stores.open();
  await sql`create table crash_applied (event_id uuid not null, pid int not null)`.execute(raw());
});
afterAll(async () => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  await stores.closeAll();
  await database?.drop();
});

function raw(): Kysely<never> {
  return store.db as unknown as Kysely<never>;
}

/** Starts the worker; `batches` counts the `applying` lines it printed. */
function startWorker() {
  const child = spawn(process.execPath, [worker], {
    env: { ...process.env, DATABASE_URL: database.url, SUBSCRIPTION: 'crash-projection' },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  children.push(child);
  const state = { batches: 0, exited: false };
  child.stdout!.on('data', (chunk: Buffer) => {
    state.batches += chunk
      .toString()
      .split('\n')
      .filter((line) => line.startsWith('applying')).length;
  });
  child.on('exit', () => (state.exited = true));
  return { child, state };
}

async function counts() {
  const { rows } = await sql<{ total: number; distinct: number; pids: number }>`select count(*)::int as total,
    count(distinct event_id)::int as distinct, count(distinct pid)::int as pids from crash_applied`.execute(
    raw(),
  );
  return rows[0]!;
}

it('applies every event exactly once across a SIGKILL of the subscriber mid-batch and a restart', async () => {
  for (let i = 0; i < 8; i += 1) {
    await store.append(
      uniqueStream('crash'),
      Array.from({ length: TOTAL / 8 }, (_, n) => event('Tick', { n })),
      {
        expectedVersion: 'no_stream',
      },
    );
  }

  const first = startWorker();
  // Let it commit a few batches, then kill it while it is inside one (each batch sleeps 300 ms
  // after writing its rows, before its transaction commits).
  await waitFor(() => first.state.batches >= 3, 20_000, 'the first worker to apply batches');
  first.child.kill('SIGKILL');
  await waitFor(() => first.state.exited, 5_000, 'the first worker to die');
  const afterKill = await counts();
  expect(afterKill.total).toBeLessThan(TOTAL);
  expect(afterKill.total).toBe(afterKill.distinct);
  // the batch it was applying rolled back with its transaction: only whole batches remain, and
  // fewer than it had started
  expect(afterKill.total % 25).toBe(0);
  expect(afterKill.total).toBeLessThan(first.state.batches * 25);

  const second = startWorker();
  await waitFor(async () => (await counts()).total >= TOTAL, 30_000, 'the restarted worker to catch up');
  second.child.kill('SIGTERM');
  await waitFor(() => second.state.exited, 10_000, 'the second worker to stop');

  expect(await counts()).toEqual({ total: TOTAL, distinct: TOTAL, pids: 2 });
  const { rows } = await sql<{ position: string }>`select position from event_store.subscription_checkpoints
    where name = 'crash-projection'`.execute(raw());
  const last = (await store.readAll({ maxCount: 10_000 })).checkpoint;
  expect(BigInt(rows[0]!.position)).toBe(last.position);
});
