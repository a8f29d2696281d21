// pnpm bench (services/order-api): POST /v3/orders with a realistic body and a deliver-loads
// command, beside a fastify hello-world measured in the same run, all on loopback.
import { spawn, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import { createInterface } from 'node:readline';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { randomBytes } from 'node:crypto';
import autocannon from 'autocannon';
import { migrateEventStore } from '@orders/event-store';
import { databaseUrlFor, ensureDatabase } from '@orders/local-postgres';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { migrateOrderApi } from '../src/db/migrations.ts';
import { orderBody } from '../src/test-support/bodies.ts';

const server = process.env['DATABASE_URL'];
if (!server) {
  console.error(
    'DATABASE_URL (a PostgreSQL server) is required: ./platform bench, or export DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres',
  );
  process.exit(2);
}
const seconds = Number(process.env['BENCH_SECONDS'] ?? 10);
const here = resolve(fileURLToPath(import.meta.url), '..');
const database = `bench_order_api_${randomBytes(3).toString('hex')}`;
await ensureDatabase(server, database);
const url = databaseUrlFor(server, database);
await migrateEventStore(url);
{
  const pool = new pg.Pool({ connectionString: url, max: 1 });
  await migrateOrderApi(new Kysely({ dialect: new PostgresDialect({ pool }) }));
  await pool.end();
}

async function startServer(
  mode: 'api' | 'hello',
  port: number,
): Promise<{ child: ChildProcess; credentials?: { clientId: string; secret: string } }> {
  const child = spawn(process.execPath, [resolve(here, 'server.ts'), mode, String(port)], {
    env: { ...process.env, DATABASE_URL: url },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  if (mode === 'api') {
    const line = await new Promise<string>((done) =>
      createInterface({ input: child.stdout! }).once('line', done),
    );
    return { child, credentials: JSON.parse(line) };
  }
  for (;;) {
    const up = await fetch(`http://127.0.0.1:${port}/hello`, { method: 'POST' }).then(
      () => true,
      () => false,
    );
    if (up) return { child };
    await new Promise((r) => setTimeout(r, 100));
  }
}

type Result = autocannon.Result;
const runLoad = (options: autocannon.Options) =>
  new Promise<Result>((done, fail) => autocannon(options, (e, r) => (e ? fail(e) : done(r))));
const row = (name: string, r: Result) => ({
  case: name,
  'req/s': Math.round(r.requests.average),
  p50: r.latency.p50,
  p99: r.latency.p99,
  non2xx: r.non2xx,
  errors: r.errors + r.timeouts,
});

/** The p-quantile of values, in ms with one decimal ('-' when empty), for BENCH_TRACE. */
const at = (values: number[] | undefined, p: number) =>
  values?.length ? values.toSorted((x, y) => x - y)[Math.floor(p * (values.length - 1))]!.toFixed(1) : '-';

/**
 * An open-loop load at a constant rate: request i leaves at t0 + i / rate whatever the earlier
 * ones are doing (keep-alive sockets, as many as are in flight), and its latency is counted from
 * that due time, so a stalled server is charged for the requests that queue behind it
 * (no coordinated omission).
 */
async function runPaced(options: {
  url: string;
  headers: Record<string, string>;
  body: string;
  rate: number;
  seconds: number;
}): Promise<Omit<ReturnType<typeof row>, 'case'>> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });
  const target = new URL(options.url);
  const total = Math.round(options.rate * options.seconds);
  const latencies: number[] = [];
  let non2xx = 0;
  let errors = 0;
  const inFlight = new Set<Promise<void>>();
  const send = (due: number) => {
    const done = new Promise<void>((resolve) => {
      const request = http.request(
        {
          agent,
          host: target.hostname,
          port: target.port,
          path: target.pathname,
          method: 'POST',
          headers: { ...options.headers, 'content-length': Buffer.byteLength(options.body) },
        },
        (response) => {
          response.resume();
          response.on('end', () => {
            latencies.push(performance.now() - due);
            if ((response.statusCode ?? 0) >= 300) non2xx += 1;
            resolve();
          });
        },
      );
      request.on('error', () => {
        errors += 1;
        resolve();
      });
      request.end(options.body);
    });
    if (trace) {
      const second = Math.floor((due - t0) / 1000);
      (trace.late[second] ??= []).push(performance.now() - due);
      void done.then(() => (trace.latency[second] ??= []).push(performance.now() - due));
    }
    inFlight.add(done);
    void done.then(() => inFlight.delete(done));
  };
  // BENCH_TRACE: per second of due time, latency and how late the pacing loop sent (issue #6)
  const trace = process.env['BENCH_TRACE']
    ? { late: [] as number[][], latency: [] as number[][] }
    : undefined;
  let sent = 0;
  const t0 = performance.now();
  while (sent < total) {
    const due = Math.min(total, Math.floor(((performance.now() - t0) / 1000) * options.rate) + 1);
    for (; sent < due; sent++) send(t0 + (sent * 1000) / options.rate);
    await new Promise((r) => setTimeout(r, 1));
  }
  const elapsed = (performance.now() - t0) / 1000;
  await Promise.all(inFlight);
  if (trace) {
    trace.latency.forEach((values, second) =>
      console.log(
        `PACED ${second}s latency p50/p99=${at(values, 0.5)}/${at(values, 0.99)} sent-late p50/p99=${at(trace.late[second], 0.5)}/${at(trace.late[second], 0.99)}`,
      ),
    );
  }
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const q = (p: number) =>
    Math.round(latencies[Math.min(latencies.length - 1, Math.floor(p * latencies.length))] ?? NaN);
  return { 'req/s': Math.round(total / elapsed), p50: q(0.5), p99: q(0.99), non2xx, errors };
}

