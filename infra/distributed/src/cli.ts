// `pnpm distributed`: the distributed run on this machine, without Docker. Every service as its
// own OS process (logs in <DISTRIBUTED_DATA_DIR>/logs/<name>.log), against the PostgreSQL of
// DATABASE_URL and the broker of KAFKA_BROKERS (or infra/kafka's, started here when unset).
// Ctrl-C or SIGTERM stops everything.
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { redactUrl } from '@orders/local-postgres';
import { parseDistributedEnv, publicDefaults } from './env.ts';
import { describeExit, repoRoot, startDistributed, type Distributed, type ServiceName } from './launcher.ts';

const env = parseDistributedEnv(process.env);
const say = (line: string) => process.stderr.write(`[distributed] ${line}\n`);

/** The broker to use, and whether this run started it (and so stops it at the end). */
function kafka(): { brokers: string; startedHere: boolean } {
  if (env.KAFKA_BROKERS) return { brokers: env.KAFKA_BROKERS, startedHere: false };
  const kafkaEnv = { ...process.env, KAFKA_PORT: String(env.KAFKA_PORT) };
  const brokers = `127.0.0.1:${env.KAFKA_PORT}`;
  const status = spawnSync(resolve(repoRoot, 'infra/kafka/status'), { env: kafkaEnv, stdio: 'ignore' });
  if (status.status === 0) {
    say(`KAFKA_BROKERS is not set; using the running infra/kafka broker on ${brokers}`);
    return { brokers, startedHere: false };
  }
  say(`KAFKA_BROKERS is not set; starting the broker with infra/kafka/start (${brokers})`);
  const started = spawnSync(resolve(repoRoot, 'infra/kafka/start'), { env: kafkaEnv, stdio: 'inherit' });
  if (started.status !== 0) throw new Error('infra/kafka/start failed (it needs Java 17 and Maven)');
  return { brokers, startedHere: true };
}

const broker = kafka();
let run: Distributed | null = null;
let stopping = false;
/** Restarts within the last minute, per service: a process that keeps crashing stops the run. */
const recentRestarts = new Map<ServiceName, number[]>();

async function stopAll(exitCode: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  say('stopping services');
  await run?.stop();
  if (broker.startedHere) {
    say('stopping the Kafka broker this run started');
    spawnSync(resolve(repoRoot, 'infra/kafka/stop'), {
      env: { ...process.env, KAFKA_PORT: String(env.KAFKA_PORT) },
      stdio: 'inherit',
    });
  }
  say('stopped');
  process.exit(exitCode);
}

process.on('SIGINT', () => void stopAll(0));
process.on('SIGTERM', () => void stopAll(0));

say(`PostgreSQL ${redactUrl(env.DATABASE_URL)}, database ${env.DISTRIBUTED_DATABASE}`);
try {
  run = await startDistributed({
    postgresUrl: env.DATABASE_URL,
    database: env.DISTRIBUTED_DATABASE,
    kafkaBrokers: broker.brokers,
    topic: env.KAFKA_TOPIC,
    dataDir: env.DISTRIBUTED_DATA_DIR,
    host: env.HOST,
    ports: {
      'order-api-1': env.ORDER_API_PORT,
      'order-api-2': env.ORDER_API_2_PORT,
      projector: env.PROJECTOR_PORT,
      relay: env.RELAY_PORT,
      'vigo-connector': env.VIGO_CONNECTOR_PORT,
      'vigo-sandbox': env.VIGO_SANDBOX_PORT,
    },
    logLevel: env.LOG_LEVEL,
    demoClient: {
      clientId: env.ORDERS_DEMO_CLIENT_ID,
      secret: env.ORDERS_DEMO_CLIENT_SECRET,
      tenant: env.ORDERS_DEMO_TENANT,
    },
    callbackToken: env.VIGO_CALLBACK_TOKEN,
    posMerchantSecret: env.POS_MERCHANT_SECRET,
    ...(env.POS_MERCHANT_NO ? { posMerchantNo: env.POS_MERCHANT_NO } : {}),
    ...(env.VIGO_SANDBOX_STEP_INTERVAL_MS === undefined
      ? {}
      : { sandboxStepIntervalMs: env.VIGO_SANDBOX_STEP_INTERVAL_MS }),
    say,
    // As compose's `restart: on-failure`: a crashed process is started again, unless it keeps crashing.
    onUnexpectedExit: (name, status) => {
      if (stopping || !run) return;
      const now = Date.now();
      const times = (recentRestarts.get(name) ?? []).filter((t) => now - t < 60_000);
      if (times.length >= 3) {
        say(`${name} exited (${describeExit(status)}) a fourth time within a minute; stopping everything`);
        void stopAll(1);
        return;
      }
      recentRestarts.set(name, [...times, now]);
      say(`restarting ${name}`);
      run.restart(name).catch((error: unknown) => {
        say(`${name} could not be restarted: ${error instanceof Error ? error.message : String(error)}`);
        void stopAll(1);
      });
    },
  });
} catch (error) {
  say(error instanceof Error ? error.message : String(error));
  await stopAll(1);
}

if (run) {
  const [api, api2] = run.urls.api;
  const demo = run.demoClient;
  const demoUser = '00000000-0000-4000-8000-000000000001';
  say(`ready (each service its own process; logs in ${run.logDir}):
  API        ${api}/v3/orders   (replica: ${api2}/v3/orders, same database)
  docs       ${api}/docs
  health     ${api}/health   ready ${api}/ready
  metrics    order-api ${api}/metrics, ${api2}/metrics · projector ${run.urls.projector}/metrics · relay ${run.urls.relay}/metrics · connector ${run.urls.connector}/metrics
  status     projections ${run.urls.projector}/projections · relay ${run.urls.relay}/status
  vigo       sandbox ${run.urls.vigo} (control: ${run.urls.vigoControl}), connector ${run.urls.connector}
  kafka      ${broker.brokers}, topic ${run.topic}, consumer group ${run.consumerGroup}
  demo client (tenant ${demo.tenant}):
    x-client-id: ${demo.clientId}
    x-client-secret: ${demo.secret}
    x-user-id: ${demoUser}   (any uuid: the acting user)
  try: curl -s ${api}/v3/orders -H 'x-client-id: ${demo.clientId}' -H 'x-client-secret: ${demo.secret}' -H 'x-user-id: ${demoUser}'
Press Ctrl-C to stop.`);
  if (
    env.ORDERS_DEMO_CLIENT_ID === publicDefaults.clientId ||
    env.ORDERS_DEMO_CLIENT_SECRET === publicDefaults.secret ||
    env.VIGO_CALLBACK_TOKEN === publicDefaults.callbackToken ||
    env.POS_MERCHANT_SECRET === publicDefaults.posMerchantSecret
  ) {
    say(
      'WARNING: public default credentials are in use (demo client, Vigo callback token or POS merchant secret); set ORDERS_DEMO_CLIENT_ID / ORDERS_DEMO_CLIENT_SECRET, VIGO_CALLBACK_TOKEN and POS_MERCHANT_SECRET for anything but a demo.',
    );
  }
}
