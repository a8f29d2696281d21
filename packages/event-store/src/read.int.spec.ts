import type { TestDatabase } from '@orders/testing';
import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrateEventStore } from './migrate.ts';
import { createSubscription } from './subscribe.ts';
import type { EventStore } from './store.ts';
import {
  event,
  eventStoreDatabase,
  storeFactory,
  uniqueStream,
  untilVisible,
  waitFor,
} from './test-support/database.ts';
import type { Checkpoint, StoredEvent } from './types.ts';

let database: TestDatabase;
const stores = storeFactory(() => database);
let store: EventStore;

beforeAll(async () => {
  database = await eventStoreDatabase();
  store = stores.open();
});
afterAll(async () => {
  await stores.closeAll();
  await database?.drop();
});

const raw = () => store.db as unknown as Kysely<never>;
const versions = (events: StoredEvent[]) => events.map((e) => e.streamVersion);

/** Reads the whole global log from the start, page by page. */
async function readEverything(target: EventStore, pageSize = 100): Promise<StoredEvent[]> {
  await untilVisible(target);
  const all: StoredEvent[] = [];
  let after: Checkpoint | undefined;
  for (;;) {
    const page = await target.readAll({ maxCount: pageSize, ...(after ? { after } : {}) });
    all.push(...page.events);
    if (page.scanned === 0) return all;
    after = page.checkpoint;
  }
}

describe('readStream', () => {
  let streamId: string;
  beforeAll(async () => {
    streamId = uniqueStream('read');
    await store.append(
      streamId,
      Array.from({ length: 6 }, (_, i) =>
        event('Counted', { i }, { metadata: { actor: 'u-1', correlationId: 'c-1' } }),
      ),
      { expectedVersion: 'no_stream' },
    );
  });

  it('reads forward, backward, from and to a version, and at most N', async () => {
    expect(versions((await store.readStream(streamId)).events)).toEqual([1n, 2n, 3n, 4n, 5n, 6n]);
    expect(versions((await store.readStream(streamId, { direction: 'backward' })).events)).toEqual([
      6n,
      5n,
      4n,
      3n,
      2n,
      1n,
    ]);
    expect(versions((await store.readStream(streamId, { fromVersion: 3n, maxCount: 2 })).events)).toEqual([
      3n,
      4n,
    ]);
    expect(versions((await store.readStream(streamId, { fromVersion: 2n, toVersion: 4n })).events)).toEqual([
      2n,
      3n,
      4n,
    ]);
    expect(
      versions(
        (await store.readStream(streamId, { direction: 'backward', fromVersion: 5n, toVersion: 3n })).events,
      ),
    ).toEqual([5n, 4n, 3n]);
    expect(
      versions((await store.readStream(streamId, { direction: 'backward', maxCount: 1 })).events),
    ).toEqual([6n]);
  });

  it('returns what was appended, metadata included', async () => {
    const [first] = (await store.readStream(streamId, { maxCount: 1 })).events;
    expect(first).toMatchObject({
      streamId,
      streamVersion: 1n,
      type: 'Counted',
      schemaVersion: 1,
      data: { i: 0 },
      metadata: { actor: 'u-1', correlationId: 'c-1' },
    });
    expect(first!.createdAt).toBeInstanceOf(Date);
    expect(first!.position).toBeGreaterThan(0n);
  });

  it('tells a missing stream from an empty read', async () => {
    expect(await store.readStream(uniqueStream('missing'))).toMatchObject({
      exists: false,
      archived: false,
      version: 0n,
      events: [],
    });
    expect(await store.readStream(streamId, { fromVersion: 99n })).toMatchObject({
      exists: true,
      version: 6n,
    });
  });

  it('travels in time: only events created at or before `until`', async () => {
    const travel = uniqueStream('travel');
    await store.append(travel, [event('Before'), event('Before')], { expectedVersion: 'no_stream' });
    const { rows } = await sql<{ at: Date }>`select max(created_at) as at from event_store.events
      where stream_id = ${travel}`.execute(raw());
    // a JS Date has milliseconds, created_at microseconds: the cut is the next millisecond
    const cut = new Date(rows[0]!.at.getTime() + 1);
    await new Promise((resolve) => setTimeout(resolve, 10));
    await store.append(travel, [event('After')], { expectedVersion: 2n });
    const past = await store.readStream(travel, { until: cut });
    expect(past.events.map((e) => e.type)).toEqual(['Before', 'Before']);
    expect((await store.readStream(travel)).events).toHaveLength(3);
  });
});

