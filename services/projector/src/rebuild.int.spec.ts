// Rebuilds: into shadow tables and swapped in while writes go on and readers keep reading; and
// the CLI killed in the middle and run again, resuming from the shadow's own checkpoint.
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomUUID } from 'node:crypto';
import { eventSchemaVersions } from '@orders/domain';
import { createEventStore, type EventStore } from '@orders/event-store';
import { projectionReached, type ReadModelTables } from '@orders/read-models';
import {
  appendSeed,
  generateOrders,
  readModelsTemplate,
  toNewEvent,
  type SeedOrder,
} from '@orders/read-models/test-support';
import { createLogger } from '@orders/service-kit';
import { createTestDatabase, type TestDatabase } from '@orders/testing';
import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { projectorProjection, type ProjectorProjection } from './projections/index.ts';
import { dropShadow, rebuildProjection } from './rebuild/run.ts';
import { createProjector } from './runner.ts';
import { differences, eventually } from './test-support/compare.ts';

const cli = resolve(fileURLToPath(import.meta.url), '../rebuild.ts');
let database: TestDatabase;
let store: EventStore;
let db: Kysely<ReadModelTables>;
let orders: SeedOrder[];

beforeAll(async () => {
  database = await createTestDatabase({ template: readModelsTemplate });
  store = createEventStore({ connectionString: database.url, poolSize: 6 });
  db = store.db as unknown as Kysely<ReadModelTables>;
  orders = generateOrders({ count: 2_000, seed: 31, tenants: ['tenant-a', 'tenant-b'] });
  await appendSeed(store, orders, 250);
}, 120_000);

afterAll(async () => {
  await store?.close();
  await database?.drop();
});

/** The projector's live group of these projections, started (small batches, quick polls). */
async function startLive(projections: ProjectorProjection[]) {
  const live = createProjector({
    store,
    projections,
    batchSize: 200,
    pollIntervalMs: 50,
    logger: createLogger({ service: 'projector', level: 'silent' }),
  });
  await live.start();
  return live;
}

const logEnd = async () =>
  BigInt(
    (await sql<{ max: string }>`select max(position)::text as max from event_store.events`.execute(db))
      .rows[0]!.max,
  );

