// The distributed run without Docker: every service of the platform as its own OS process on
// this machine, against a PostgreSQL server and a Kafka broker that already run. The same
// parts as docker-compose.yml: order-api twice, projector, relay, vigo-sandbox, vigo-connector
// with the Kafka source. Tests and the fault runs use this module; `src/cli.ts` is the command.
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { databaseUrlFor, ensureDatabase, waitForPostgres } from '@orders/local-postgres';
import { z } from 'zod';
import { describeExit, freePort, ManagedProcess, type ExitStatus, type ProcessSpec } from './process.ts';

export { describeExit, freePort, ManagedProcess, type ExitStatus } from './process.ts';

/** The repository root (infra/distributed/src → three levels up). */
export const repoRoot = resolve(fileURLToPath(import.meta.url), '../../../..');

export const serviceNames = [
  'order-api-1',
  'order-api-2',
  'projector',
  'relay',
  'vigo-sandbox',
  'vigo-connector',
] as const;
export type ServiceName = (typeof serviceNames)[number];

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

/** The acting user the connector records on every command it sends to order-api. */
export const connectorUserId = '00000000-0000-4000-8000-00000000c0c0';

export interface DistributedOptions {
  /** Any URL of the PostgreSQL server; the run's database is made there when missing. */
  postgresUrl: string;
  /** The run's own database (created when it does not exist, kept afterwards). */
  database: string;
  /** Comma-separated `host:port` of the Kafka brokers. */
  kafkaBrokers: string;
  /** Where `logs/<name>.log` and the connector's client id file go. */
  dataDir: string;
  /** The topic the relay publishes to and the connector consumes (default `orders.events.v1`). */
  topic?: string;
  /** Partitions of a topic the relay creates (default 12, as the relay's own default). */
  topicPartitions?: number;
  /** The connector's consumer group (default `vigo-connector`). */
  consumerGroup?: string;
  host?: string;
  /** Fixed ports; a service left out gets a free port. */
  ports?: Partial<Record<ServiceName, number>>;
  logLevel?: LogLevel;
  /** The demo client order-api seeds (default tenant `demo`). */
  demoClient?: { clientId: string; secret: string; tenant?: string };
  /** What the sandbox's callbacks carry to the connector. */
  callbackToken?: string;
  posMerchantSecret?: string;
  posMerchantNo?: string;
  /** Time between two courier states of the sandbox (its default is 2 s). */
  sandboxStepIntervalMs?: number;
  /** Extra variables per service (fault knobs, smaller pools, …); they override the launcher's. */
  env?: Partial<Record<ServiceName, Record<string, string>>>;
  /** How long each service may take to answer `/ready` (default 60 s). */
  readyTimeoutMs?: number;
  /**
   * Called when a process exits without being told to (a crash, not `kill` or `stop`). The
   * process is not restarted unless this does it.
   */
  onUnexpectedExit?: (name: ServiceName, status: ExitStatus) => void;
  /** Progress lines (`starting order-api-1 …`); silent by default. */
  say?: (line: string) => void;
}

export interface DistributedUrls {
  /** order-api replicas (both serve the same database). */
  api: [string, string];
  projector: string;
  relay: string;
  connector: string;
  /** The sandbox's Vigo API (base path included) and its control endpoints. */
  vigo: string;
  vigoControl: string;
}

export interface Distributed {
  urls: DistributedUrls;
  /** The run's database. */
  databaseUrl: string;
  topic: string;
  consumerGroup: string;
  demoClient: { clientId: string; secret: string; tenant: string };
  /** The connector's own order-api client (its secret is rotated at every start). */
  connectorClient: { clientId: string; secret: string; userId: string };
  callbackToken: string;
  posMerchantSecret: string;
  logDir: string;
  process(name: ServiceName): ManagedProcess;
  /** Kills one service (SIGKILL by default) and waits for its exit. */
  kill(name: ServiceName, signal?: NodeJS.Signals): Promise<ExitStatus>;
  /** Starts a service that is not running again, with the same settings, and waits until it is ready. */
  restart(name: ServiceName): Promise<void>;
  /** Stops every service (SIGTERM, SIGKILL after `graceMs`), the connector first and order-api last. */
  stop(graceMs?: number): Promise<void>;
}

