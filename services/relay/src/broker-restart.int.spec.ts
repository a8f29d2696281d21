// The broker stopped and restarted while the relay publishes. This file runs a broker of its
// own (infra/kafka/start on a free port, its data in a temporary folder) so that stopping it
// disturbs no other test.
import { execFile } from 'node:child_process';
import { mkdtemp, rm, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { createEventStore, type EventStore } from '@orders/event-store';
import { createProducer, ensureTopics, type Producer } from '@orders/messaging';
import type { OrderHistory } from '@orders/order-events/testing';
import type { TestDatabase } from '@orders/testing';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createRelay, type Relay, type RelayErrorKind } from './relay.ts';
import {
  appendConcurrently,
  testPool,
  appliedCount,
  eventually,
  expectExactlyOnceInOrder,
  freePort,
  longTransactions,
  orders,
  relayTestDatabase,
  startConsumer,
  type TestConsumer,
} from './test-support/harness.ts';

const run = promisify(execFile);
const kafkaDir = fileURLToPath(new URL('../../../infra/kafka/', import.meta.url));
let cacheDir: string;
let port: number;
let brokers: string[];
// A JVM starting on a busy 2-core machine can take minutes: the script's own 90 s limit is raised.
// Every JVM of the script (storage format, broker, the readiness probe it runs each second) uses
// the C1 compiler only: they live for seconds, and C2's compilations at start cost this 2-core
// machine more than they save (measured at load 8: start 42 s → 23 s, restart 35 s → 15 s).
const brokerEnv = () => ({
  ...process.env,
  KAFKA_PORT: String(port),
  KAFKA_CACHE_DIR: cacheDir,
  KAFKA_START_TIMEOUT: '240',
  JAVA_TOOL_OPTIONS: [process.env['JAVA_TOOL_OPTIONS'], '-XX:TieredStopAtLevel=1'].filter(Boolean).join(' '),
});
const broker = (command: 'start' | 'stop') =>
  run(join(kafkaDir, command), [], { env: brokerEnv(), timeout: 270_000 }).then(({ stdout }) =>
    stdout.trim(),
  );

let database: TestDatabase;
let store: EventStore;
let relayStore: EventStore;
let producer: Producer;
let relay: Relay;
let pool: pg.Pool;
let consumer: TestConsumer | undefined;
const errors: RelayErrorKind[] = [];

beforeAll(async () => {
  port = await freePort(true); // the broker's port and, next to it, its controller's
  brokers = [`127.0.0.1:${port}`];
  cacheDir = await mkdtemp(join(tmpdir(), 'relay-kafka-'));
  // The Maven-resolved broker is shared, not resolved a second time.
  await symlink(join(kafkaDir, 'cache', 'lib'), join(cacheDir, 'lib'));
  const [started, db] = await Promise.all([broker('start'), relayTestDatabase()]);
  console.log(started);
  database = db;
  store = createEventStore({ connectionString: database.url, poolSize: 3 });
  relayStore = createEventStore({ connectionString: database.url, poolSize: 2, applicationName: 'relay' });
  pool = testPool(database.url, 4);
}, 300_000);

afterAll(async () => {
  await consumer?.consumer.stop();
  await relay?.stop();
  await producer?.disconnect();
  await Promise.all([store?.close(), relayStore?.close(), pool?.end()]);
  await database?.drop();
  if (cacheDir) {
    await broker('stop').catch((error: unknown) => console.error(error));
    await rm(cacheDir, { recursive: true, force: true });
  }
}, 120_000);

describe('relay and a broker restart', () => {
  it('publishes every event across a stop and restart of the broker: nothing lost, copies only where the consumer’s dedupe drops them', async () => {
    const topic = 'orders.events.restart';
    await ensureTopics(brokers, [{ name: topic, partitions: 6 }]);
    // On its own thread, as the relay service runs it: the outage reaches the relay across it.
    producer = createProducer({ brokers, clientId: 'relay-restart-test', retries: 2, thread: true });
    await producer.connect();
    relay = createRelay({
      store: relayStore,
      producer,
      topic,
      subscription: 'relay:restart',
      pollIntervalMs: 200,
      chunkSize: 100,
      retry: { initialDelayMs: 200, maxDelayMs: 1_000 },
      observer: { onError: (kind) => errors.push(kind) },
    });
    await relay.start();

    const written: OrderHistory[] = [];
    const write = async (histories: OrderHistory[]) => {
      await appendConcurrently(store, histories, { writers: 2, pauseMs: 20 });
      written.push(...histories);
    };
    await write(orders(20, 10));
    await eventually('the first events are published', () => relay.status().published >= 200);

    // Writes go on while the broker is down and while it comes back.
    let writing = true;
    let seq = 31_000;
    const writer = (async () => {
      while (writing) {
        await write(orders(1, 5, seq));
        seq += 1;
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    })();
    console.log(await broker('stop'));
    const publishedWhileDown = relay.status().published;
    // Down until the outage has reached the relay (a send failed), not for a fixed time.
    await eventually(
      'a send failed while the broker is down',
      () => errors.includes('publish'),
      60_000,
      async () => ({ relay: relay.status(), longTransactions: await longTransactions(pool) }),
    );
    console.log(await broker('start'));
    writing = false;
    await writer;
    await write(orders(10, 10, 40_000));
    const total = written.reduce((sum, h) => sum + h.events.length, 0);

    await eventually(
      'the relay published the whole log',
      () => relay.status().lagEvents === 0 && relay.status().eventsApplied >= total,
      120_000,
      async () => ({
        relay: relay.status(),
        total,
        errors: errors.length,
        longTransactions: await longTransactions(pool),
      }),
    );
    // The outage reached the relay: sends failed and the batches were retried.
    expect(errors.filter((kind) => kind === 'publish').length).toBeGreaterThan(0);
    expect(errors.filter((kind) => kind !== 'publish')).toEqual([]);
    expect(relay.status().published).toBeGreaterThan(publishedWhileDown);

    const groupId = 'after-restart';
    consumer = startConsumer({ brokers, topic, groupId, pool, partitionsConsumedConcurrently: 3 });
    await eventually(
      'the consumer applied every event',
      async () => (await appliedCount(pool, groupId)) >= total,
      90_000,
      async () => ({
        applied: await appliedCount(pool, groupId),
        total,
        consumer: consumer!.notices(),
      }),
    );
    await expectExactlyOnceInOrder(pool, groupId, written);
    expect(consumer.deadLettered()).toEqual([]);
    console.log(
      `${total} events across the restart; ${errors.length} failed sends retried; ${relay.status().published} acknowledged; ${consumer.duplicates()} copies dropped by dedupe`,
    );
  }, 300_000);
});
