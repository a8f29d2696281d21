// The fault run (`pnpm test:faults`): the distributed set under steady load, each process
// killed with SIGKILL once and started again, and the Kafka broker stopped and started once.
// Afterwards nothing acknowledged is lost, every read model equals a fresh rebuild, every vigo
// order has exactly one Vigo order, and no consumer applied an event twice. The broker is one
// of this file's own (infra/kafka/start on free ports, data in a temporary folder), so its
// restart disturbs no other test.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createTestDatabase, serverUrl, type TestDatabase } from '@orders/testing';
import { Pool } from 'pg';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { repoRoot, startDistributed, type Distributed, type ServiceName } from './launcher.ts';
import { maxOf, samplesOf, scrape } from './observe.ts';
import {
  auditTopic,
  connectorMoves,
  dedupedEventIds,
  orderEvents,
  orderLogEnd,
  readModelDifferences,
  unstoredAcks,
} from './test-support/audit.ts';
import { startFaultLoad, type LoadResult } from './test-support/fault-load.ts';
import { eventually } from './test-support/http.ts';
import { startOwnBroker, type OwnBroker } from './test-support/kafka-broker.ts';

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const connectorDedupeTable = 'vigo_connector.consumer_dedupe';

interface Recovery {
  fault: string;
  /** From the kill (or the broker's stop) until the process answered /ready again. */
  downMs: number;
  /** From then until it had caught up with the log as it was at that moment (null: not yet). */
  catchUpMs: number | null;
  readyAt: number;
}

interface SandboxOrder {
  id: string;
  orderNumber: string;
  state: string;
  walking: boolean;
}
/** A sandbox order the courier simulation still moves (`walking` stays true in a final state). */
const stillWalking = (o: SandboxOrder) =>
  o.walking && !['delivered', 'returned', 'cancelled'].includes(o.state);

