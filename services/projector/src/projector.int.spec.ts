// The projector process (src/server.ts) killed with SIGKILL in the middle of a batch and
// started again: every read model ends equal to a full rebuild from position 0.
import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createEventStore, type EventStore } from '@orders/event-store';
import { projectionReached, type ReadModelTables } from '@orders/read-models';
import { appendSeed, generateOrders, readModelsTemplate } from '@orders/read-models/test-support';
import { createTestDatabase, type TestDatabase } from '@orders/testing';
import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectorProjections } from './projections/index.ts';
import { dropShadow, rebuildProjection } from './rebuild/run.ts';
import { differences, eventually } from './test-support/compare.ts';

const server = resolve(fileURLToPath(import.meta.url), '../server.ts');
let database: TestDatabase;
let store: EventStore;
let db: Kysely<ReadModelTables>;
let end: bigint;
const children: ChildProcess[] = [];

function startProjector(port: number): ChildProcess {
  const child = spawn(process.execPath, [server], {
    env: {
      ...process.env,
      DATABASE_URL: database.url,
      PORT: String(port),
      LOG_LEVEL: 'warn',
      PROJECTOR_BATCH_SIZE: '150',
      PROJECTOR_POLL_INTERVAL_MS: '100',
      MIGRATE_ON_START: 'false',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  children.push(child);
  return child;
}

const allReached = async () => {
  for (const p of projectorProjections)
    if (!(await projectionReached(db, p.projection.name, end))) return false;
  return true;
};

beforeAll(async () => {
  database = await createTestDatabase({ template: readModelsTemplate });
  store = createEventStore({ connectionString: database.url, poolSize: 4 });
  db = store.db as unknown as Kysely<ReadModelTables>;
  await appendSeed(store, generateOrders({ count: 2_500, seed: 21, tenants: ['tenant-a', 'tenant-b'] }), 250);
  const { rows } = await sql<{
    max: string;
  }>`select max(position)::text as max from event_store.events`.execute(db);
  end = BigInt(rows[0]!.max);
}, 120_000);

afterAll(async () => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGKILL');
  await store?.close();
  await database?.drop();
});

describe('projector killed with SIGKILL mid-batch', () => {
  it('restarts where its checkpoints are and ends equal to a full rebuild', async () => {
    const first = startProjector(0);
    // Mid-batch: a projector connection inside an open transaction that has written (holds an xid).
    await eventually(
      async () => {
        const { rows } = await sql<{ n: number }>`select count(*)::int as n from pg_stat_activity
          where datname = current_database() and application_name = 'projector' and backend_xid is not null`.execute(
          db,
        );
        return rows[0]!.n > 0;
      },
      120_000,
      'a projector batch in flight',
    );
    first.kill('SIGKILL');
    await new Promise((done) => first.once('exit', done));
    const { rows: at } = await sql<{ name: string; position: string }>`select name, position::text
      from event_store.subscription_checkpoints`.execute(db);
    const positions = at.map((r) => BigInt(r.position));
    expect(positions.some((p) => p < end)).toBe(true);

    const second = startProjector(0);
    await eventually(allReached, 90_000, 'the restarted projector to catch up');
    second.kill('SIGTERM');
    await new Promise((done) => second.once('exit', done));
    expect(second.exitCode).toBe(0);

    for (const projector of projectorProjections) {
      await rebuildProjection({ store, projector, fresh: true, swap: false, progress: null });
      const diff = await differences(db, projector.projection);
      for (const [table, d] of Object.entries(diff)) {
        expect(d, `${table} after the crash vs a full rebuild`).toEqual({
          onlyLive: 0,
          onlyRebuilt: 0,
          rows: d.rows,
        });
        expect(d.rows, table).toBeGreaterThan(0);
      }
      await dropShadow(db, projector.projection);
    }
  }, 300_000);

  it('serves /health, /ready and /metrics with each projection’s position and lag', async () => {
    const port = 31_000 + Math.floor(Math.random() * 2_000);
    const child = startProjector(port);
    const base = `http://127.0.0.1:${port}`;
    await eventually(
      () =>
        fetch(`${base}/ready`).then(
          (r) => r.ok,
          () => false,
        ),
      30_000,
      'the projector to be ready',
    );
    // Every projection reaches the end of the log and reports its lag (on a loaded machine the
    // projections get there one after another, and each reports lag once it has measured it).
    const shown = (metrics: string) =>
      projectorProjections
        .map((p) => p.projection.name)
        .every(
          (name) =>
            new RegExp(`projection_position\\{[^}]*projection="${name}"[^}]*\\} ${end}`).test(metrics) &&
            new RegExp(`projection_lag_seconds\\{[^}]*projection="${name}"`).test(metrics),
        );
    await eventually(
      async () =>
        /projection_lag_events\{[^}]*projection="order-list"[^}]*\} 0/.test(
          await (await fetch(`${base}/metrics`)).text(),
        ) && shown(await (await fetch(`${base}/metrics`)).text()),
      90_000,
      'every projection at the end of the log, with its lag, in /metrics',
    );
    const metrics = await (await fetch(`${base}/metrics`)).text();
    for (const name of projectorProjections.map((p) => p.projection.name)) {
      expect(metrics).toMatch(new RegExp(`projection_position\\{[^}]*projection="${name}"[^}]*\\} ${end}`));
      expect(metrics).toMatch(new RegExp(`projection_lag_seconds\\{[^}]*projection="${name}"`));
    }
    expect((await fetch(`${base}/health`)).status).toBe(200);
    child.kill('SIGTERM');
    await new Promise((done) => child.once('exit', done));
  }, 150_000);
});