const defaults = {
  topic: 'orders.events.v1',
  consumerGroup: 'vigo-connector',
  host: '127.0.0.1',
  logLevel: 'info' as LogLevel,
  demoClient: { clientId: 'demo-client', secret: 'demo-secret-change-me', tenant: 'demo' },
  callbackToken: 'distributed-callback-token',
  posMerchantSecret: 'distributed-pos-merchant-secret',
  readyTimeoutMs: 60_000,
};

const entries: Record<ServiceName, string> = {
  'order-api-1': 'services/order-api/src/server.ts',
  'order-api-2': 'services/order-api/src/server.ts',
  projector: 'services/projector/src/server.ts',
  relay: 'services/relay/src/server.ts',
  'vigo-sandbox': 'infra/vigo-sandbox/src/server.ts',
  'vigo-connector': 'services/vigo-connector/src/server.ts',
};

/**
 * Every process started by this module and still alive: killed when the launching process
 * exits, whatever the reason (a failed test, a test runner ending its worker with SIGTERM).
 */
const alive = new Set<ManagedProcess>();
let exitHookInstalled = false;
const killAlive = () => {
  for (const p of alive) p.killNow();
};
function track(managed: ManagedProcess): void {
  alive.add(managed);
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.once('exit', killAlive);
  // Node ends on SIGTERM / SIGHUP without an 'exit' event. Where nobody handles them (a test
  // worker; the CLI has its own handlers), the children are killed first, then the signal is
  // raised again so that the process ends as it would have.
  for (const signal of ['SIGTERM', 'SIGHUP'] as const) {
    if (process.listenerCount(signal) > 0) continue;
    process.once(signal, () => {
      killAlive();
      process.kill(process.pid, signal);
    });
  }
}

/**
 * Starts the whole set, in order: order-api #1 (applies every migration), then order-api #2,
 * the projector, the relay (which creates the topic) and the sandbox, then the connector
 * (Kafka source). Resolves when each answers `/ready` (the sandbox: `/health`). On a failure
 * everything started so far is stopped before the error is thrown.
 */
