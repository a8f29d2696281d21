import { createTestDatabase, useTestKafka, type TestDatabase } from '@orders/testing';
import { Pool, type PoolClient } from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { runConsumer, type ConsumerEvent, type ConsumerOptions, type RunningConsumer } from './consumer.ts';
import { DeadLetterHeaders } from './dead-letter.ts';
import { migrateConsumerDedupe } from './dedupe.ts';
import { eventHeaders, type OutgoingMessage } from './message.ts';
import { createProducer } from './producer.ts';
import { eventually, readTopic } from './test-support/read-topic.ts';
import { deleteTopics, describeTopics, ensureTopics } from './topics.ts';

const template = {
  name: 'tpl_messaging_consumer_v1',
  migrate: async (url: string) => {
    const pool = new Pool({ connectionString: url });
    try {
      await migrateConsumerDedupe(pool);
      await migrateConsumerDedupe(pool, 'custom_dedupe');
      await pool.query(`
        create table applied (
          id bigserial primary key,
          run text not null,
          consumer text not null,
          event_id text not null,
          key text,
          seq integer not null
        )`);
    } finally {
      await pool.end();
    }
  },
};

const schema = z.object({
  key: z.string(),
  seq: z.number().int().nonnegative(),
  fail: z.enum(['twice', 'always']).optional(),
});
type OrderEvent = z.infer<typeof schema>;

const retry = { maxAttempts: 3, initialBackoffMs: 10, maxBackoffMs: 50 };
const occurredAt = new Date('2025-06-01T12:00:00.000Z');

function event(topic: string, eventId: string, value: OrderEvent): OutgoingMessage {
  return {
    topic,
    key: value.key,
    value: JSON.stringify(value),
    headers: eventHeaders({
      eventId,
      eventType: 'OrderNoteAdded',
      schemaVersion: 1,
      tenantId: 'tenant-1',
      correlationId: `corr-${eventId}`,
      occurredAt,
    }),
  };
}

/** Every event produced to `topic`: `perKey` events for each of `keys` keys, interleaved. */
function keyedEvents(topic: string, keys: number, perKey: number): OutgoingMessage[] {
  return Array.from({ length: keys * perKey }, (_, i) =>
    event(topic, `${topic}:${i}`, { key: `order-${i % keys}`, seq: Math.floor(i / keys) }),
  );
}

/** Each event applied once, and each key's events applied in the order produced. */
function expectExactlyOnceInOrder(
  rows: { event_id: string; key: string; seq: number }[],
  sent: OutgoingMessage[],
) {
  expect(rows).toHaveLength(sent.length);
  expect(new Set(rows.map((r) => r.event_id)).size).toBe(sent.length);
  const keys = new Set(rows.map((r) => r.key));
  for (const key of keys) {
    const seqs = rows.filter((r) => r.key === key).map((r) => r.seq);
    expect(seqs, `order of ${key}`).toEqual(seqs.toSorted((a, b) => a - b));
  }
}

/** The events of one type, typed. */
function ofType<K extends ConsumerEvent['type']>(events: readonly ConsumerEvent[], type: K) {
  return events.filter((e): e is Extract<ConsumerEvent, { type: K }> => e.type === type);
}

