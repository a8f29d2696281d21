import { spawn, type ChildProcess } from 'node:child_process';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  databaseUrlFor,
  ensureDatabase,
  startEmbeddedPostgres,
  waitForPostgres,
} from '@orders/local-postgres';
import { demoDefaults, parseEmbeddedEnv } from './env.ts';

// The embedded default: one process tree. PostgreSQL (embedded unless DATABASE_URL is
// set), then every service as a child process of this one. Ctrl-C stops them all.
const root = resolve(fileURLToPath(import.meta.url), '../../../..');
const env = parseEmbeddedEnv(process.env);
const say = (line: string) => process.stderr.write(`[embedded] ${line}\n`);

let stopPostgres: () => Promise<void> = async () => undefined;
let serverUrl: string;
if (env.DATABASE_URL) {
  serverUrl = env.DATABASE_URL;
  await waitForPostgres(serverUrl);
  say(`using PostgreSQL from DATABASE_URL`);
} else {
  const dataDir = resolve(root, env.EMBEDDED_PG_DATA);
  say(`starting embedded PostgreSQL on 127.0.0.1:${env.EMBEDDED_PG_PORT} (data: ${dataDir})`);
  // This process stops everything itself on Ctrl-C (stopAll below), PostgreSQL last.
  const pg = await startEmbeddedPostgres({ dataDir, port: env.EMBEDDED_PG_PORT, ownSignals: true });
  serverUrl = pg.url;
  stopPostgres = pg.stop;
}
await ensureDatabase(serverUrl, env.ORDERS_DATABASE);
const databaseUrl = databaseUrlFor(serverUrl, env.ORDERS_DATABASE);

interface Service {
  name: string;
  entry: string;
  env: Record<string, string>;
}

const services: Service[] = [
  {
    name: 'order-api',
    entry: 'services/order-api/src/server.ts',
    env: {
      PORT: String(env.API_PORT),
      HOST: env.HOST,
      DATABASE_URL: databaseUrl,
      LOG_LEVEL: env.LOG_LEVEL,
      ORDERS_DEMO_CLIENT_ID: env.ORDERS_DEMO_CLIENT_ID,
      ORDERS_DEMO_CLIENT_SECRET: env.ORDERS_DEMO_CLIENT_SECRET,
      ORDERS_DEMO_TENANT: env.ORDERS_DEMO_TENANT,
    },
  },
  {
    // The read models (list, logs, report, balances) that order-api's query routes answer from.
    // order-api applies the migrations (the read models' too); the projector retries until they are there.
    name: 'projector',
    entry: 'services/projector/src/server.ts',
    env: {
      PORT: String(env.PROJECTOR_PORT ?? env.API_PORT + 1),
      HOST: env.HOST,
      DATABASE_URL: databaseUrl,
      LOG_LEVEL: env.LOG_LEVEL,
      MIGRATE_ON_START: 'false',
    },
  },
  {
    // The courier network's stand-in: Vigo's API as documented, walking orders by callbacks.
    name: 'vigo-sandbox',
    entry: 'infra/vigo-sandbox/src/server.ts',
    env: {
      PORT: String(env.VIGO_SANDBOX_PORT),
      HOST: env.HOST,
      LOG_LEVEL: env.LOG_LEVEL,
      VIGO_SANDBOX_PICKUP_POINT_CALLBACK_URL: `http://${env.HOST}:${env.VIGO_CONNECTOR_PORT}/vigo/callbacks`,
      VIGO_SANDBOX_PICKUP_POINT_CALLBACK_TOKEN: env.VIGO_CALLBACK_TOKEN,
      VIGO_SANDBOX_PICKUP_POINT_CALLBACK_TOKEN_HEADER: 'x-api-key',
      ...(env.VIGO_SANDBOX_STEP_INTERVAL_MS === undefined
        ? {}
        : { VIGO_SANDBOX_STEP_INTERVAL_MS: String(env.VIGO_SANDBOX_STEP_INTERVAL_MS) }),
    },
  },
  {
    // Orders with third_party_channel "vigo" go to the sandbox, straight from the event store.
    // It calls order-api with the demo client (a demo shortcut; a deployment gives it its own).
    name: 'vigo-connector',
    entry: 'services/vigo-connector/src/server.ts',
    env: {
      PORT: String(env.VIGO_CONNECTOR_PORT),
      HOST: env.HOST,
      LOG_LEVEL: env.LOG_LEVEL,
      DATABASE_URL: databaseUrl,
      SOURCE: 'event-store',
      VIGO_BASE_URL: `http://${env.HOST}:${env.VIGO_SANDBOX_PORT}/api/v2`,
      VIGO_CLIENT_ID: 'sandbox-client',
      VIGO_CLIENT_SECRET: 'sandbox-secret',
      CALLBACK_PUBLIC_URL: `http://${env.HOST}:${env.VIGO_CONNECTOR_PORT}/vigo/callbacks`,
      CALLBACK_TOKEN: env.VIGO_CALLBACK_TOKEN,
      CALLBACK_TOKEN_HEADER: 'x-api-key',
      ORDER_API_URL: `http://${env.HOST}:${env.API_PORT}`,
      ORDER_API_CLIENT_ID: env.ORDERS_DEMO_CLIENT_ID,
      ORDER_API_CLIENT_SECRET: env.ORDERS_DEMO_CLIENT_SECRET,
      ORDER_API_USER_ID: '00000000-0000-4000-8000-00000000c0c0',
      ORDER_API_TENANT_ID: env.ORDERS_DEMO_TENANT,
    },
  },
];

