// pnpm bench (services/vigo-connector): order event → Vigo create call, p99 < 300 ms at
// 200 orders/s. order-api, the Vigo sandbox and the connector each run as their own
// process on loopback, on a fresh database. Two scenarios (BENCH_SOURCE picks one):
//
// - event-store (the embedded setup): orders are created through order-api at the rate;
//   t0 = the OrderCreated event's time in the event store (order-api's transaction).
// - kafka (the distributed setup; needs KAFKA_BROKERS): the orders are created first, then
//   their OrderCreated envelopes are published at the rate; t0 = just before the publish.
//
// t1 = when the sandbox received the connector's POST /order (the order's first step).
// Every clock is this machine's.
import { randomBytes, randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import type { OrderEventEnvelope } from '@orders/contracts';
import { databaseUrlFor, ensureDatabase, quoteIdent, startEmbeddedPostgres } from '@orders/local-postgres';
import { createProducer, ensureTopics, eventHeaders, type Producer } from '@orders/messaging';
import pg from 'pg';
import { vigoOrderBody } from '../src/test-support/bodies.ts';
import {
  createOrderApiClient,
  freePort,
  repoRoot,
  startNode,
  startOrderApi,
  startSandbox,
  type RunningProcess,
} from '../src/test-support/processes.ts';

const rate = Number(process.env['BENCH_RATE'] ?? 200);
const seconds = Number(process.env['BENCH_SECONDS'] ?? 10);
const warmupSeconds = Number(process.env['BENCH_WARMUP_SECONDS'] ?? 2);
const brokers = process.env['KAFKA_BROKERS']?.split(',').map((b) => b.trim());
const sources = (process.env['BENCH_SOURCE'] ?? (brokers ? 'event-store,kafka' : 'event-store')).split(',');
const targetP99Ms = 300;
// Orders in flight at once: each holds an order-lock connection (and, from Kafka, a dedupe
// transaction's) for its ~100-150 ms, so this bounds the rate: 48 / 0.15 s ≈ 320 orders/s.
// The embedded PostgreSQL allows 100 connections: order-api 10, connector 20 + the locks
// (+ the Kafka pool, one per partition handled at once).
const concurrency = Number(process.env['BENCH_CONCURRENCY'] ?? 48);
const partitions = Number(process.env['BENCH_PARTITIONS'] ?? 32);
// Consumers of the group in the connector (KAFKA_CONSUMERS), sharing those partitions.
const kafkaConsumers = Number(process.env['BENCH_KAFKA_CONSUMERS'] ?? 8);
// BENCH_CONNECTOR_WARM_UP=false: the connector consumes without warming up (WARM_UP_TIMEOUT_MS=0), for A/B.
const connectorWarmUp = process.env['BENCH_CONNECTOR_WARM_UP'] !== 'false';
const tenant = 'bench';
const user = {
  'x-client-id': 'bench-shop',
  'x-client-secret': 'bench-shop-secret-0123456789',
  'x-user-id': '00000000-0000-4000-8000-00000000beef',
};
const say = (line: string) => process.stderr.write(`[bench] ${line}\n`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// A PostgreSQL of its own by default: the event-store source reads gap-safe below the
// cluster's oldest open transaction, so on a server shared with other work (other test
// suites) a long transaction there stalls delivery and would be measured as ours.
let stopPostgres: () => Promise<void> = async () => undefined;
let server = process.env['BENCH_DATABASE_URL'];
if (!server) {
  const embedded = await startEmbeddedPostgres({
    dataDir: resolve(repoRoot, '.cache/vigo-bench-postgres'),
    port: await freePort(),
  });
  server = embedded.url;
  stopPostgres = embedded.stop;
}

/** CPU seconds (user + system) each process has used so far, from /proc (Linux). */
function cpuSeconds(processes: readonly RunningProcess[]): Map<string, number> {
  const used = new Map<string, number>();
  for (const p of processes) {
    try {
      const fields = readFileSync(`/proc/${p.pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      used.set(p.name, (Number(fields[11]) + Number(fields[12])) / 100);
    } catch {
      // not on Linux, or the process is gone
    }
  }
  const self = process.cpuUsage();
  used.set('load generator', (self.user + self.system) / 1e6);
  return used;
}

/** Mean duration per operation of the connector's Vigo and order-api calls, from its /metrics. */
function meanCalls(metricsText: string): string[] {
  const means: string[] = [];
  for (const name of [
    'vigo_connector_vigo_request_duration_seconds',
    'vigo_connector_order_api_request_duration_seconds',
  ]) {
    const sums = new Map<string, number>();
    const counts = new Map<string, number>();
    for (const line of metricsText.split('\n')) {
      const match = new RegExp(`^${name}_(sum|count)\\{.*operation="([^"]+)".*\\} (\\S+)$`).exec(line);
      if (!match) continue;
      const into = match[1] === 'sum' ? sums : counts;
      into.set(match[2]!, (into.get(match[2]!) ?? 0) + Number(match[3]));
    }
    for (const [operation, count] of counts) {
      means.push(`${operation} ${((1000 * (sums.get(operation) ?? 0)) / count).toFixed(1)} ms`);
    }
  }
  return means;
}

/** Calls `fire(i)` for i < total, the i-th at start + i / rate, whatever the answers do (open loop). */
async function paced(total: number, fire: (i: number) => Promise<void>): Promise<number> {
  const started = performance.now();
  const pending: Promise<void>[] = [];
  for (let i = 0; i < total; i++) {
    const wait = started + (i * 1000) / rate - performance.now();
    if (wait > 1) await sleep(wait);
    pending.push(fire(i));
  }
  await Promise.all(pending);
  return (performance.now() - started) / 1000;
}

async function scenario(source: 'event-store' | 'kafka'): Promise<boolean> {
  const database = `bench_vigo_${randomBytes(3).toString('hex')}`;
  await ensureDatabase(server!, database);
  const url = databaseUrlFor(server!, database);
  const processes: RunningProcess[] = [];
  let producer: Producer | null = null;
  try {
    const connectorPort = await freePort();
    const topic = `bench.orders.events.${randomBytes(3).toString('hex')}`;
    if (source === 'kafka') {
      await ensureTopics(brokers!, [{ name: topic, partitions, replicationFactor: 1 }]);
      producer = createProducer({ brokers: brokers!, clientId: 'vigo-bench' });
      await producer.connect();
    }
    // BENCH_PROFILE=<dir>: V8 CPU profiles of the connector and the sandbox, written when they stop.
    const profile = process.env['BENCH_PROFILE']
      ? { NODE_OPTIONS: `--cpu-prof --cpu-prof-dir=${process.env['BENCH_PROFILE']}` }
      : {};
    const [sandboxStart, orderApiStart] = await Promise.allSettled([
      // manual: no courier walk, so the run measures dispatch alone.
      startSandbox({ VIGO_SANDBOX_AUTO_ADVANCE: 'manual', LOG_REQUESTS: 'false', ...profile }),
      startOrderApi(url, {
        ORDERS_DEMO_CLIENT_ID: user['x-client-id'],
        ORDERS_DEMO_CLIENT_SECRET: user['x-client-secret'],
        ORDERS_DEMO_TENANT: tenant,
        LOG_LEVEL: 'warn',
        PORT: String(await freePort()),
        DATABASE_POOL_SIZE: '10',
      }),
    ]);
    // Whatever started is stopped in `finally`, even when the other one failed.
    if (sandboxStart.status === 'fulfilled') processes.push(sandboxStart.value.process);
    if (orderApiStart.status === 'fulfilled') processes.push(orderApiStart.value.process);
    if (sandboxStart.status === 'rejected') throw sandboxStart.reason;
    if (orderApiStart.status === 'rejected') throw orderApiStart.reason;
    const sandbox = sandboxStart.value;
    const orderApi = orderApiStart.value;
    const client = await createOrderApiClient(url, tenant);
    const connector = await startNode(
      'vigo-connector',
      'services/vigo-connector/src/server.ts',
      {
        HOST: '127.0.0.1',
        PORT: String(connectorPort),
        LOG_LEVEL: 'info',
        DATABASE_URL: url,
        DATABASE_POOL_SIZE: '20',
        DATABASE_LOCK_POOL_SIZE: String(source === 'kafka' ? partitions : concurrency),
        SOURCE: source,
        SOURCE_CONCURRENCY: String(concurrency),
        ...(connectorWarmUp ? {} : { WARM_UP_TIMEOUT_MS: '0' }),
        ...(source === 'kafka'
          ? {
              KAFKA_BROKERS: brokers!.join(','),
              KAFKA_TOPIC: topic,
              KAFKA_GROUP_ID: `vigo-bench-${randomBytes(3).toString('hex')}`,
              KAFKA_PARTITIONS_CONCURRENCY: String(partitions),
              KAFKA_CONSUMERS: String(kafkaConsumers),
            }
          : {}),
        VIGO_BASE_URL: sandbox.baseUrl,
        VIGO_CLIENT_ID: 'sandbox-client',
        VIGO_CLIENT_SECRET: 'sandbox-secret',
        CALLBACK_PUBLIC_URL: `http://127.0.0.1:${connectorPort}/vigo/callbacks`,
        CALLBACK_TOKEN: randomBytes(16).toString('hex'),
        ORDER_API_URL: orderApi.url,
        ORDER_API_CLIENT_ID: client.clientId,
        ORDER_API_CLIENT_SECRET: client.clientSecret,
        ORDER_API_USER_ID: '00000000-0000-4000-8000-00000000c0c0',
        ORDER_API_TENANT_ID: tenant,
        ...profile,
      },
      (line) => (line['msg'] === 'vigo connector consuming order events' ? true : undefined),
    );
    processes.push(connector.process);
    if (source === 'kafka') {
      // The consumer has joined its group once /ready says so.
      for (let i = 0; i < 300; i++) {
        if ((await fetch(`http://127.0.0.1:${connectorPort}/ready`)).ok) break;
        await sleep(100);
      }
    }
    say(`${source}: order-api ${orderApi.url}, sandbox ${sandbox.baseUrl}, connector :${connectorPort}`);

    const body = JSON.stringify(vigoOrderBody());
    const created: {
      orderId: string;
      orderNo: string;
      measured: boolean;
      t0?: number;
      answeredAt?: number;
    }[] = [];
    let failed = 0;
    const createOne = async (measured: boolean) => {
      try {
        const response = await fetch(`${orderApi.url}/v3/orders`, {
          method: 'POST',
          headers: { ...user, 'content-type': 'application/json' },
          body,
        });
        const json = (await response.json()) as { data?: { order_id: string; order_no: string } };
        if (response.status !== 201 || !json.data) failed += 1;
        else
          created.push({
            orderId: json.data.order_id,
            orderNo: json.data.order_no,
            measured,
            answeredAt: Date.now(),
          });
      } catch {
        failed += 1;
      }
    };
    const warmup = Math.round(rate * warmupSeconds);
    const total = Math.round(rate * seconds);
    let sendSeconds: number;
    let cpuBefore: Map<string, number>;
    let loadBefore: number;

    if (source === 'event-store') {
      // The load generator's own client checked once before the first burst: order-api checks a
      // secret it has not cached with scrypt (once per concurrent request before its single
      // flight), and that check of the load generator would be measured as the connector's.
      await fetch(`${orderApi.url}/v3/orders/${randomUUID()}`, { headers: user });
      say(`warm-up: ${warmupSeconds} s at ${rate}/s, then ${seconds} s measured`);
      await paced(warmup, () => createOne(false));
      cpuBefore = cpuSeconds(processes);
      loadBefore = loadavg()[0]!;
      sendSeconds = await paced(total, () => createOne(true));
    } else {
      say(`creating ${warmup + total} orders first (the connector sees no event yet)`);
      for (let i = 0; i < warmup + total; i += 16) {
        await Promise.all(
          Array.from({ length: Math.min(16, warmup + total - i) }, (_, k) => createOne(i + k >= warmup)),
        );
      }
      const db = new pg.Client({ connectionString: url });
      await db.connect();
      const rows = await db.query<{
        stream_id: string;
        event_id: string;
        stream_version: string;
        position: string;
        created_at: Date;
      }>(
        `select stream_id, event_id, stream_version, position, created_at from event_store.events where type = 'OrderCreated'`,
      );
      await db.end();
      const events = new Map(rows.rows.map((r) => [r.stream_id.slice('order-'.length), r]));
      const publish = async (order: (typeof created)[number]) => {
        const e = events.get(order.orderId)!;
        const envelope: OrderEventEnvelope = {
          eventId: e.event_id,
          type: 'OrderCreated',
          schemaVersion: 1,
          orderId: order.orderId,
          tenantId: tenant,
          streamVersion: Number(e.stream_version),
          position: e.position,
          occurredAt: e.created_at.toISOString(),
          actorId: user['x-user-id'],
          data: {},
        };
        order.t0 = Date.now();
        await producer!.send([
          {
            topic,
            key: order.orderId,
            value: JSON.stringify(envelope),
            headers: eventHeaders({
              eventId: envelope.eventId,
              eventType: envelope.type,
              schemaVersion: 1,
              tenantId: tenant,
              correlationId: envelope.eventId,
              occurredAt: e.created_at,
            }),
          },
        ]);
      };
      const warm = created.filter((o) => !o.measured);
      const measured = created.filter((o) => o.measured);
      say(`warm-up: ${warm.length} events at ${rate}/s, then ${measured.length} measured`);
      await paced(warm.length, (i) => publish(warm[i]!));
      cpuBefore = cpuSeconds(processes);
      loadBefore = loadavg()[0]!;
      sendSeconds = await paced(measured.length, (i) => publish(measured[i]!));
    }
    const measuredOrders = created.filter((o) => o.measured);

    // Wait until Vigo has every order (or 60 s).
    type SandboxOrder = { orderNumber: string; steps: { state: string; at: string }[] };
    let vigoOrders: SandboxOrder[] = [];
    const waitStarted = performance.now();
    const deadline = Date.now() + 60_000;
    // The count is polled (the full list of thousands of orders costs the sandbox real CPU),
    // the list read once at the end.
    while (Date.now() < deadline) {
      const { orders } = (await (await fetch(`${sandbox.controlUrl}/stats`)).json()) as { orders: number };
      if (orders >= created.length) break;
      await sleep(100);
    }
    const drainSeconds = (performance.now() - waitStarted) / 1000;
    const cpuAfter = cpuSeconds(processes);
    vigoOrders = ((await (await fetch(`${sandbox.controlUrl}/orders`)).json()) as { orders: SandboxOrder[] })
      .orders;
    const receivedAt = new Map(vigoOrders.map((o) => [o.orderNumber, Date.parse(o.steps[0]!.at)]));
    const duplicates = vigoOrders.length - new Set(vigoOrders.map((o) => o.orderNumber)).size;

    let eventAt = new Map<string, number>();
    if (source === 'event-store') {
      const db = new pg.Client({ connectionString: url });
      await db.connect();
      const events = await db.query<{ stream_id: string; created_at: Date }>(
        `select stream_id, created_at from event_store.events where type = 'OrderCreated'`,
      );
      await db.end();
      eventAt = new Map(events.rows.map((r) => [r.stream_id.slice('order-'.length), r.created_at.getTime()]));
    }
    const latencies: number[] = [];
    let missing = 0;
    for (const order of measuredOrders) {
      const t0 = source === 'kafka' ? order.t0 : eventAt.get(order.orderId);
      const t1 = receivedAt.get(order.orderNo);
      if (t0 === undefined || t1 === undefined) missing += 1;
      else latencies.push(t1 - t0);
    }
    latencies.sort((a, b) => a - b);
    // event-store: from the event row to order-api's answer (its transaction still open for part
    // of it, so the event not yet readable): what of the latency is order-api's.
    const committing = measuredOrders
      .map((o) => (eventAt.has(o.orderId) ? o.answeredAt! - eventAt.get(o.orderId)! : NaN))
      .filter((v) => !Number.isNaN(v))
      .sort((a, b) => a - b);
    const pct = (p: number) =>
      latencies[Math.min(latencies.length - 1, Math.ceil((p / 100) * latencies.length) - 1)] ?? NaN;
    const p99 = pct(99);
    const pass =
      missing === 0 &&
      failed === 0 &&
      duplicates === 0 &&
      measuredOrders.length === total &&
      p99 < targetP99Ms;
    const cpuUsed = [...cpuAfter.entries()].map(
      ([name, after]) => [name, after - (cpuBefore.get(name) ?? 0)] as const,
    );
    const cpu = cpuUsed.map(([name, used]) => `${name} ${used.toFixed(1)} s`);
    // Everything the processes did in the window, spread over the orders measured in it.
    const perOrder = cpuUsed.map(
      ([name, used]) => `${name} ${((1000 * used) / Math.max(1, measuredOrders.length)).toFixed(2)} ms`,
    );
    const means = meanCalls(await (await fetch(`http://127.0.0.1:${connectorPort}/metrics`)).text());

    const row = (name: string, value: string) => console.log(`${name.padEnd(34)} ${value}`);
    console.log(`\nvigo-connector, ${source} source: order event → Vigo create call`);
    row('offered rate', `${rate} events/s for ${seconds} s (+${warmupSeconds} s warm-up)`);
    row('events (measured)', `${measuredOrders.length} of ${total}, sent in ${sendSeconds.toFixed(1)} s`);
    row('POST /v3/orders failures', String(failed));
    row('Vigo orders missing / duplicated', `${missing} / ${duplicates}`);
    row('latency p50 / p90 / p99 / max', `${pct(50)} / ${pct(90)} / ${p99} / ${latencies.at(-1)} ms`);
    if (committing.length > 0) {
      const at = (p: number) => committing[Math.ceil((p / 100) * committing.length) - 1];
      row('event row → order-api answered', `p50 ${at(50)} / p99 ${at(99)} ms`);
    }
    row('connector calls, mean', means.join('; '));
    row('CPU used (run + drain)', `${cpu.join(', ')} over ${(sendSeconds + drainSeconds).toFixed(1)} s wall`);
    row('CPU per measured order', perOrder.join(', '));
    row('load average (1 min) before / after', `${loadBefore.toFixed(2)} / ${loadavg()[0]!.toFixed(2)}`);
    row('target', `p99 < ${targetP99Ms} ms at ${rate}/s, none missing or duplicated`);
    row('result', pass ? 'PASS' : 'MISS');
    return pass;
  } finally {
    await producer?.disconnect();
    await Promise.all(processes.map((p) => p.stop()));
    const admin = new pg.Client({ connectionString: databaseUrlFor(server!, 'postgres') });
    await admin.connect();
    await admin.query(`drop database if exists ${quoteIdent(database)} with (force)`);
    await admin.end();
  }
}

try {
  for (const source of sources) {
    if (source !== 'event-store' && source !== 'kafka')
      throw new Error(`BENCH_SOURCE: unknown source ${source}`);
    if (source === 'kafka' && !brokers) throw new Error('BENCH_SOURCE=kafka needs KAFKA_BROKERS');
    await scenario(source);
  }
} finally {
  await stopPostgres();
}