describe('rebuild', () => {
  it('under concurrent writes and reads: the swapped-in tables equal a fresh rebuild', async () => {
    const chosen = ['order-list', 'balances'].map((n) => projectorProjection(n)!);
    const live = await startLive(chosen);
    let writing = true;
    let written = 0;
    const writer = (async () => {
      let n = 0;
      while (writing) {
        // New orders, and payments on existing ones (one writer per stream: versions in order).
        const fresh = generateOrders({
          count: 10,
          seed: 1_000 + n,
          tenants: ['tenant-a'],
          orderNoStart: 100_000 + n * 10,
        });
        await appendSeed(store, fresh);
        const target = orders[n % orders.length]!;
        const event = {
          type: 'PaymentCreated' as const,
          data: {
            orderId: target.orderId,
            actorId: target.createdBy,
            at: new Date().toISOString(),
            payment: {
              paymentId: randomUUID(),
              paymentMethod: 'cash' as const,
              paymentStatus: 'paid' as const,
              currency: 'TRY',
              amount: 500,
            },
          },
        };
        await store.append(
          `order-${target.orderId}`,
          [{ ...toNewEvent(event, target.tenantId), schemaVersion: eventSchemaVersions.PaymentCreated }],
          {
            expectedVersion: 'stream_exists',
          },
        );
        written += 11;
        n++;
        await new Promise((r) => setTimeout(r, 15));
      }
    })();
    let reads = 0;
    let readErrors = 0;
    let reading = true;
    const reader = (async () => {
      while (reading) {
        try {
          await sql`select count(*) from read_model.order_list where tenant_id = 'tenant-a' and status = 'created'`.execute(
            db,
          );
          await sql`select sum(paid) from read_model.balance_totals where tenant_id = 'tenant-a'`.execute(db);
          reads++;
        } catch {
          readErrors++;
        }
        await new Promise((r) => setTimeout(r, 10));
      }
    })();

    for (const projector of chosen)
      await rebuildProjection({ store, projector, fresh: true, progress: null });
    writing = false;
    await writer;
    reading = false;
    await reader;
    expect(written).toBeGreaterThan(0);
    expect(reads).toBeGreaterThan(10);
    expect(readErrors).toBe(0);
    const end = await logEnd();
    await eventually(
      async () =>
        (await Promise.all(chosen.map((p) => projectionReached(db, p.projection.name, end)))).every(Boolean),
      60_000,
      'the live projection after the swap',
    );
    await live.stop();
    for (const projector of chosen) {
      await rebuildProjection({ store, projector, fresh: true, swap: false, progress: null });
      for (const [table, d] of Object.entries(await differences(db, projector.projection))) {
        expect(d, table).toEqual({ onlyLive: 0, onlyRebuilt: 0, rows: d.rows });
      }
      await dropShadow(db, projector.projection);
    }
    // The swapped-in table has the live table's indexes under their own names.
    const { rows } = await sql<{ indexname: string }>`select indexname from pg_indexes
      where schemaname = 'read_model' and tablename = 'order_list' order by 1`.execute(db);
    expect(rows.map((r) => r.indexname)).toEqual([
      'order_list_ids',
      'order_list_open_since',
      'order_list_pkey',
      'order_list_search',
      'order_list_tenant_arrival',
      'order_list_tenant_created',
      'order_list_tenant_departure',
      'order_list_tenant_status',
    ]);
    // ...of the live shape (migrations 0002, 0003): the enum filters and the trigrams of
    // search_text in one GIN, one GIN over every id array, no id_text column.
    const { rows: gin } = await sql<{ indexdef: string }>`select indexdef from pg_indexes
      where schemaname = 'read_model' and indexname in ('order_list_ids', 'order_list_search') order by 1`.execute(
      db,
    );
    expect(gin.map((r) => r.indexdef.replace(/^.* USING /, ''))).toEqual([
      'gin (customer_ids, sender_customer_ids, receiver_customer_ids, invoice_customer_ids, branch_ids, ' +
        'origin_branch_ids, destination_branch_ids, driver_ids, user_ids, transfer_center_ids) ' +
        "WITH (gin_pending_list_limit='256')",
      'gin (status, order_type, transport_mode, content_type, transport_type, vehicle_type, vehicle_body, ' +
        'upload_type, container_type, pen_type, shipping_type, assign_type, payment_type, search_text gin_trgm_ops) ' +
        "WITH (gin_pending_list_limit='256')",
    ]);
    const { rows: idText } = await sql<{
      n: number;
    }>`select count(*)::int as n from information_schema.columns
      where table_schema = 'read_model' and table_name = 'order_list' and column_name = 'id_text'`.execute(
      db,
    );
    expect(idText[0]?.n).toBe(0);
    // ...and planner statistics from the rebuild's ANALYZE (autovacuum may be off).
    const { rows: stats } = await sql<{ relname: string; analyzed: boolean }>`select relname,
        last_analyze is not null as analyzed from pg_stat_user_tables
      where schemaname = 'read_model' and relname = any(${chosen.flatMap((p) => [...p.projection.tables])})`.execute(
      db,
    );
    expect(stats.length).toBeGreaterThan(0);
    expect(stats.filter((s) => !s.analyzed)).toEqual([]);
  }, 240_000);

  it('the CLI shows progress, survives SIGKILL and resumes from the shadow’s checkpoint', async () => {
    const runCli = (onLine?: (text: string, kill: () => void) => void) =>
      new Promise<{ code: number | null; stderr: string }>((done) => {
        const child = spawn(process.execPath, [cli, 'order-logs', '--batch-size', '100'], {
          env: { ...process.env, DATABASE_URL: database.url },
          stdio: ['ignore', 'ignore', 'pipe'],
        });
        let stderr = '';
        child.stderr.on('data', (chunk: Buffer) => {
          stderr += chunk.toString();
          onLine?.(stderr, () => child.kill('SIGKILL'));
        });
        child.on('exit', (code) => done({ code, stderr }));
      });
    // Killed once the bar shows a committed batch (its count is the rebuild's checkpoint).
    const first = await runCli((text, kill) => {
      const counts = [
        ...text.matchAll(/order-logs replay \[#*-+\] [\d.]+% ([\d,]+)\/[\d,]+ events .* ev\/s ETA/g),
      ];
      if (counts.some((m) => Number(m[1]!.replaceAll(',', '')) > 0)) kill();
    });
    expect(first.code).toBe(null);
    const { rows } = await sql<{
      position: string;
    }>`select position::text from event_store.subscription_checkpoints
      where name = 'order-logs@rebuild'`.execute(db);
    expect(BigInt(rows[0]?.position ?? '0')).toBeGreaterThan(0n);

    const second = await runCli();
    expect(second.code).toBe(0);
    expect(second.stderr).toContain('resuming the rebuild of order-logs at position');
    expect(second.stderr).toMatch(/swapped order_logs in at position \d+/);

    const projector = projectorProjection('order-logs')!;
    await rebuildProjection({ store, projector, fresh: true, swap: false, progress: null });
    const diff = await differences(db, projector.projection);
    expect(diff['order_logs']).toEqual({ onlyLive: 0, onlyRebuilt: 0, rows: diff['order_logs']!.rows });
    expect(diff['order_logs']!.rows).toBeGreaterThan(10_000);
    await dropShadow(db, projector.projection);
  }, 180_000);

  it('the live group of all four keeps its locks through the swap of one of them and ends equal to a fresh rebuild', async () => {
    const all = ['order-list', 'order-logs', 'balances', 'report'].map((n) => projectorProjection(n)!);
    const live = await startLive(all);
    await eventually(async () => live.statuses().every((s) => s.active), 30_000, 'the group to be active');
    const lockPid = live.statuses()[0]!.lockBackendPid;
    let writing = true;
    const writer = (async () => {
      for (let n = 0; writing; n++) {
        await appendSeed(
          store,
          generateOrders({ count: 5, seed: 5_000 + n, tenants: ['tenant-b'], orderNoStart: 500_000 + n * 5 }),
        );
        await new Promise((r) => setTimeout(r, 15));
      }
    })();
    // The group applies live batches to all four (order-logs included) while order-logs is rebuilt
    // and swapped in: its checkpoint row moves under the group, which goes on from there.
    const lockHeld: boolean[] = [];
    const watching = setInterval(
      () => lockHeld.push(live.statuses().every((s) => s.active && s.lockBackendPid === lockPid)),
      20,
    );
    const swapped = projectorProjection('order-logs')!;
    await rebuildProjection({ store, projector: swapped, fresh: true, progress: null });
    await new Promise((r) => setTimeout(r, 300));
    writing = false;
    await writer;
    const end = await logEnd();
    await eventually(
      async () =>
        (await Promise.all(all.map((p) => projectionReached(db, p.projection.name, end)))).every(Boolean),
      60_000,
      'every projection of the group after the swap',
    );
    clearInterval(watching);
    expect(lockHeld.length).toBeGreaterThan(10);
    expect(lockHeld.every(Boolean)).toBe(true);
    expect(live.statuses().map((s) => s.handlerFailures)).toEqual([0, 0, 0, 0]);
    await live.stop();
    for (const projector of [swapped, projectorProjection('balances')!]) {
      await rebuildProjection({ store, projector, fresh: true, swap: false, progress: null });
      for (const [table, d] of Object.entries(await differences(db, projector.projection)))
        expect(d, table).toEqual({ onlyLive: 0, onlyRebuilt: 0, rows: d.rows });
      await dropShadow(db, projector.projection);
    }
  }, 240_000);
});