const children = new Map<string, ChildProcess>();
let stopping = false;

function startService(service: Service): void {
  const child = spawn(process.execPath, [resolve(root, service.entry)], {
    env: { ...process.env, ...service.env },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  children.set(service.name, child);
  child.on('exit', (code, signal) => {
    children.delete(service.name);
    if (!stopping) {
      say(`${service.name} exited (${signal ?? code}); stopping everything`);
      void stopAll(1);
    }
  });
}

async function stopAll(exitCode: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  say('stopping services');
  await Promise.all(
    [...children.values()].map(
      (child) =>
        new Promise<void>((done) => {
          child.once('exit', () => done());
          child.kill('SIGTERM');
        }),
    ),
  );
  await stopPostgres();
  say('stopped');
  process.exit(exitCode);
}

process.on('SIGINT', () => void stopAll(0));
process.on('SIGTERM', () => void stopAll(0));

for (const service of services) startService(service);

const api = `http://${env.HOST}:${env.API_PORT}`;
const deadline = Date.now() + 30_000;
while (Date.now() < deadline) {
  const ok = await fetch(`${api}/health`).then(
    (r) => r.ok,
    () => false,
  );
  if (ok) break;
  await new Promise((r) => setTimeout(r, 200));
}
const demoUser = '00000000-0000-4000-8000-000000000001';
say(`ready:
  API      ${api}/v3/orders
  docs     ${api}/docs
  health   ${api}/health   ready ${api}/ready
  metrics  ${api}/metrics
  vigo     sandbox http://${env.HOST}:${env.VIGO_SANDBOX_PORT}/api/v2 (control: /_sandbox), connector http://${env.HOST}:${env.VIGO_CONNECTOR_PORT}/metrics
  demo client (tenant ${env.ORDERS_DEMO_TENANT}):
    x-client-id: ${env.ORDERS_DEMO_CLIENT_ID}
    x-client-secret: ${env.ORDERS_DEMO_CLIENT_SECRET}
    x-user-id: ${demoUser}   (any uuid: the acting user)
  try: curl -s ${api}/v3/orders/calculate-order-price -H 'content-type: application/json' \\
         -H 'x-client-id: ${env.ORDERS_DEMO_CLIENT_ID}' -H 'x-client-secret: ${env.ORDERS_DEMO_CLIENT_SECRET}' -H 'x-user-id: ${demoUser}' \\
         -d '{"origin":{"latitude":41.01,"longitude":28.98},"destination":{"latitude":39.93,"longitude":32.86},"vehicle_type":"van","weight":120}'
Press Ctrl-C to stop.`);
if (
  env.ORDERS_DEMO_CLIENT_ID === demoDefaults.clientId ||
  env.ORDERS_DEMO_CLIENT_SECRET === demoDefaults.secret
) {
  say(
    'WARNING: the demo client uses the public default credentials; set ORDERS_DEMO_CLIENT_ID and ORDERS_DEMO_CLIENT_SECRET for anything but a demo.',
  );
}