export async function startDistributed(options: DistributedOptions): Promise<Distributed> {
  const say = options.say ?? (() => undefined);
  const host = options.host ?? defaults.host;
  const topic = options.topic ?? defaults.topic;
  const consumerGroup = options.consumerGroup ?? defaults.consumerGroup;
  const logLevel = options.logLevel ?? defaults.logLevel;
  const demo = { ...defaults.demoClient, ...options.demoClient };
  const callbackToken = options.callbackToken ?? defaults.callbackToken;
  const posMerchantSecret = options.posMerchantSecret ?? defaults.posMerchantSecret;
  const readyTimeoutMs = options.readyTimeoutMs ?? defaults.readyTimeoutMs;
  const dataDir = resolve(repoRoot, options.dataDir);
  const logDir = join(dataDir, 'logs');
  mkdirSync(logDir, { recursive: true });

  await waitForPostgres(options.postgresUrl);
  await ensureDatabase(options.postgresUrl, options.database);
  const databaseUrl = databaseUrlFor(options.postgresUrl, options.database);

  const ports = {} as Record<ServiceName, number>;
  for (const name of serviceNames) ports[name] = options.ports?.[name] ?? (await freePort(host));
  const url = (name: ServiceName) => `http://${host}:${ports[name]}`;
  const urls: DistributedUrls = {
    api: [url('order-api-1'), url('order-api-2')],
    projector: url('projector'),
    relay: url('relay'),
    connector: url('vigo-connector'),
    vigo: `${url('vigo-sandbox')}/api/v2`,
    vigoControl: `${url('vigo-sandbox')}/_sandbox`,
  };
  const callbackUrl = `${urls.connector}/vigo/callbacks`;

  const common = (name: ServiceName) => ({ HOST: host, PORT: String(ports[name]), LOG_LEVEL: logLevel });
  // Pools are small: every process shares one PostgreSQL server (and, here, its 100 connections).
  const orderApi = (name: 'order-api-1' | 'order-api-2', migrate: boolean) => ({
    ...common(name),
    DATABASE_URL: databaseUrl,
    DATABASE_POOL_SIZE: '4',
    MIGRATE_ON_START: String(migrate),
    ORDERS_DEMO_CLIENT_ID: demo.clientId,
    ORDERS_DEMO_CLIENT_SECRET: demo.secret,
    ORDERS_DEMO_TENANT: demo.tenant,
    POS_MERCHANT_SECRET: posMerchantSecret,
    ...(options.posMerchantNo ? { POS_MERCHANT_NO: options.posMerchantNo } : {}),
    POS_SUCCESS_URL: `${url(name)}/payment/success`,
    POS_FAIL_URL: `${url(name)}/payment/fail`,
  });

  const processes = new Map<ServiceName, ManagedProcess>();
  /** Processes between spawn and /ready. */
  const starting = new Set<ServiceName>();
  const define = (name: ServiceName, env: Record<string, string>, readyPath = '/ready') => {
    const spec: ProcessSpec = {
      name,
      entry: resolve(repoRoot, entries[name]),
      env: { ...env, ...options.env?.[name] },
      readyUrl: `${url(name)}${readyPath}`,
      logFile: join(logDir, `${name}.log`),
    };
    const managed = new ManagedProcess(spec, (p, status) => {
      alive.delete(p);
      say(`${name} exited unexpectedly (${describeExit(status)}); log: ${spec.logFile}`);
      // An exit before /ready is start()'s to handle (it starts the process again or fails).
      if (!starting.has(name)) options.onUnexpectedExit?.(name, status);
    });
    processes.set(name, managed);
    return managed;
  };
  /**
   * Starts a process and waits for /ready. One that exits before it is ready is started again,
   * twice at most, as compose's `restart: on-failure` would: the connector exits on purpose
   * when its consumer cannot start yet (a topic the broker does not serve yet), to be restarted.
   */
  const start = async (managed: ManagedProcess) => {
    const name = managed.name as ServiceName;
    say(`starting ${name} (${url(name)})`);
    starting.add(name);
    try {
      for (let attempt = 1; ; attempt += 1) {
        track(managed);
        try {
          await managed.start(readyTimeoutMs);
          break;
        } catch (error) {
          if (managed.running || attempt >= 3) throw error;
          say(`${name} exited before it was ready (attempt ${attempt} of 3); starting it again`);
          await new Promise((done) => setTimeout(done, 1_000));
        }
      }
    } finally {
      starting.delete(name);
    }
    say(`${name} ready (pid ${managed.pid})`);
  };

  const stopAll = async (graceMs = 10_000) => {
    // Reverse order of dependence: nothing calls a process that has already stopped.
    const waves: ServiceName[][] = [
      ['vigo-connector'],
      ['vigo-sandbox', 'relay', 'projector'],
      ['order-api-2'],
      ['order-api-1'],
    ];
    for (const wave of waves) {
      await Promise.all(
        wave.map(async (name) => {
          const managed = processes.get(name);
          if (!managed) return;
          await managed.stop(graceMs);
          alive.delete(managed);
        }),
      );
    }
  };

  try {
    const api1 = define('order-api-1', orderApi('order-api-1', true));
    await start(api1);
    const connectorClient = await connectorClientFor(databaseUrl, demo.tenant, dataDir, options.database);

    define('order-api-2', orderApi('order-api-2', false));
    define('projector', {
      ...common('projector'),
      DATABASE_URL: databaseUrl,
      DATABASE_POOL_SIZE: '3',
      MIGRATE_ON_START: 'false',
    });
    define('relay', {
      ...common('relay'),
      DATABASE_URL: databaseUrl,
      DATABASE_POOL_SIZE: '2',
      MIGRATE_ON_START: 'false',
      KAFKA_BROKERS: options.kafkaBrokers,
      RELAY_TOPIC: topic,
      ...(options.topicPartitions ? { RELAY_TOPIC_PARTITIONS: String(options.topicPartitions) } : {}),
    });
    define(
      'vigo-sandbox',
      {
        ...common('vigo-sandbox'),
        VIGO_SANDBOX_PICKUP_POINT_CALLBACK_URL: callbackUrl,
        VIGO_SANDBOX_PICKUP_POINT_CALLBACK_TOKEN: callbackToken,
        VIGO_SANDBOX_PICKUP_POINT_CALLBACK_TOKEN_HEADER: 'x-api-key',
        ...(options.sandboxStepIntervalMs === undefined
          ? {}
          : { VIGO_SANDBOX_STEP_INTERVAL_MS: String(options.sandboxStepIntervalMs) }),
      },
      '/health',
    );
    define('vigo-connector', {
      ...common('vigo-connector'),
      DATABASE_URL: databaseUrl,
      DATABASE_POOL_SIZE: '2',
      DATABASE_LOCK_POOL_SIZE: '2',
      MIGRATE_ON_START: 'true',
      SOURCE: 'kafka',
      KAFKA_BROKERS: options.kafkaBrokers,
      KAFKA_TOPIC: topic,
      KAFKA_GROUP_ID: consumerGroup,
      VIGO_BASE_URL: urls.vigo,
      VIGO_CLIENT_ID: 'sandbox-client',
      VIGO_CLIENT_SECRET: 'sandbox-secret',
      CALLBACK_PUBLIC_URL: callbackUrl,
      CALLBACK_TOKEN: callbackToken,
      CALLBACK_TOKEN_HEADER: 'x-api-key',
      // The second replica: the first one takes the clients' traffic in the README's examples.
      ORDER_API_URL: urls.api[1],
      ORDER_API_CLIENT_ID: connectorClient.clientId,
      ORDER_API_CLIENT_SECRET: connectorClient.secret,
      ORDER_API_USER_ID: connectorUserId,
      ORDER_API_TENANT_ID: demo.tenant,
    });

    await Promise.all(
      (['order-api-2', 'projector', 'relay', 'vigo-sandbox'] as const).map((name) =>
        start(processes.get(name)!),
      ),
    );
    // After the relay made the topic, so the consumer group finds it; after order-api #2, which it calls.
    await start(processes.get('vigo-connector')!);

    return {
      urls,
      databaseUrl,
      topic,
      consumerGroup,
      demoClient: demo,
      connectorClient: { ...connectorClient, userId: connectorUserId },
      callbackToken,
      posMerchantSecret,
      logDir,
      process: (name) => processes.get(name)!,
      kill: async (name, signal = 'SIGKILL') => {
        const managed = processes.get(name)!;
        const status = await managed.kill(signal);
        alive.delete(managed);
        return status;
      },
      restart: async (name) => {
        const managed = processes.get(name)!;
        if (managed.running) throw new Error(`${name} is still running; kill or stop it first`);
        await start(managed);
      },
      stop: stopAll,
    };
  } catch (error) {
    await stopAll(2_000);
    throw error;
  }
}