describe('readAll', () => {
  it('pages through the log with a (transaction id, position) checkpoint and sees each event once', async () => {
    const fresh = stores.open({ schema: 'paging' });
    await migrateEventStore(fresh.db, { schema: 'paging' });
    const appended = await Promise.all(
      Array.from({ length: 25 }, (_, i) =>
        fresh.append(uniqueStream('page'), [event('Paged', { i }), event('Paged', { i })], {
          expectedVersion: 'any',
        }),
      ),
    );
    const all = await readEverything(fresh, 7);
    expect(all).toHaveLength(50);
    expect(new Set(all.map((e) => e.eventId)).size).toBe(50);
    const ascending = (a: bigint, b: bigint) => (a < b ? -1 : 1);
    expect(all.map((e) => e.position).toSorted(ascending)).toEqual(
      appended.flatMap((r) => r.positions).toSorted(ascending),
    );
    // in (transaction id, position) order
    for (let i = 1; i < all.length; i += 1) {
      const [a, b] = [all[i - 1]!, all[i]!];
      const tx = BigInt(a.transactionId) - BigInt(b.transactionId);
      expect(tx < 0n || (tx === 0n && a.position < b.position)).toBe(true);
    }
    const end = await fresh.readAll({
      maxCount: 100,
      after: { transactionId: all.at(-1)!.transactionId, position: all.at(-1)!.position },
    });
    expect(end).toMatchObject({ events: [], scanned: 0 });
  });

  it('does not show events of a transaction that is still open, nor anything committed after it began', async () => {
    await untilVisible(store);
    const before = await store.readAll({ maxCount: 100_000 });
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    let appended!: () => void;
    const ready = new Promise<void>((resolve) => (appended = resolve));
    const slow = store.db.transaction().execute(async (trx) => {
      await store.appendMany(
        [{ streamId: uniqueStream('open'), events: [event('Slow')], expectedVersion: 'any' }],
        {
          transaction: trx,
        },
      );
      appended();
      await held;
    });
    await ready;
    const fast = await store.append(uniqueStream('later'), [event('Fast')], { expectedVersion: 'any' });
    const whileOpen = await store.readAll({ after: before.checkpoint, maxCount: 100 });
    expect(whileOpen.events.map((e) => e.type)).toEqual([]);
    release();
    await slow;
    await untilVisible(store);
    const afterCommit = await store.readAll({ after: before.checkpoint, maxCount: 100 });
    // the slow transaction took its id first, so it comes first although it committed last
    expect(afterCommit.events.map((e) => e.type)).toEqual(['Slow', 'Fast']);
    expect(afterCommit.events[1]!.position).toBe(fast.positions[0]);
  });

  it('filters by stream type and event type, moving the checkpoint past what it skips', async () => {
    await untilVisible(store);
    const start = (await store.readAll({ maxCount: 100_000 })).checkpoint;
    const order = uniqueStream('order');
    const courier = uniqueStream('courier');
    await store.append(order, [event('OrderPlaced'), event('OrderPaid')], {
      expectedVersion: 'no_stream',
      streamType: 'order',
    });
    await store.append(courier, [event('CourierAssigned')], {
      expectedVersion: 'no_stream',
      streamType: 'courier',
    });
    await store.append(order, [event('OrderShipped')], { expectedVersion: 2n });
    await untilVisible(store);
    const byStream = await store.readAll({ after: start, maxCount: 100, filter: { streamTypes: ['order'] } });
    expect(byStream.events.map((e) => e.type)).toEqual(['OrderPlaced', 'OrderPaid', 'OrderShipped']);
    const byType = await store.readAll({
      after: start,
      maxCount: 100,
      filter: { eventTypes: ['CourierAssigned', 'OrderPaid'] },
    });
    expect(byType.events.map((e) => e.type)).toEqual(['OrderPaid', 'CourierAssigned']);
    const none = await store.readAll({ after: start, maxCount: 100, filter: { eventTypes: ['Nothing'] } });
    expect(none).toMatchObject({ events: [], scanned: 4, checkpoint: byType.checkpoint });
  });
});

