// Test support, run as a child process by export-memory.int.spec.ts: serves order-api on a
// loopback port, downloads one export (CSV or XLSX) as a stream and reports the process's peak
// memory while doing it, as one JSON line on stdout.
import { createEventStore } from '@orders/event-store';
import { createLogger } from '@orders/service-kit';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { buildApp } from '../app.ts';
import { createClient } from '../auth/clients.ts';
import type { OrderApiTables } from '../db/schema.ts';
import { parseEnv } from '../env.ts';

const [url, format, query = ''] = process.argv.slice(2);
if (!url || (format !== 'csv' && format !== 'xlsx'))
  throw new Error('usage: export-memory.worker.ts <database url> <csv|xlsx>');
const pool = new pg.Pool({ connectionString: url, max: 4 });
const store = createEventStore({ connectionString: url, poolSize: 2 });
const config = parseEnv({ DATABASE_URL: url, LOG_LEVEL: 'silent' });
const app = await buildApp({
  logger: createLogger({ service: 'order-api', level: 'silent' }),
  pool,
  store,
  config,
});
const client = await createClient(new Kysely<OrderApiTables>({ dialect: new PostgresDialect({ pool }) }), {
  tenantId: 'tenant-a',
});
await app.listen({ host: '127.0.0.1', port: 0 });
const address = app.server.address();
if (!address || typeof address === 'string') throw new Error('no port');

const baseline = process.memoryUsage();
let peakRss = baseline.rss;
let peakHeap = baseline.heapUsed;
const sample = setInterval(() => {
  const m = process.memoryUsage();
  peakRss = Math.max(peakRss, m.rss);
  peakHeap = Math.max(peakHeap, m.heapUsed);
}, 10);

const started = Date.now();
const res = await fetch(`http://127.0.0.1:${address.port}/v3/orders/all/export?format=${format}${query}`, {
  headers: {
    'x-client-id': client.clientId,
    'x-client-secret': client.secret,
    'x-user-id': '0b6f6a52-3f0e-4f43-9d55-7a1d2a3c4b01',
  },
});
let bytes = 0;
let lines = 0;
let head = '';
const reader = res.body!.getReader();
for (;;) {
  const { done, value } = await reader.read();
  if (done) break;
  if (bytes === 0) head = Buffer.from(value.subarray(0, 2)).toString('latin1');
  bytes += value.length;
  if (format === 'csv') for (const byte of value) if (byte === 10) lines++;
  // A slow reader: the server must wait for it rather than buffer the file.
  if (bytes % 5 === 0) await new Promise((r) => setTimeout(r, 1));
}
clearInterval(sample);
process.stdout.write(
  `${JSON.stringify({
    status: res.status,
    head,
    bytes,
    lines,
    seconds: (Date.now() - started) / 1000,
    baselineRss: baseline.rss,
    baselineHeap: baseline.heapUsed,
    peakRss,
    peakHeap,
  })}\n`,
);
await app.close();
await store.close();
await pool.end();