const clientIdFile = z.object({ clientId: z.string().min(1), tenant: z.string().min(1) });

/**
 * The connector's own order-api client, made with order-api's CLI as an operator would: the
 * client id is kept in `<dataDir>/<database>.connector-client.json` and its secret rotated at
 * every start (so no secret is ever written to disk); a missing or unknown client is created.
 */
async function connectorClientFor(
  databaseUrl: string,
  tenant: string,
  dataDir: string,
  database: string,
): Promise<{ clientId: string; secret: string }> {
  const file = join(dataDir, `${database}.connector-client.json`);
  let known: z.infer<typeof clientIdFile> | undefined;
  try {
    known = clientIdFile.parse(JSON.parse(readFileSync(file, 'utf8')));
  } catch {
    known = undefined;
  }
  if (known && known.tenant === tenant) {
    const rotated = await orderApiCli(databaseUrl, ['clients', 'rotate', known.clientId]);
    const secret = /x-client-secret:\s+(\S+)/.exec(rotated.out)?.[1];
    if (rotated.code === 0 && secret) return { clientId: known.clientId, secret };
  }
  const created = await orderApiCli(databaseUrl, [
    'clients',
    'create',
    '--tenant',
    tenant,
    '--name',
    'vigo-connector',
  ]);
  const clientId = /x-client-id:\s+(\S+)/.exec(created.out)?.[1];
  const secret = /x-client-secret:\s+(\S+)/.exec(created.out)?.[1];
  if (created.code !== 0 || !clientId || !secret) {
    throw new Error(`order-api clients create failed (exit ${created.code}): ${created.err.slice(-500)}`);
  }
  writeFileSync(file, `${JSON.stringify({ clientId, tenant })}\n`);
  return { clientId, secret };
}

function orderApiCli(
  databaseUrl: string,
  args: string[],
): Promise<{ code: number | null; out: string; err: string }> {
  const child = spawn(process.execPath, [resolve(repoRoot, 'services/order-api/src/cli.ts'), ...args], {
    env: { PATH: process.env['PATH'] ?? '', DATABASE_URL: databaseUrl },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  child.stdout.setEncoding('utf8').on('data', (c: string) => (out += c));
  child.stderr.setEncoding('utf8').on('data', (c: string) => (err += c));
  return new Promise((done) => child.once('exit', (code) => done({ code, out, err })));
}