const rows: ReturnType<typeof row>[] = [];
const hello = await startServer('hello', 3901);
rows.push(
  row(
    'fastify hello-world (baseline)',
    await runLoad({ url: 'http://127.0.0.1:3901/hello', method: 'POST', connections: 32, duration: seconds }),
  ),
);
hello.child.kill();

const api = await startServer('api', 3902);
const headers = {
  'content-type': 'application/json',
  'x-client-id': api.credentials!.clientId,
  'x-client-secret': api.credentials!.secret,
  'x-user-id': '00000000-0000-4000-8000-00000000beef',
};
const body = JSON.stringify(orderBody());
// warm up (JIT, pools, snapshot of the auth cache)
await runLoad({
  url: 'http://127.0.0.1:3902/v3/orders',
  method: 'POST',
  headers,
  body,
  connections: 8,
  amount: 500,
});
const creates = await runLoad({
  url: 'http://127.0.0.1:3902/v3/orders',
  method: 'POST',
  headers,
  body,
  connections: 32,
  duration: seconds,
});
rows.push(row('POST /v3/orders, max rate (32 connections)', creates));
const paced = await runPaced({
  url: 'http://127.0.0.1:3902/v3/orders',
  headers,
  body,
  rate: 1_000,
  seconds,
});
rows.push({ case: 'POST /v3/orders paced at 1,000/s (open loop)', ...paced });
// The same rate through autocannon's own limit, for comparison: each connection sends its
// quota for the second back to back as soon as the second starts, then waits for the next
// one, so the server sees bursts at full speed with 32 requests in flight, not 1,000/s.
const bursts = await runLoad({
  url: 'http://127.0.0.1:3902/v3/orders',
  method: 'POST',
  headers,
  body,
  connections: 32,
  overallRate: 1_000,
  duration: seconds,
});
rows.push(row("POST /v3/orders, autocannon's overallRate 1,000", bursts));

// deliver-loads: orders walked to on-delivery first, then one command per order.
const orderIds: string[] = [];
for (let i = 0; i < 3_000; i++) {
  const res = await fetch('http://127.0.0.1:3902/v3/orders', {
    method: 'POST',
    headers,
    body: JSON.stringify(orderBody({ order_status: 'assigned' })),
  });
  const id = ((await res.json()) as { data: { order_id: string } }).data.order_id;
  for (const status of ['to-picking', 'picked', 'on-delivery']) {
    await fetch(`http://127.0.0.1:3902/v3/orders/${id}`, {
      method: 'PUT',
      headers,
      body: JSON.stringify({ order_status: status }),
    });
  }
  orderIds.push(id);
}
let next = 0;
const deliver = await runLoad({
  url: 'http://127.0.0.1:3902',
  connections: 16,
  amount: orderIds.length,
  requests: [
    {
      method: 'POST',
      headers,
      setupRequest: (request) => ({
        ...request,
        path: `/v3/orders/${orderIds[next++ % orderIds.length]}/deliver-loads`,
        body: JSON.stringify({
          loads: ['LOAD-001', 'LOAD-002', 'LOAD-003', 'LOAD-004'],
          recipient_name: 'Ayşe Yılmaz',
        }),
      }),
    },
  ],
});
rows.push(row('POST /:order_id/deliver-loads (16 connections)', deliver));
api.child.kill();

console.table(rows);
const baseline = rows[0]!['req/s'];
const createRate = rows[1]!['req/s'];
const p99At1000 = rows[2]!.p99;
console.log(
  `creates/s: ${createRate} (${((createRate / baseline) * 100).toFixed(1)}% of the hello-world baseline; target >= 3000) ${createRate >= 3000 ? 'PASS' : 'MISS'}`,
);
console.log(`p99 at 1,000 creates/s: ${p99At1000} ms (target < 25 ms) ${p99At1000 < 25 ? 'PASS' : 'MISS'}`);
const admin = new pg.Client({ connectionString: databaseUrlFor(server, 'postgres') });
await admin.connect();
await admin.query(`drop database ${database} with (force)`);
await admin.end();
