import type { TestDatabase } from '@orders/testing';
import { sql, type Kysely } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCheckpoint } from './checkpoints.ts';
import type { EventStore } from './store.ts';
import { createSubscription, type Subscription } from './subscribe.ts';
import { event, eventStoreDatabase, storeFactory, uniqueStream, waitFor } from './test-support/database.ts';
import type { StoredEvent } from './types.ts';

interface ReadModel {
  applied: { subscription: string; event_id: string; instance: string };
}

let database: TestDatabase;
const stores = storeFactory(() => database);
let store: EventStore;
const running: Subscription[] = [];

beforeAll(async () => {
  database = await eventStoreDatabase();
  store = stores.open({ poolSize: 8 });
  await sql`create table applied (subscription text not null, event_id uuid not null, instance text not null)`.execute(
    raw(),
  );
});
afterAll(async () => {
  await Promise.all(running.map((s) => s.stop()));
  await stores.closeAll();
  await database?.drop();
});

function raw(): Kysely<never> {
  return store.db as unknown as Kysely<never>;
}

function track(subscription: Subscription): Subscription {
  running.push(subscription);
  return subscription;
}

async function appendMany(count: number, streamId = uniqueStream('sub')): Promise<string[]> {
  const events = Array.from({ length: count }, (_, i) => event('Ticked', { i }));
  await store.append(streamId, events, { expectedVersion: 'any' });
  return events.map((e) => e.eventId);
}

async function applied(subscription: string) {
  const { rows } = await sql<{ total: number; distinct: number }>`select count(*)::int as total,
    count(distinct event_id)::int as distinct from applied where subscription = ${subscription}`.execute(
    raw(),
  );
  return rows[0]!;
}

async function terminate(pid: number | null): Promise<void> {
  expect(pid).not.toBeNull();
  await sql`select pg_terminate_backend(${pid})`.execute(raw());
}

/** A read-model subscription that records each event it applies, in the same transaction. */
function readModel(
  name: string,
  instance: string,
  extra: { pollIntervalMs?: number; batchSize?: number } = {},
) {
  return track(
    createSubscription<ReadModel>({
      name,
      store,
      mode: 'read-model',
      batchSize: extra.batchSize ?? 50,
      pollIntervalMs: extra.pollIntervalMs ?? 200,
      lockRetryMs: 100,
      handler: async (events, trx) => {
        await trx
          .insertInto('applied')
          .values(events.map((e) => ({ subscription: name, event_id: e.eventId, instance })))
          .execute();
      },
    }),
  );
}