describe('upcasters', () => {
  it('lift old events on every read path: readStream, readAll, aggregateStream and subscriptions', async () => {
    const upcasting = stores.open();
    // v1 { name } → v2 { fullName } → v3 { fullName, locale }
    upcasting.registerUpcaster('CustomerRenamed', 1, (data) => ({
      fullName: (data as { name: string }).name,
    }));
    upcasting.registerUpcaster('CustomerRenamed', 2, (data) => ({ ...(data as object), locale: 'tr-TR' }));
    const streamId = uniqueStream('customer');
    await upcasting.append(
      streamId,
      [
        event('CustomerRenamed', { name: 'Ayşe' }),
        event('CustomerRenamed', { fullName: 'Ayşe Yılmaz' }, { schemaVersion: 2 }),
        event('CustomerRenamed', { fullName: 'Ayşe Kaya', locale: 'de-DE' }, { schemaVersion: 3 }),
      ],
      { expectedVersion: 'no_stream', streamType: 'customer' },
    );
    const expected = [
      { fullName: 'Ayşe', locale: 'tr-TR' },
      { fullName: 'Ayşe Yılmaz', locale: 'tr-TR' },
      { fullName: 'Ayşe Kaya', locale: 'de-DE' },
    ];
    const fromStream = (await upcasting.readStream(streamId)).events;
    expect(fromStream.map((e) => e.data)).toEqual(expected);
    expect(fromStream.map((e) => e.schemaVersion)).toEqual([3, 3, 3]);

    const fromAll = (await readEverything(upcasting, 500)).filter((e) => e.streamId === streamId);
    expect(fromAll.map((e) => e.data)).toEqual(expected);

    const folded = await upcasting.aggregateStream<string[]>(streamId, {
      initialState: () => [],
      evolve: (state, e) => [...state, (e.data as { locale: string }).locale],
    });
    expect(folded.state).toEqual(['tr-TR', 'tr-TR', 'de-DE']);

    const seen: unknown[] = [];
    const subscription = createSubscription({
      name: `upcast-${streamId}`,
      store: upcasting,
      mode: 'side-effect',
      pollIntervalMs: 50,
      filter: { streamTypes: ['customer'] },
      handler: async (events) =>
        void seen.push(...events.filter((e) => e.streamId === streamId).map((e) => e.data)),
    });
    await subscription.start();
    try {
      await waitFor(() => seen.length >= 3, 10_000, 'the subscription to deliver the three events');
    } finally {
      await subscription.stop();
    }
    expect(seen).toEqual(expected);
  });

  it('refuses a second upcaster for the same type and version', () => {
    const upcasting = stores.open();
    upcasting.registerUpcaster('X', 1, (d) => d);
    expect(() => upcasting.registerUpcaster('X', 1, (d) => d)).toThrow(/already registered/);
  });
});

describe('aggregateStream and snapshots', () => {
  const counter = (stateSchemaVersion: number, snapshotEvery?: number) => ({
    initialState: () => ({ total: 0, seen: 0 }),
    evolve: (state: { total: number; seen: number }, e: StoredEvent) => ({
      total: state.total + (e.data as { n: number }).n,
      seen: state.seen + 1,
    }),
    stateSchemaVersion,
    ...(snapshotEvery === undefined ? {} : { snapshotEvery }),
  });

  async function snapshotRow(streamId: string) {
    const { rows } = await sql<{
      stream_version: string;
      state_schema_version: number;
      state: unknown;
    }>`select
      stream_version, state_schema_version, state from event_store.snapshots where stream_id = ${streamId}`.execute(
      raw(),
    );
    return rows[0];
  }

  it('folds the stream, takes a snapshot every N events, and starts from it next time', async () => {
    const streamId = uniqueStream('counter');
    await store.append(
      streamId,
      Array.from({ length: 7 }, (_, i) => event('Added', { n: i + 1 })),
      { expectedVersion: 'no_stream' },
    );
    const first = await store.aggregateStream(streamId, counter(1, 5));
    expect(first).toEqual({ state: { total: 28, seen: 7 }, version: 7n, snapshotVersion: null });
    await store.settled();
    expect(await snapshotRow(streamId)).toEqual({
      stream_version: '7',
      state_schema_version: 1,
      state: { total: 28, seen: 7 },
    });

    await store.append(streamId, [event('Added', { n: 100 })], { expectedVersion: 7n });
    const second = await store.aggregateStream(streamId, counter(1, 5));
    // started from the snapshot at 7: only one event folded on top of it
    expect(second).toEqual({ state: { total: 128, seen: 8 }, version: 8n, snapshotVersion: 7n });
    await store.settled();
    expect((await snapshotRow(streamId))?.stream_version).toBe('7'); // fewer than 5 new events: no new snapshot

    await store.append(
      streamId,
      Array.from({ length: 4 }, () => event('Added', { n: 1 })),
      { expectedVersion: 8n },
    );
    const third = await store.aggregateStream(streamId, counter(1, 5));
    expect(third).toMatchObject({ state: { total: 132, seen: 12 }, version: 12n, snapshotVersion: 7n });
    await store.settled();
    expect((await snapshotRow(streamId))?.stream_version).toBe('12');
  });

  it('ignores and replaces a snapshot of another state schema version', async () => {
    const streamId = uniqueStream('counter');
    await store.append(
      streamId,
      Array.from({ length: 3 }, () => event('Added', { n: 2 })),
      { expectedVersion: 'no_stream' },
    );
    // a snapshot written by an older shape of the state, with a wrong total
    await sql`insert into event_store.snapshots (stream_id, stream_version, state_schema_version, state)
      values (${streamId}, 3, 1, '{"total": 999}'::jsonb)`.execute(raw());
    const withOld = await store.aggregateStream(streamId, counter(1));
    expect(withOld).toMatchObject({ state: { total: 999 }, snapshotVersion: 3n }); // v1 readers trust it
    const withNew = await store.aggregateStream(streamId, counter(2, 100));
    expect(withNew).toEqual({ state: { total: 6, seen: 3 }, version: 3n, snapshotVersion: null });
    await store.settled();
    expect(await snapshotRow(streamId)).toEqual({
      stream_version: '3',
      state_schema_version: 2,
      state: { total: 6, seen: 3 },
    });
  });

  it('folds a stream without events to the initial state at version 0', async () => {
    expect(await store.aggregateStream(uniqueStream('none'), counter(1, 1))).toEqual({
      state: { total: 0, seen: 0 },
      version: 0n,
      snapshotVersion: null,
    });
  });
});

