// A Kafka broker of the caller's own: infra/kafka/start on free ports with its data in a
// temporary folder (KAFKA_PORT, KAFKA_CONTROLLER_PORT, KAFKA_CACHE_DIR are the script's own
// knobs), so that stopping and restarting it disturbs no other test. The Maven-resolved jars of
// infra/kafka/cache/lib are shared through a symlink, not resolved a second time.
import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdtemp, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { freePort, repoRoot } from '../launcher.ts';

const run = promisify(execFile);
const kafkaDir = resolve(repoRoot, 'infra/kafka');

export interface OwnBroker {
  /** `127.0.0.1:<port>` */
  brokers: string;
  /** `infra/kafka/stop`: SIGTERM, waits for the exit (SIGKILL after 30 s). */
  stop(): Promise<string>;
  /** `infra/kafka/start`: waits until the broker answers a metadata request. */
  start(): Promise<string>;
  /** Stops the broker and removes its data. */
  close(): Promise<void>;
}

/** Starts a broker of its own and resolves once it answers; it is killed when this process exits. */
export async function startOwnBroker(): Promise<OwnBroker> {
  const port = await freePort();
  let controllerPort = await freePort();
  while (controllerPort === port) controllerPort = await freePort();
  const cacheDir = await mkdtemp(join(tmpdir(), 'orders-faults-kafka-'));
  const sharedLib = join(kafkaDir, 'cache', 'lib');
  if (existsSync(sharedLib)) await symlink(sharedLib, join(cacheDir, 'lib'));
  // A JVM starting on a busy 2-core machine is slow: the script's own 90 s limit is raised, and
  // every JVM of the script (format, broker, the readiness probe) uses the C1 compiler only,
  // which the relay's broker test measured to halve the start on this machine.
  const env = {
    ...process.env,
    KAFKA_PORT: String(port),
    KAFKA_CONTROLLER_PORT: String(controllerPort),
    KAFKA_CACHE_DIR: cacheDir,
    KAFKA_START_TIMEOUT: '240',
    JAVA_TOOL_OPTIONS: [process.env['JAVA_TOOL_OPTIONS'], '-XX:TieredStopAtLevel=1']
      .filter(Boolean)
      .join(' '),
  };
  const script = (command: 'start' | 'stop') =>
    run(join(kafkaDir, command), [], { env, timeout: 270_000 }).then(({ stdout }) => stdout.trim());

  // The script leaves the JVM running detached; a test that dies must not leave it behind.
  const killNow = () => {
    try {
      const pid = Number(readFileSync(join(cacheDir, 'kafka.pid'), 'utf8').trim());
      if (pid > 0) process.kill(pid, 'SIGKILL');
    } catch {
      // not running
    }
  };
  process.once('exit', killNow);

  try {
    await script('start');
  } catch (error) {
    killNow();
    await rm(cacheDir, { recursive: true, force: true });
    throw error;
  }
  return {
    brokers: `127.0.0.1:${port}`,
    stop: () => script('stop'),
    start: () => script('start'),
    close: async () => {
      await script('stop').catch(() => killNow());
      process.removeListener('exit', killNow);
      await rm(cacheDir, { recursive: true, force: true });
    },
  };
}