describe('delivery', () => {
  it('catches up in batches, then goes live on NOTIFY without waiting for the poll', async () => {
    const name = `live-${uniqueStream()}`;
    const start = (await store.readAll({ maxCount: 1_000_000 })).checkpoint;
    await sql`insert into event_store.subscription_checkpoints (name, transaction_id, position)
      values (${name}, ${start.transactionId}::xid8, ${String(start.position)}::bigint)`.execute(raw());
    const backlog = await appendMany(120);
    const batches: StoredEvent[][] = [];
    const subscription = track(
      createSubscription({
        name,
        store,
        mode: 'side-effect',
        batchSize: 50,
        pollIntervalMs: 300_000, // only a notification (or the held-back retry) can wake it within the test
        handler: async (events) => void batches.push(events),
      }),
    );
    await subscription.start();
    await waitFor(() => batches.flat().length === 120, 10_000, 'the backlog');
    expect(batches.map((b) => b.length)).toEqual([50, 50, 20]);
    expect(batches.flat().map((e) => e.eventId)).toEqual(backlog);

    await waitFor(() => subscription.status().listening, 5_000, 'LISTEN');
    const sentAt = Date.now();
    const live = await appendMany(3);
    await waitFor(() => batches.flat().length === 123, 40_000, 'the live events');
    // far below the 300 s poll (usually milliseconds; an open transaction elsewhere on the
    // server can hold the events back for a while)
    expect(Date.now() - sentAt).toBeLessThan(120_000);
    expect(
      batches
        .flat()
        .slice(120)
        .map((e) => e.eventId),
    ).toEqual(live);
    await subscription.stop();
  });

  it('is woken as well by a store that sends its NOTIFY after the commit', async () => {
    const notifying = stores.open({ notify: 'after-commit' });
    const name = `after-commit-${uniqueStream()}`;
    const seen: string[] = [];
    const subscription = track(
      createSubscription({
        name,
        store: notifying,
        mode: 'side-effect',
        pollIntervalMs: 300_000,
        handler: async (events) => void seen.push(...events.map((e) => e.eventId)),
      }),
    );
    await subscription.start();
    await waitFor(
      () => subscription.status().listening && subscription.status().lagEvents === 0,
      10_000,
      'idle',
    );
    const e = event('Woken');
    await notifying.append(uniqueStream('woken'), [e], { expectedVersion: 'no_stream' });
    const sentAt = Date.now();
    // Generous: while CI runs other packages' transactions on the same server, the cluster-wide
    // xmin can hold a committed event invisible for seconds. Still far below the 300 s poll.
    await waitFor(() => seen.includes(e.eventId), 60_000, 'the notification');
    expect(Date.now() - sentAt).toBeLessThan(60_000);
    expect(seen).toContain(e.eventId);
    await subscription.stop();
  });

  it('read-model mode: a failing handler is retried, its writes and the checkpoint roll back together', async () => {
    const name = `retry-${uniqueStream()}`;
    const ids = await appendMany(5);
    let attempts = 0;
    const subscription = track(
      createSubscription<ReadModel>({
        name,
        store,
        mode: 'read-model',
        batchSize: 1_000_000,
        pollIntervalMs: 100,
        retry: { initialDelayMs: 20, maxDelayMs: 50 },
        filter: { eventTypes: ['Ticked'] },
        handler: async (events, trx) => {
          const mine = events.filter((e) => ids.includes(e.eventId));
          // A page read while a transaction elsewhere on the server held this test's events back
          // has none of them: nothing to write (an empty insert would fail every retry).
          if (mine.length === 0) return;
          await trx
            .insertInto('applied')
            .values(mine.map((e) => ({ subscription: name, event_id: e.eventId, instance: 'a' })))
            .execute();
          attempts += 1;
          if (attempts <= 2) throw new Error(`projection failed (attempt ${attempts})`);
        },
      }),
    );
    await subscription.start();
    await waitFor(async () => (await applied(name)).total >= 5, 10_000, 'the events to be applied');
    await subscription.stop();
    expect(await applied(name)).toEqual({ total: 5, distinct: 5 });
    expect(subscription.status()).toMatchObject({ handlerFailures: 2, lastError: null });
  });

  it('side-effect mode: the checkpoint moves only after the handler succeeds, and no event is skipped', async () => {
    const name = `effects-${uniqueStream()}`;
    const ids = await appendMany(4);
    const delivered: string[] = [];
    const checkpointsWhileFailing: bigint[] = [];
    let failures = 0;
    const subscription = track(
      createSubscription({
        name,
        store,
        mode: 'side-effect',
        batchSize: 1_000_000,
        pollIntervalMs: 100,
        retry: { initialDelayMs: 20, maxDelayMs: 50 },
        handler: async (events) => {
          const mine = events.filter((e) => ids.includes(e.eventId));
          delivered.push(...mine.map((e) => e.eventId));
          if (mine.length > 0 && failures < 3) {
            failures += 1;
            checkpointsWhileFailing.push((await readCheckpoint(store, name))?.position ?? 0n);
            throw new Error('courier API down');
          }
        },
      }),
    );
    await subscription.start();
    await waitFor(
      () => subscription.status().handlerFailures === 3 && delivered.length === 16,
      10_000,
      'the retries',
    );
    await waitFor(async () => (await readCheckpoint(store, name))!.position > 0n, 10_000, 'the checkpoint');
    await subscription.stop();
    // at-least-once: delivered four times (3 failures + 1 success), in order each time
    expect(delivered).toEqual([...ids, ...ids, ...ids, ...ids]);
    // while the handler failed, the checkpoint stayed before the batch
    expect(checkpointsWhileFailing).toHaveLength(3);
    expect(new Set(checkpointsWhileFailing).size).toBe(1);
    expect((await readCheckpoint(store, name))!.position).toBeGreaterThan(checkpointsWhileFailing[0]!);
  });

  it('stop() lets the batch being applied finish and commit', async () => {
    const name = `graceful-${uniqueStream()}`;
    await appendMany(3);
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let entered = false;
    const subscription = track(
      createSubscription<ReadModel>({
        name,
        store,
        mode: 'read-model',
        batchSize: 1_000_000,
        pollIntervalMs: 100,
        handler: async (events, trx) => {
          entered = true;
          await gate;
          await trx
            .insertInto('applied')
            .values(events.map((e) => ({ subscription: name, event_id: e.eventId, instance: 'a' })))
            .execute();
        },
      }),
    );
    await subscription.start();
    await waitFor(() => entered, 10_000, 'the handler to start');
    let stopped = false;
    const stopping = subscription.stop().then(() => (stopped = true));
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(stopped).toBe(false);
    release();
    await stopping;
    expect(subscription.status()).toMatchObject({ running: false, active: false });
    const total = (await applied(name)).total;
    expect(total).toBeGreaterThanOrEqual(3);
    expect((await readCheckpoint(store, name))!.position).toBe(subscription.status().lastAppliedPosition);
  });

  it('reports checkpoint, last applied position and lag', async () => {
    const name = `lag-${uniqueStream()}`;
    const start = (await store.readAll({ maxCount: 1_000_000 })).checkpoint;
    await sql`insert into event_store.subscription_checkpoints (name, transaction_id, position)
      values (${name}, ${start.transactionId}::xid8, ${String(start.position)}::bigint)`.execute(raw());
    await appendMany(30);
    await new Promise((resolve) => setTimeout(resolve, 50));
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const subscription = track(
      createSubscription({
        name,
        store,
        mode: 'side-effect',
        batchSize: 10,
        pollIntervalMs: 100,
        lagRefreshMs: 0,
        handler: async () => gate,
      }),
    );
    await subscription.start();
    await waitFor(() => subscription.status().lagEvents === 30, 10_000, 'the lag to be measured');
    expect(subscription.status()).toMatchObject({
      active: true,
      checkpoint: start,
      lastAppliedPosition: null,
    });
    expect(subscription.status().lagSeconds).toBeGreaterThan(0.04);
    release();
    await waitFor(() => subscription.status().lagEvents === 0, 10_000, 'the catch-up');
    const end = (await store.readAll({ after: start, maxCount: 1_000 })).checkpoint;
    expect(subscription.status()).toMatchObject({
      checkpoint: end,
      lastAppliedPosition: end.position,
      lagSeconds: 0,
    });
    await subscription.stop();
  });
});