describe('crypto-shredding', () => {
  it('stores personal data encrypted, reads it back, and reads null after forgetStream', async () => {
    const streamId = uniqueStream('person');
    const personal = { name: 'Mehmet Demir', phone: '+90 555 000 00 00' };
    await store.append(
      streamId,
      [
        event('CustomerRegistered', { customerId: 'c-7' }, { personal }),
        event('CustomerVerified', { customerId: 'c-7' }),
      ],
      { expectedVersion: 'no_stream' },
    );
    const { rows } = await sql<{
      personal: Buffer | null;
      data: unknown;
    }>`select personal, data from event_store.events
      where stream_id = ${streamId} order by stream_version`.execute(raw());
    expect(rows[0]!.personal).toBeInstanceOf(Buffer);
    expect(rows[0]!.personal!.toString('latin1')).not.toContain('Mehmet');
    expect(JSON.stringify(rows[0]!.data)).not.toContain('Mehmet');
    expect(rows[1]!.personal).toBeNull();

    // a later append to the existing stream (the lean single-stream path) uses the same key
    await store.append(streamId, [event('CustomerMoved', {}, { personal: { city: 'İzmir' } })], {
      expectedVersion: 2n,
    });
    const before = (await store.readStream(streamId)).events;
    expect(before[0]!.personal).toEqual(personal);
    expect(before[2]!.personal).toEqual({ city: 'İzmir' });
    expect(before[1]!).not.toHaveProperty('personal');

    await store.aggregateStream(streamId, { initialState: () => 0, evolve: (n) => n + 1, snapshotEvery: 1 });
    await store.settled();
    await store.forgetStream(streamId);

    const after = (await store.readStream(streamId)).events;
    expect(after[0]!.personal).toBeNull();
    expect(after[2]!.personal).toBeNull();
    expect(after[0]!.data).toEqual({ customerId: 'c-7' }); // the rest of the event stays
    const inLog = (await readEverything(store, 1_000)).find((e) => e.eventId === before[0]!.eventId);
    expect(inLog?.personal).toBeNull();
    const snapshots = await sql<{ n: number }>`select count(*)::int as n from event_store.snapshots
      where stream_id = ${streamId}`.execute(raw());
    expect(snapshots.rows[0]!.n).toBe(0);
  });

  it('uses one key per stream: forgetting one stream leaves the others readable', async () => {
    const kept = uniqueStream('kept');
    const forgotten = uniqueStream('gone');
    await store.appendMany([
      {
        streamId: kept,
        events: [event('P', {}, { personal: { email: 'a@example.com' } })],
        expectedVersion: 'no_stream',
      },
      {
        streamId: forgotten,
        events: [event('P', {}, { personal: { email: 'b@example.com' } })],
        expectedVersion: 'no_stream',
      },
    ]);
    await store.forgetStream(forgotten);
    expect((await store.readStream(kept)).events[0]!.personal).toEqual({ email: 'a@example.com' });
    expect((await store.readStream(forgotten)).events[0]!.personal).toBeNull();
  });
});