describe('runConsumer against real Kafka and PostgreSQL', () => {
  const kafka = useTestKafka();
  const topics: string[] = [];
  let database: TestDatabase;
  let pool: Pool;
  const producer = createProducer({ brokers: kafka.brokers, clientId: 'consumer-spec' });
  const running: RunningConsumer[] = [];

  /** A topic of this file, created now with its partitions; deleted (with its .dlq) in afterAll. */
  async function topic(base: string, partitions: number): Promise<string> {
    const name = kafka.topic(base);
    topics.push(name, `${name}.dlq`);
    await ensureTopics(kafka.brokers, [{ name, partitions }]);
    return name;
  }

  /** Starts a consumer whose handler records each event in `applied`, and counts what it reports. */
  function consume(
    run: string,
    consumer: string,
    overrides: Partial<ConsumerOptions<OrderEvent>> & { groupId: string; topics: string[] },
  ) {
    const events: ConsumerEvent[] = [];
    const count = (type: ConsumerEvent['type']) => events.filter((e) => e.type === type).length;
    const handle = runConsumer<OrderEvent>({
      brokers: kafka.brokers,
      schema,
      pool,
      retry,
      handler: async (message, tx) => {
        await tx.query(
          'insert into applied (run, consumer, event_id, key, seq) values ($1, $2, $3, $4, $5)',
          [run, consumer, message.eventId, message.key, message.value.seq],
        );
      },
      onEvent: (e) => events.push(e),
      ...overrides,
    });
    running.push(handle);
    return {
      ...handle,
      events,
      count,
      of: <K extends ConsumerEvent['type']>(type: K) => ofType(events, type),
    };
  }

  async function appliedRows(run: string) {
    const { rows } = await pool.query<{ consumer: string; event_id: string; key: string; seq: number }>(
      'select consumer, event_id, key, seq from applied where run = $1 order by id',
      [run],
    );
    return rows;
  }

  beforeAll(async () => {
    database = await createTestDatabase({ template });
    pool = new Pool({ connectionString: database.url, max: 8 });
    await producer.connect();
  });

  afterAll(async () => {
    await Promise.all(running.map((c) => c.stop()));
    await producer.disconnect();
    await deleteTopics(kafka.brokers, topics);
    await pool?.end();
    await database?.drop();
  });

  it('applies 2,000 keyed events over 20 keys and 4 partitions exactly once, in order per key', async () => {
    const orders = await topic('consumer-bulk', 4);
    const groupId = kafka.groupId('bulk');
    const consumer = consume(orders, 'a', { groupId, topics: [orders] });
    await consumer.ready;

    const sent = keyedEvents(orders, 20, 100);
    for (let i = 0; i < sent.length; i += 250) await producer.send(sent.slice(i, i + 250));

    await eventually('2,000 events applied', () => consumer.count('applied') >= 2_000);
    await consumer.stop();
    const rows = await appliedRows(orders);
    expectExactlyOnceInOrder(rows, sent);
    expect(consumer.count('duplicate') + consumer.count('retrying') + consumer.count('dead-lettered')).toBe(
      0,
    );
    // the events really were spread over the partitions
    const partitions = new Set(consumer.of('applied').map((e) => e.partition));
    expect(partitions.size).toBe(4);
    const dedupe = await pool.query<{ n: number }>(
      'select count(*)::int as n from consumer_dedupe where consumer_group = $1',
      [groupId],
    );
    expect(dedupe.rows[0]?.n).toBe(2_000);
  });

  it('applies an event id produced twice only once, and dedupes by position when there is no event id', async () => {
    const orders = await topic('consumer-dupes', 2);
    const groupId = kafka.groupId('dupes');
    const consumer = consume(orders, 'a', { groupId, topics: [orders] });
    await consumer.ready;

    const sent = keyedEvents(orders, 5, 20);
    await producer.send(sent);
    await producer.send(sent); // the same event ids again, as a relay that crashed before its checkpoint would
    const anonymous = {
      topic: orders,
      key: 'order-anon',
      value: JSON.stringify({ key: 'order-anon', seq: 0 }),
      headers: {},
    };
    await producer.send([anonymous]);

    await eventually(
      '201 messages processed',
      () => consumer.count('applied') + consumer.count('duplicate') >= 201,
    );
    const rows = await appliedRows(orders);
    expectExactlyOnceInOrder(
      rows.filter((r) => r.key !== 'order-anon'),
      sent,
    );
    expect(consumer.count('applied')).toBe(101);
    expect(consumer.count('duplicate')).toBe(100);

    const dedupe = await pool.query<{ event_id: string }>(
      'select event_id from consumer_dedupe where consumer_group = $1',
      [groupId],
    );
    expect(dedupe.rows).toHaveLength(101);
    const anonymousApplied = consumer.of('applied').find((e) => !e.eventId.startsWith(`${orders}:`));
    expect(anonymousApplied?.eventId).toMatch(new RegExp(`^${orders.replace(/\./g, '\\.')}/[01]/\\d+$`));
  });

  it('dead-letters poison messages with their reason and goes on to the next message', async () => {
    const orders = await topic('consumer-poison', 2);
    const consumer = consume(orders, 'a', { groupId: kafka.groupId('poison'), topics: [orders] });
    await consumer.ready;

    const key = 'order-p';
    await producer.send([
      event(orders, 'p-0', { key, seq: 0 }),
      { ...event(orders, 'p-1', { key, seq: 1 }), value: '{"key": "order-p", "seq": ' },
      { ...event(orders, 'p-2', { key, seq: 2 }), value: JSON.stringify({ key, seq: 'two' }) },
      event(orders, 'p-3', { key, seq: 3 }),
    ]);

    await eventually(
      '2 applied and 2 dead-lettered',
      () => consumer.count('applied') === 2 && consumer.count('dead-lettered') === 2,
    );
    expect((await appliedRows(orders)).map((r) => r.event_id)).toEqual(['p-0', 'p-3']);

    // the dead-letter topic was created beside the topic, with as many partitions
    const [dlqTopic] = await describeTopics(kafka.brokers, [`${orders}.dlq`]);
    expect(dlqTopic?.partitions).toBe(2);
    const dead = await readTopic(kafka.brokers, `${orders}.dlq`, 2);
    const [notJson, invalid] = dead.toSorted(
      (a, b) =>
        Number(a.headers[DeadLetterHeaders.originalOffset]) -
        Number(b.headers[DeadLetterHeaders.originalOffset]),
    );
    const partition = consumer.of('applied')[0]?.partition;
    expect(notJson?.key).toBe(key);
    expect(notJson?.value?.toString()).toBe('{"key": "order-p", "seq": ');
    expect(notJson?.headers).toMatchObject({
      'event-id': 'p-1',
      'event-type': 'OrderNoteAdded',
      'correlation-id': 'corr-p-1',
      [DeadLetterHeaders.originalTopic]: orders,
      [DeadLetterHeaders.originalPartition]: String(partition),
      [DeadLetterHeaders.originalOffset]: '1',
      [DeadLetterHeaders.reason]: 'decode-failed',
      [DeadLetterHeaders.attempts]: '1',
    });
    expect(notJson?.headers[DeadLetterHeaders.error]).toMatch(/not JSON/);
    expect(invalid?.headers).toMatchObject({
      'event-id': 'p-2',
      [DeadLetterHeaders.originalOffset]: '2',
      [DeadLetterHeaders.reason]: 'schema-invalid',
    });
    expect(invalid?.headers[DeadLetterHeaders.error]).toMatch(/^seq: /);
  });

  it('retries a handler that fails twice, and dead-letters one that always fails after maxAttempts', async () => {
    const orders = await topic('consumer-retry', 1);
    const deadLetterTopic = kafka.topic('consumer-retry-dead');
    topics.push(deadLetterTopic);
    const calls = new Map<string, number>();
    const consumer = consume(orders, 'a', {
      groupId: kafka.groupId('retry'),
      topics: [orders],
      dedupe: { table: 'custom_dedupe' },
      deadLetterTopic,
      handler: async (message, tx) => {
        const call = (calls.get(message.eventId) ?? 0) + 1;
        calls.set(message.eventId, call);
        // written first, so a failure must undo it
        await tx.query(
          'insert into applied (run, consumer, event_id, key, seq) values ($1, $2, $3, $4, $5)',
          [orders, 'a', message.eventId, message.key, message.value.seq],
        );
        if (message.value.fail === 'twice' && call < 3) throw new Error(`flaky, call ${call}`);
        if (message.value.fail === 'always') throw new Error('the courier API refused the order');
      },
    });
    await consumer.ready;

    const key = 'order-r';
    await producer.send([
      event(orders, 'r-0', { key, seq: 0, fail: 'twice' }),
      event(orders, 'r-1', { key, seq: 1, fail: 'always' }),
      event(orders, 'r-2', { key, seq: 2 }),
    ]);
    await eventually('r-2 applied', () => consumer.of('applied').some((e) => e.eventId === 'r-2'));

    expect((await appliedRows(orders)).map((r) => r.event_id)).toEqual(['r-0', 'r-2']);
    expect(Object.fromEntries(calls)).toEqual({ 'r-0': 3, 'r-1': 3, 'r-2': 1 });
    expect(consumer.of('applied').find((e) => e.eventId === 'r-0')).toMatchObject({
      attempts: 3,
    });
    const retries = consumer.of('retrying');
    expect(retries.map((e) => [e.eventId, e.attempt])).toEqual([
      ['r-0', 1],
      ['r-0', 2],
      ['r-1', 1],
      ['r-1', 2],
    ]);
    expect(Math.max(...retries.map((e) => e.delayMs))).toBeLessThanOrEqual(retry.maxBackoffMs);

    const [dead] = await readTopic(kafka.brokers, deadLetterTopic, 1);
    expect(dead?.headers).toMatchObject({
      'event-id': 'r-1',
      [DeadLetterHeaders.reason]: 'handler-failed',
      [DeadLetterHeaders.error]: 'the courier API refused the order',
      [DeadLetterHeaders.attempts]: '3',
      [DeadLetterHeaders.originalTopic]: orders,
      [DeadLetterHeaders.originalOffset]: '1',
    });
    const claimed = await pool.query<{ event_id: string }>(
      'select event_id from custom_dedupe order by event_id',
    );
    expect(claimed.rows.map((r) => r.event_id)).toEqual(['r-0', 'r-2']);
  });

  it('continues from the committed offsets after stop() and a restart, applying nothing twice', async () => {
    const orders = await topic('consumer-restart', 4);
    const groupId = kafka.groupId('restart');
    const sent = keyedEvents(orders, 8, 50);
    await producer.send(sent);
    const slowly =
      (name: string) =>
      async (message: { eventId: string; key: string | null; value: OrderEvent }, tx: PoolClient) => {
        await new Promise((resolve) => setTimeout(resolve, 3));
        await tx.query(
          'insert into applied (run, consumer, event_id, key, seq) values ($1, $2, $3, $4, $5)',
          [orders, name, message.eventId, message.key, message.value.seq],
        );
      };

    const first = consume(orders, 'first', { groupId, topics: [orders], handler: slowly('first') });
    await eventually('100 applied by the first consumer', () => first.count('applied') >= 100);
    await first.stop();
    const firstApplied = first.count('applied');
    expect(firstApplied).toBeLessThan(sent.length);
    expect(await appliedRows(orders)).toHaveLength(firstApplied);

    const second = consume(orders, 'second', { groupId, topics: [orders], handler: slowly('second') });
    await eventually(
      'the rest applied by the second consumer',
      () => second.count('applied') === sent.length - firstApplied,
    );
    expectExactlyOnceInOrder(await appliedRows(orders), sent);
    // stop() committed everything the first consumer applied: the second saw none of it again
    expect(second.count('duplicate')).toBe(0);
    // and between them every offset of every partition was applied once: no overlap, no gap
    for (const partition of [0, 1, 2, 3]) {
      const offsets = (c: typeof first) =>
        c
          .of('applied')
          .filter((e) => e.partition === partition)
          .map((e) => Number(e.offset));
      const both = [...offsets(first), ...offsets(second)];
      expect(both, `partition ${partition}`).toEqual(both.map((_, i) => i));
    }
  });

  it('on stop() during a retry backoff, leaves the message uncommitted for the next consumer of the group', async () => {
    const orders = await topic('consumer-stop-backoff', 1);
    const groupId = kafka.groupId('stop-backoff');
    const failing = consume(orders, 'failing', {
      groupId,
      topics: [orders],
      retry: { maxAttempts: 5, initialBackoffMs: 30_000, maxBackoffMs: 30_000 },
      handler: async () => {
        throw new Error('PostgreSQL constraint the handler trips over');
      },
    });
    await failing.ready;
    await producer.send([event(orders, 's-0', { key: 'order-s', seq: 0 })]);
    await eventually('a retry scheduled', () => failing.count('retrying') === 1);

    const stopping = performance.now();
    await failing.stop();
    expect(performance.now() - stopping).toBeLessThan(10_000); // not the 30 s backoff
    expect(failing.count('dead-lettered')).toBe(0);

    const healthy = consume(orders, 'healthy', { groupId, topics: [orders] });
    await eventually('s-0 applied by the next consumer', () => healthy.count('applied') === 1);
    expect((await appliedRows(orders)).map((r) => [r.consumer, r.event_id])).toEqual([['healthy', 's-0']]);
  });

  it('applies every event exactly once while a second consumer joins the group and the first one leaves', async () => {
    const orders = await topic('consumer-rebalance', 4);
    const groupId = kafka.groupId('rebalance');
    const sent = keyedEvents(orders, 16, 75);
    const handler =
      (name: string) =>
      async (message: { eventId: string; key: string | null; value: OrderEvent }, tx: PoolClient) => {
        await new Promise((resolve) => setTimeout(resolve, 1));
        await tx.query(
          'insert into applied (run, consumer, event_id, key, seq) values ($1, $2, $3, $4, $5)',
          [orders, name, message.eventId, message.key, message.value.seq],
        );
      };
    const first = consume(orders, 'first', { groupId, topics: [orders], handler: handler('first') });
    await first.ready;

    // The second half is held back until the second consumer has joined: sent all at once, the
    // first consumer could apply every event before the group's rebalance gives the second one
    // a partition (a join takes seconds at CI's load), and the second would never apply any.
    let joined!: () => void;
    const secondJoined = new Promise<void>((resolve) => (joined = resolve));
    const half = sent.length / 2;
    const producing = (async () => {
      for (let i = 0; i < sent.length; i += 50) {
        if (i === half) await secondJoined;
        await producer.send(sent.slice(i, i + 50));
        await new Promise((resolve) => setTimeout(resolve, 40));
      }
    })();
    const applied = () => first.count('applied') + second.count('applied');
    await eventually('200 applied by the first consumer', () => first.count('applied') >= 200);
    const second = consume(orders, 'second', { groupId, topics: [orders], handler: handler('second') });
    await second.ready;
    joined();
    await eventually('the second consumer applies events too', () => second.count('applied') >= 50);
    await first.stop();
    await producing;
    await eventually('all 1,200 events applied', () => applied() >= sent.length, 60_000);

    const rows = await appliedRows(orders);
    expectExactlyOnceInOrder(rows, sent);
    expect(rows.some((r) => r.consumer === 'first')).toBe(true);
    expect(rows.some((r) => r.consumer === 'second')).toBe(true);
    expect(first.events.some((e) => e.type === 'rebalancing' || e.type === 'assigned')).toBe(true);
  });

  it('neither dead-letters nor skips a message while PostgreSQL fails, and applies it once PostgreSQL is back', async () => {
    const orders = await topic('consumer-infra', 1);
    await migrateConsumerDedupe(pool, 'flaky_dedupe');
    const errors: string[] = [];
    const logger = {
      debug: () => undefined,
      info: () => undefined,
      warn: () => undefined,
      error: (_fields: Record<string, unknown>, message: string) => void errors.push(message),
    };
    const consumer = consume(orders, 'a', {
      groupId: kafka.groupId('infra'),
      topics: [orders],
      dedupe: { table: 'flaky_dedupe' },
      logger,
    });
    await consumer.ready;

    await pool.query('alter table flaky_dedupe rename to flaky_dedupe_gone');
    await producer.send([event(orders, 'i-0', { key: 'order-i', seq: 0 })]);
    await eventually('the failure logged', () =>
      errors.includes('message not processed; it will be fetched again'),
    );
    expect(consumer.count('applied') + consumer.count('dead-lettered')).toBe(0);

    await pool.query('alter table flaky_dedupe_gone rename to flaky_dedupe');
    await eventually('i-0 applied', () => consumer.count('applied') === 1);
    expect(consumer.count('dead-lettered')).toBe(0);
    expect((await appliedRows(orders)).map((r) => r.event_id)).toEqual(['i-0']);
  });

  it('with maxMessagesPerTransaction, applies runs of messages in one transaction each: every event once, in order per key, copies dropped', async () => {
    const orders = await topic('consumer-grouped', 4);
    const groupId = kafka.groupId('grouped');
    const transactions = new Map<string, number>();
    const consumer = consume(orders, 'a', {
      groupId,
      topics: [orders],
      maxMessagesPerTransaction: 50,
      handler: async (message, tx) => {
        const { rows } = await tx.query<{ tx: string }>(
          `insert into applied (run, consumer, event_id, key, seq) values ($1, $2, $3, $4, $5)
           returning txid_current()::text as tx`,
          [orders, 'a', message.eventId, message.key, message.value.seq],
        );
        transactions.set(message.eventId, Number(rows[0]!.tx));
      },
    });
    await consumer.ready;

    const sent = keyedEvents(orders, 20, 50);
    for (let i = 0; i < sent.length; i += 250) await producer.send(sent.slice(i, i + 250));
    // copies: 200 events again, and one event repeated right after itself (twice in one run)
    await producer.send(sent.slice(0, 200));
    const last = sent.at(-1)!;
    await producer.send([last, last]);

    await eventually(
      '1,202 messages processed',
      () => consumer.count('applied') + consumer.count('duplicate') >= 1_202,
    );
    expectExactlyOnceInOrder(await appliedRows(orders), sent);
    expect(consumer.count('applied')).toBe(1_000);
    expect(consumer.count('duplicate')).toBe(202);
    // the events shared transactions: far fewer than one per event, none over 50
    const perTransaction = new Map<number, number>();
    for (const tx of transactions.values()) perTransaction.set(tx, (perTransaction.get(tx) ?? 0) + 1);
    expect(perTransaction.size).toBeLessThan(200);
    expect(Math.max(...perTransaction.values())).toBeLessThanOrEqual(50);
    const dedupe = await pool.query<{ n: number }>(
      'select count(*)::int as n from consumer_dedupe where consumer_group = $1',
      [groupId],
    );
    expect(dedupe.rows[0]?.n).toBe(1_000);
  });

  it('with maxMessagesPerTransaction, takes poison messages and failing handlers one at a time and applies the rest once', async () => {
    const orders = await topic('consumer-grouped-failures', 1);
    const calls = new Map<string, number>();
    const consumer = consume(orders, 'a', {
      groupId: kafka.groupId('grouped-failures'),
      topics: [orders],
      maxMessagesPerTransaction: 10,
      handler: async (message, tx) => {
        const call = (calls.get(message.eventId) ?? 0) + 1;
        calls.set(message.eventId, call);
        // written first, so that a failure must undo it and the rest of its transaction
        await tx.query(
          'insert into applied (run, consumer, event_id, key, seq) values ($1, $2, $3, $4, $5)',
          [orders, 'a', message.eventId, message.key, message.value.seq],
        );
        if (message.value.fail === 'twice' && call < 3) throw new Error(`flaky, call ${call}`);
        if (message.value.fail === 'always') throw new Error('the courier API refused the order');
      },
    });
    await consumer.ready;

    const key = 'order-g';
    await producer.send([
      event(orders, 'g-0', { key, seq: 0 }),
      event(orders, 'g-1', { key, seq: 1 }),
      { ...event(orders, 'g-2', { key, seq: 2 }), value: JSON.stringify({ key, seq: 'two' }) },
      event(orders, 'g-3', { key, seq: 3 }),
      event(orders, 'g-4', { key, seq: 4, fail: 'always' }),
      event(orders, 'g-5', { key, seq: 5 }),
      event(orders, 'g-6', { key, seq: 6, fail: 'twice' }),
      event(orders, 'g-7', { key, seq: 7 }),
    ]);
    await eventually('g-7 applied', () => consumer.of('applied').some((e) => e.eventId === 'g-7'));

    expect((await appliedRows(orders)).map((r) => r.event_id)).toEqual([
      'g-0',
      'g-1',
      'g-3',
      'g-5',
      'g-6',
      'g-7',
    ]);
    expect(consumer.of('dead-lettered').map((e) => [e.eventId, e.reason])).toEqual([
      ['g-2', 'schema-invalid'],
      ['g-4', 'handler-failed'],
    ]);
    // g-0 and g-1 in one transaction; g-3..g-7 together until g-4 failed, then one at a time
    expect(Object.fromEntries(calls)).toEqual({
      'g-0': 1,
      'g-1': 1,
      'g-3': 2,
      'g-4': 4,
      'g-5': 1,
      'g-6': 3,
      'g-7': 1,
    });
    expect(consumer.count('duplicate')).toBe(0);
  });

  it('does not start without its dedupe table, nor on a topic that was never provisioned', async () => {
    const orders = await topic('consumer-misconfigured', 1);
    const noTable = consume(orders, 'a', {
      groupId: kafka.groupId('no-table'),
      topics: [orders],
      dedupe: { table: 'missing_table' },
    });
    await expect(noTable.ready).rejects.toThrow(/run migrateConsumerDedupe/);
    const noTopic = consume(orders, 'a', {
      groupId: kafka.groupId('no-topic'),
      topics: [kafka.topic('never-provisioned')],
    });
    await expect(noTopic.ready).rejects.toThrow(/topics not found/);
    expect(() =>
      consume(orders, 'a', { groupId: 'x', topics: [orders], retry: { ...retry, maxAttempts: 0 } }),
    ).toThrow(/maxAttempts/);
  });
});