describe('resilience', () => {
  it('keeps delivering by polling when its LISTEN connection is terminated, and reconnects LISTEN', async () => {
    const name = `listen-${uniqueStream()}`;
    const seen: string[] = [];
    const subscription = track(
      createSubscription({
        name,
        store,
        mode: 'side-effect',
        pollIntervalMs: 300,
        listenReconnectDelayMs: 10_000, // long, so that only polling can deliver right after the drop
        handler: async (events) => void seen.push(...events.map((e) => e.eventId)),
      }),
    );
    await subscription.start();
    await waitFor(() => subscription.status().listening && subscription.status().active, 10_000, 'the start');
    const firstPid = subscription.status().listenBackendPid;
    await terminate(firstPid);
    await waitFor(() => !subscription.status().listening, 5_000, 'the drop to be noticed');

    const sentAt = Date.now();
    const [id] = await appendMany(1);
    await waitFor(() => seen.includes(id!), 10_000, 'delivery by polling');
    // before LISTEN came back: polling delivered it (usually within the 300 ms interval; other
    // transactions on the same server can hold the event invisible a little longer)
    expect(Date.now() - sentAt).toBeLessThan(10_000);
    expect(subscription.status().listening).toBe(false);

    await waitFor(() => subscription.status().listening, 20_000, 'LISTEN to reconnect');
    expect(subscription.status().listenBackendPid).not.toBe(firstPid);
    expect(subscription.status().listenReconnects).toBeGreaterThanOrEqual(1);
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from pg_stat_activity
      where pid = ${subscription.status().listenBackendPid}`.execute(raw());
    expect(rows[0]!.n).toBe(1);
    await subscription.stop();
  });

  it('runs one active instance per name; when its connection dies the other takes over, applying nothing twice', async () => {
    const name = `pair-${uniqueStream()}`;
    const first = readModel(name, 'first', { batchSize: 7, pollIntervalMs: 100 });
    const second = readModel(name, 'second', { batchSize: 7, pollIntervalMs: 100 });
    await Promise.all([first.start(), second.start()]);
    await waitFor(
      () => first.status().active || second.status().active,
      10_000,
      'one instance to become active',
    );
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect([first.status().active, second.status().active].filter(Boolean)).toHaveLength(1);
    const [active, standby] = first.status().active ? [first, second] : [second, first];

    let appendedIds: string[] = [];
    const writing = (async () => {
      for (let round = 0; round < 20; round += 1) {
        appendedIds = appendedIds.concat(await appendMany(5));
        await new Promise((resolve) => setTimeout(resolve, 15));
      }
    })();
    await waitFor(
      async () => (await applied(name)).total > 20,
      10_000,
      'the active instance to apply events',
    );
    await terminate(active.status().lockBackendPid);
    await waitFor(() => standby.status().active, 10_000, 'the standby to take over');
    await writing;
    const mine = async () => {
      const { rows } = await sql<{ n: number }>`select count(*)::int as n from applied
        where subscription = ${name} and event_id = any(${appendedIds}::uuid[])`.execute(raw());
      return rows[0]!.n;
    };
    await waitFor(async () => (await mine()) >= appendedIds.length, 15_000, 'every event to be applied');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(await mine()).toBe(appendedIds.length);
    const totals = await applied(name);
    expect(totals.total).toBe(totals.distinct);
    await waitFor(
      () => !active.status().active,
      10_000,
      'the old active instance to notice it lost the lock',
    );
    const { rows } = await sql<{ instance: string }>`select distinct instance from applied
      where subscription = ${name} order by instance`.execute(raw());
    expect(rows.map((r) => r.instance)).toEqual(['first', 'second']);
    await Promise.all([first.stop(), second.stop()]);
  });
});

describe('events held back by an open transaction', () => {
  it('are delivered soon after that transaction ends, not at the next poll', async () => {
    const name = `held-${uniqueStream()}`;
    const seen: string[] = [];
    const subscription = track(
      createSubscription({
        name,
        store,
        mode: 'side-effect',
        pollIntervalMs: 300_000, // only a notification or the held-back retry can deliver
        handler: async (events) => void seen.push(...events.map((e) => e.eventId)),
      }),
    );
    await subscription.start();
    await waitFor(
      () => subscription.status().listening && subscription.status().lagEvents === 0,
      10_000,
      'idle',
    );

    // An unrelated transaction holds the xmin: the event commits (and notifies) behind it.
    const blocker = new pg.Client({ connectionString: database.url });
    await blocker.connect();
    await blocker.query('begin');
    await blocker.query('select pg_current_xact_id()');
    const [id] = await appendMany(1);
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(seen).not.toContain(id);
    const releasedAt = Date.now();
    await blocker.query('commit');
    await blocker.end();
    await waitFor(() => seen.includes(id!), 10_000, 'the held-back event');
    expect(Date.now() - releasedAt).toBeLessThan(10_000); // far below the 300 s poll
    await subscription.stop();
  });
});