describe('fault runs: kill -9 every process and restart the broker under load', () => {
  const logsDir = mkdtempSync(join(tmpdir(), 'orders-faults-'));
  let failed = false;
  const demo = { clientId: 'faults-demo', secret: randomBytes(16).toString('hex'), tenant: 'faults' };
  const crashes: string[] = [];
  const recoveries: Recovery[] = [];
  let broker: OwnBroker;
  let db: TestDatabase;
  let run: Distributed;
  let pool: Pool;
  let load: LoadResult;
  let loadMs = 0;
  let vigoSummary = '';

  beforeAll(async () => {
    // Both at once (the broker's JVM takes a while); whichever succeeded is cleaned up by afterAll.
    const [ownBroker, database] = await Promise.allSettled([startOwnBroker(), createTestDatabase()]);
    if (ownBroker.status === 'fulfilled') broker = ownBroker.value;
    if (database.status === 'fulfilled') db = database.value;
    if (ownBroker.status === 'rejected') throw ownBroker.reason;
    if (database.status === 'rejected') throw database.reason;
    const restarting = new Set<ServiceName>();
    run = await startDistributed({
      postgresUrl: serverUrl(),
      database: db.name,
      kafkaBrokers: broker.brokers,
      topic: 'orders.events.faults',
      topicPartitions: 6,
      consumerGroup: 'vigo-connector-faults',
      dataDir: logsDir,
      demoClient: demo,
      callbackToken: randomBytes(16).toString('hex'),
      sandboxStepIntervalMs: 150,
      readyTimeoutMs: 120_000,
      env: {
        // request logs of every command would cost the two cores more than the services do
        'order-api-1': { LOG_LEVEL: 'warn', PROJECTION_WAIT_MS: '30000' },
        'order-api-2': { LOG_LEVEL: 'warn', PROJECTION_WAIT_MS: '30000' },
        'vigo-connector': { RESUME_INTERVAL_MS: '1000', RESUME_AFTER_MS: '2000' },
        relay: { RELAY_RETRY_MAX_DELAY_MS: '1000' },
      },
      // As compose's `restart: on-failure`: a process that dies by itself is started again.
      onUnexpectedExit: (name, status) => {
        crashes.push(`${name} (${status.signal ?? `exit ${status.code}`})`);
        if (!run || restarting.has(name)) return;
        restarting.add(name);
        void sleep(500)
          .then(() => run.restart(name))
          .catch((error: unknown) => crashes.push(`${name} did not restart: ${String(error)}`))
          .finally(() => restarting.delete(name));
      },
    });
    pool = new Pool({ connectionString: run.databaseUrl, max: 3 });
  }, 300_000);

  beforeEach(({ onTestFailed }) => onTestFailed(() => void (failed = true)));

  afterAll(async () => {
    await run?.stop(5_000);
    await pool?.end();
    await db?.drop();
    await broker?.close();
    if (failed || !run) console.error(`[faults] logs of the failed run kept in ${logsDir}`);
    else rmSync(logsDir, { recursive: true, force: true });
  }, 120_000);

  const projectorAt = async (position: bigint) => {
    const samples = samplesOf(await scrape(`${run.urls.projector}/metrics`), 'projection_position');
    return samples.length >= 4 && samples.every((s) => BigInt(s.value) >= position);
  };
  const relayAt = async (position: bigint) =>
    BigInt(maxOf(await scrape(`${run.urls.relay}/metrics`), 'relay_checkpoint_position') ?? 0) >= position;
  const connectorAt = async (position: bigint) => {
    const { rows } = await pool.query<{ missing: number }>(
      `select count(*)::int as missing from event_store.events e
        where e.stream_id like 'order-%' and e.position <= $1
          and not exists (select 1 from ${connectorDedupeTable} d
                           where d.consumer_group = $2 and d.event_id = e.event_id::text)`,
      [position.toString(), run.consumerGroup],
    );
    return rows[0]!.missing === 0;
  };
  const sandboxOrders = async () =>
    ((await (await fetch(`${run.urls.vigoControl}/orders`)).json()) as { orders: SandboxOrder[] }).orders;

  /**
   * Watches, in the background, until `check(end)` holds for the log's end as it is now, and
   * records how long that took; the next fault does not wait for it.
   */
  const watchers: Promise<void>[] = [];
  const watch = { on: true };
  function watchRecovery(fault: string, downMs: number, check: (end: bigint) => Promise<boolean>): void {
    const readyAt = Date.now();
    const recovery: Recovery = { fault, downMs, readyAt, catchUpMs: null };
    recoveries.push(recovery);
    watchers.push(
      (async () => {
        const end = await orderLogEnd(pool);
        while (watch.on) {
          if (await check(end).catch(() => false)) {
            recovery.catchUpMs = Date.now() - readyAt;
            return;
          }
          await sleep(100);
        }
      })(),
    );
  }

  it('keeps acknowledging commands while each process is killed and the broker restarts', async () => {
    const started = Date.now();
    const generator = startFaultLoad({
      apis: run.urls.api,
      credentials: demo,
      clients: 3,
      pauseMs: 80,
    });
    try {
      await eventually('the first commands to be acknowledged', async () =>
        generator.acks() >= 30 ? true : undefined,
      );

      const checks: Record<
        'order-api-2' | 'projector' | 'relay' | 'vigo-connector',
        (end: bigint) => Promise<boolean>
      > = {
        // order-api #2: back once it acknowledges commands again
        'order-api-2': async () => {
          const before = generator.acks(1);
          await sleep(200);
          return generator.acks(1) > before;
        },
        projector: projectorAt,
        relay: relayAt,
        'vigo-connector': connectorAt,
      };
      for (const [name, check] of Object.entries(checks) as [
        keyof typeof checks,
        (end: bigint) => Promise<boolean>,
      ][]) {
        await sleep(2_000);
        const killedAt = Date.now();
        const exit = await run.kill(name);
        expect(exit.signal, name).toBe('SIGKILL');
        await sleep(1_500); // down while the load goes on
        await run.restart(name);
        watchRecovery(`kill -9 ${name}`, Date.now() - killedAt, check);
      }

      await sleep(3_000);
      const stoppedAt = Date.now();
      await broker.stop();
      await sleep(3_000); // the relay meets the outage while commands go on
      await broker.start();
      watchRecovery(
        'broker stop + start',
        Date.now() - stoppedAt,
        async (end) => (await relayAt(end)) && (await connectorAt(end)),
      );
      await sleep(3_000);
    } finally {
      load = await generator.stop();
      loadMs = Date.now() - started;
    }

    expect(load.acks.length).toBeGreaterThan(100);
    // every kind of command got through at some point
    const commands = new Set(load.acks.map((a) => a.command.replace(/ order_status=.*/, '')));
    expect([...commands].toSorted()).toEqual([
      'POST /v3/orders',
      'POST /v3/orders/:order_id/deliver-loads',
      'POST /v3/orders/:order_id/expenses',
      'POST /v3/orders/:order_id/invoices',
      'POST /v3/orders/:order_id/payments',
      'PUT /v3/orders/:order_id',
    ]);
    expect(load.orders.some((o) => o.vigo)).toBe(true);
    // both replicas answered, and the killed one again after its restart
    expect(load.acks.some((a) => a.replica === 0)).toBe(true);
    expect(load.acks.some((a) => a.replica === 1 && a.at > recoveries[0]!.readyAt)).toBe(true);

    // Quiet: no more commands, the sandbox has walked every order, every consumer is at the end.
    let lastEnd = -1n;
    let stillSince = Date.now();
    await eventually(
      'the platform to settle (every consumer at the end of a log that stopped growing)',
      async () => {
        const end = await orderLogEnd(pool);
        if (end !== lastEnd) {
          lastEnd = end;
          stillSince = Date.now();
          return undefined;
        }
        const walking = (await sandboxOrders()).filter(stillWalking).length;
        const { rows } = await pool.query<{ open: number }>(
          `select count(*)::int as open from vigo_connector.dispatches where state in ('pending', 'created')`,
        );
        const settled =
          walking === 0 &&
          rows[0]!.open === 0 &&
          (await projectorAt(end)) &&
          (await relayAt(end)) &&
          (await connectorAt(end));
        return settled && Date.now() - stillSince >= 3_000 ? true : undefined;
      },
      {
        timeoutMs: 150_000,
        intervalMs: 500,
        describe: async () => {
          const end = await orderLogEnd(pool);
          return JSON.stringify({
            end: String(end),
            projector: samplesOf(await scrape(`${run.urls.projector}/metrics`), 'projection_position'),
            relay: maxOf(await scrape(`${run.urls.relay}/metrics`), 'relay_checkpoint_position'),
            connectorAtEnd: await connectorAt(end),
            walking: (await sandboxOrders()).filter(stillWalking).length,
          });
        },
      },
    );
    watch.on = false;
    await Promise.all(watchers);
  }, 360_000);

  it('stored every acknowledged command’s events', async () => {
    expect(await unstoredAcks(pool, load.acks)).toEqual([]);
    // and every order whose creation was acknowledged has its stream
    const { rows } = await pool.query<{ n: number }>(
      `select count(*)::int as n from event_store.streams where stream_id = any($1::text[])`,
      [load.orders.map((o) => `order-${o.orderId}`)],
    );
    expect(rows[0]!.n).toBe(load.orders.length);
  });

  it('gave every vigo order exactly one Vigo order, as the connector’s dispatch rows say', async () => {
    const { rows: created } = await pool.query<{ order_id: string; order_no: string; vigo: boolean }>(
      `select data->>'orderId' as order_id, data->>'orderNo' as order_no,
              coalesce(data->'attributes'->>'thirdPartyChannel', '') = 'vigo' as vigo
         from event_store.events where type = 'OrderCreated' and stream_id like 'order-%'`,
    );
    const vigoOrders = created.filter((o) => o.vigo);
    // the store agrees with what the clients were told
    for (const order of load.orders) {
      expect(
        vigoOrders.some((o) => o.order_id === order.orderId),
        order.orderNo,
      ).toBe(order.vigo);
    }
    const inSandbox = await sandboxOrders();
    const byNumber = new Map<string, SandboxOrder[]>();
    for (const o of inSandbox) byNumber.set(o.orderNumber, [...(byNumber.get(o.orderNumber) ?? []), o]);
    const notOnce = vigoOrders.filter((o) => byNumber.get(o.order_no)?.length !== 1);
    expect(notOnce.map((o) => [o.order_no, byNumber.get(o.order_no)?.length ?? 0])).toEqual([]);
    expect(inSandbox).toHaveLength(vigoOrders.length);

    const { rows: dispatches } = await pool.query<{
      order_id: string;
      order_no: string;
      state: string;
      vigo_order_id: string | null;
    }>(`select order_id::text, order_no, state, vigo_order_id from vigo_connector.dispatches`);
    expect(dispatches.map((d) => d.order_id).toSorted()).toEqual(
      vigoOrders.map((o) => o.order_id).toSorted(),
    );
    const mismatched = dispatches.filter((d) => {
      const vigo = byNumber.get(d.order_no)?.[0];
      return d.state !== 'prepared' || !vigo || vigo.id !== d.vigo_order_id;
    });
    expect(mismatched).toEqual([]);

    // how far the courier callbacks got: Vigo delivered them all; order-api knows it for these
    const { rows: delivered } = await pool.query<{ n: number }>(
      `select count(distinct stream_id)::int as n from event_store.events
        where type = 'OrderDelivered' and stream_id = any($1::text[])`,
      [vigoOrders.map((o) => `order-${o.order_id}`)],
    );
    vigoSummary =
      `${vigoOrders.length} vigo orders, one Vigo order each; ` +
      `${inSandbox.filter((o) => o.state === 'delivered').length} delivered at Vigo, ` +
      `${delivered[0]!.n} delivered in order-api`;
    // where the others stopped, and what became of the callbacks Vigo sent for them
    const { rows: stuck } = await pool.query<{ order_id: string; status: string | null }>(
      `select e.data->>'orderId' as order_id,
              (select s.data->>'to' from event_store.events s
                where s.stream_id = e.stream_id and s.type = 'OrderStatusChanged'
                order by s.stream_version desc limit 1) as status
         from event_store.events e
        where e.type = 'OrderCreated' and e.stream_id = any($1::text[])
          and not exists (select 1 from event_store.events d
                           where d.stream_id = e.stream_id and d.type = 'OrderDelivered')`,
      [vigoOrders.map((o) => `order-${o.order_id}`)],
    );
    if (stuck.length > 0) {
      const deliveries = (
        (await (await fetch(`${run.urls.vigoControl}/callbacks`)).json()) as {
          deliveries: {
            body: { order?: { orderNumber: string; state: string } };
            status: number | null;
            error: string | null;
            at: string;
          }[];
        }
      ).deliveries;
      for (const order of stuck) {
        const orderNo = vigoOrders.find((o) => o.order_id === order.order_id)!.order_no;
        const attempts = deliveries
          .filter((d) => d.body.order?.orderNumber === orderNo)
          .map((d) => `${d.at.slice(11, 23)} ${d.body.order!.state}→${d.status ?? d.error}`);
        vigoSummary += `\n[faults]   ${orderNo} stopped at ${order.status ?? 'created'} in order-api; callbacks: ${attempts.join(', ')}`;
      }
    }
  });

  it('published every event to the topic, and the connector applied each event once', async () => {
    const events = await orderEvents(pool);
    // the connector's Kafka consumer: one dedupe row per event of the log, none for anything else
    const connector = await dedupedEventIds(pool, connectorDedupeTable, run.consumerGroup);
    expect(connector.rows).toBe(connector.ids.size);
    expect([...events.keys()].filter((id) => !connector.ids.has(id))).toEqual([]);
    expect([...connector.ids].filter((id) => !events.has(id))).toEqual([]);

    // its effects on the orders, once each: no status move or delivery made twice
    const moves = await connectorMoves(pool, run.connectorClient.userId);
    const repeated = [...moves].filter(([, list]) => {
      const keys = list.map((m) => `${m.type}:${m.to ?? ''}`);
      return new Set(keys).size !== keys.length;
    });
    expect(repeated).toEqual([]);

    // the relay's topic, read from the beginning by a group of this test's own
    const audit = await auditTopic({
      brokers: broker.brokers,
      topic: run.topic,
      pool,
      table: 'faults_topic_audit',
      group: 'faults-topic-audit',
    });
    try {
      await audit.consumer.ready;
      await eventually(
        'the audit consumer to read every event of the log',
        async () => {
          const seen = await dedupedEventIds(pool, 'faults_topic_audit', 'faults-topic-audit');
          return seen.ids.size >= events.size ? seen : undefined;
        },
        { timeoutMs: 60_000 },
      );
      const onTopic = await dedupedEventIds(pool, 'faults_topic_audit', 'faults-topic-audit');
      expect([...events.keys()].filter((id) => !onTopic.ids.has(id))).toEqual([]);
      expect([...onTopic.ids].filter((id) => !events.has(id))).toEqual([]);
      expect(audit.deadLettered()).toBe(0);
      console.log(
        `[faults] topic: ${events.size} events, ${audit.records()} records read, ${audit.copies()} copies (re-sends after the faults)`,
      );
    } finally {
      await audit.consumer.stop();
    }
  });

  it('ends with every read model equal to a fresh rebuild', async () => {
    // Everything stops first, so that nothing moves while the tables are compared.
    await run.stop(10_000);
    const rebuild = spawn(
      process.execPath,
      [resolve(repoRoot, 'services/projector/src/rebuild.ts'), 'all', '--no-swap', '--fresh'],
      {
        env: { PATH: process.env['PATH'] ?? '', DATABASE_URL: run.databaseUrl },
        stdio: ['ignore', 'ignore', 'pipe'],
      },
    );
    let stderr = '';
    rebuild.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    const code = await new Promise<number | null>((done) => rebuild.once('exit', done));
    expect(code, stderr.slice(-2_000)).toBe(0);

    const differences = await readModelDifferences(pool);
    expect(Object.keys(differences).toSorted()).toEqual([
      'balance_orders',
      'balance_totals',
      'order_list',
      'order_logs',
      'report_daily',
      'report_orders',
    ]);
    for (const [table, d] of Object.entries(differences)) {
      expect({ table, onlyLive: d.onlyLive, onlyRebuilt: d.onlyRebuilt }).toEqual({
        table,
        onlyLive: 0,
        onlyRebuilt: 0,
      });
      expect(d.rows, table).toBeGreaterThan(0);
    }

    const vigo = load.orders.filter((o) => o.vigo).length;
    console.log(
      [
        `[faults] load: ${seconds(loadMs)}, 3 clients, ${load.requests} requests, ${load.acks.length} commands acknowledged ` +
          `on ${load.orders.length} orders (${vigo} vigo), ${load.failedOver} failed over to the other replica`,
        `[faults] refused: ${JSON.stringify(load.refused)}`,
        `[faults] ${vigoSummary}`,
        ...recoveries.map(
          (r) =>
            `[faults] ${r.fault}: back (ready) after ${seconds(r.downMs)}, ` +
            (r.catchUpMs === null
              ? 'not caught up before the platform settled'
              : `caught up ${seconds(r.catchUpMs)} later`),
        ),
        `[faults] crashes restarted by the test: ${crashes.length === 0 ? 'none' : crashes.join(', ')}`,
      ].join('\n'),
    );
  }, 180_000);
});
