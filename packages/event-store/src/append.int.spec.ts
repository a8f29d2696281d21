import type { TestDatabase } from '@orders/testing';
import { sql, type Kysely } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DuplicateEventIdError, StreamArchivedError, VersionConflictError } from './errors.ts';
import type { EventStore } from './store.ts';
import { event, eventStoreDatabase, storeFactory, uniqueStream, waitFor } from './test-support/database.ts';
import type { AppendResult, ExpectedVersion } from './types.ts';

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

async function rowCount(streamId: string): Promise<number> {
  const { rows } = await sql<{ n: number }>`select count(*)::int as n from event_store.events
    where stream_id = ${streamId}`.execute(store.db as unknown as Kysely<never>);
  return rows[0]!.n;
}

type StreamState = 'absent' | 'present' | 'archived';
type Outcome = { ok: bigint } | { conflict: bigint | null } | 'archived';

/** Each expected-version option against each state of the stream (present = at version 2). */
const matrix: Array<[StreamState, ExpectedVersion, Outcome]> = [
  ['absent', 'no_stream', { ok: 1n }],
  ['absent', 'stream_exists', { conflict: null }],
  ['absent', 'any', { ok: 1n }],
  ['absent', 0n, { ok: 1n }],
  ['absent', 3n, { conflict: null }],
  ['present', 'no_stream', { conflict: 2n }],
  ['present', 'stream_exists', { ok: 3n }],
  ['present', 'any', { ok: 3n }],
  ['present', 2n, { ok: 3n }],
  ['present', 1n, { conflict: 2n }],
  ['present', 0n, { conflict: 2n }],
  ['archived', 'no_stream', 'archived'],
  ['archived', 'stream_exists', 'archived'],
  ['archived', 'any', 'archived'],
  ['archived', 2n, 'archived'],
];

async function prepare(state: StreamState): Promise<string> {
  const streamId = uniqueStream(state);
  if (state !== 'absent') await store.append(streamId, [event(), event()], { expectedVersion: 'no_stream' });
  if (state === 'archived') await store.archiveStream(streamId);
  return streamId;
}

/** What an append came to, in the shape of the matrix. */
async function outcomeOf(
  attempt: Promise<AppendResult>,
  streamId: string,
  expected: ExpectedVersion,
): Promise<unknown> {
  try {
    const result = await attempt;
    return { ok: result.nextVersion, positions: result.positions.length };
  } catch (error) {
    if (error instanceof StreamArchivedError) return 'archived';
    if (error instanceof VersionConflictError && error.streamId === streamId && error.expected === expected) {
      return { conflict: error.actual };
    }
    return error;
  }
}

const shaped = (outcome: Outcome): unknown =>
  typeof outcome === 'object' && 'ok' in outcome ? { ...outcome, positions: 1 } : outcome;

describe('expected version', () => {
  it.each(matrix)('append to a stream %s with %s', async (state, expected, outcome) => {
    const streamId = await prepare(state);
    const before = await rowCount(streamId);
    const attempt = store.append(streamId, [event()], { expectedVersion: expected });
    expect(await outcomeOf(attempt, streamId, expected)).toEqual(shaped(outcome));
    expect(await rowCount(streamId)).toBe(before + (typeof outcome === 'object' && 'ok' in outcome ? 1 : 0));
  });

  it.each(matrix)('appendMany to a stream %s with %s', async (state, expected, outcome) => {
    const streamId = await prepare(state);
    const attempt = store
      .appendMany([{ streamId, events: [event()], expectedVersion: expected }])
      .then((results) => results[0]!);
    expect(await outcomeOf(attempt, streamId, expected)).toEqual(shaped(outcome));
  });

  it('reads an archived stream as archived, with its events still there', async () => {
    const streamId = await prepare('archived');
    const read = await store.readStream(streamId);
    expect(read).toMatchObject({ archived: true, exists: true, version: 2n });
    expect(read.events.map((e) => e.streamVersion)).toEqual([1n, 2n]);
  });

  it('records the stream type and tenant given when the stream is created', async () => {
    const streamId = uniqueStream();
    await store.append(streamId, [event()], {
      expectedVersion: 'no_stream',
      streamType: 'order',
      tenantId: 't-1',
    });
    const { rows } = await sql<{ stream_type: string; tenant_id: string }>`select stream_type, tenant_id
      from event_store.streams where stream_id = ${streamId}`.execute(store.db as unknown as Kysely<never>);
    expect(rows[0]).toEqual({ stream_type: 'order', tenant_id: 't-1' });
  });
});

describe('concurrent appenders', () => {
  it('lets exactly one of 50 appenders at the same expected version win, round after round', async () => {
    const streamId = uniqueStream('contended');
    // Two stores: one coalescing appends (group commit), one sending each in its own transaction.
    const grouped = stores.open({ poolSize: 5 });
    const separate = stores.open({ groupCommit: false, poolSize: 8 });
    const rounds = 5;
    const winners: string[] = [];
    for (let round = 0; round < rounds; round += 1) {
      const expected: ExpectedVersion = round === 0 ? 'no_stream' : BigInt(round);
      const attempts = Array.from({ length: 50 }, (_, i) => {
        const candidate = event('Attempted', { round, i });
        const target = i % 2 === 0 ? grouped : separate;
        return target
          .append(streamId, [candidate], { expectedVersion: expected })
          .then((result) => ({ id: candidate.eventId, result }))
          .catch((error: unknown) => ({ id: candidate.eventId, error }));
      });
      const settled = await Promise.all(attempts);
      const won = settled.filter((s) => 'result' in s);
      const lost = settled.filter((s) => 'error' in s);
      expect(won).toHaveLength(1);
      expect(won[0]!.result.nextVersion).toBe(BigInt(round + 1));
      for (const loser of lost) {
        expect(loser.error).toBeInstanceOf(VersionConflictError);
        expect((loser.error as VersionConflictError).actual).toBe(BigInt(round + 1));
      }
      winners.push(won[0]!.id);
    }
    const read = await store.readStream(streamId);
    expect(read.events.map((e) => e.streamVersion)).toEqual([1n, 2n, 3n, 4n, 5n]);
    expect(read.events.map((e) => e.eventId)).toEqual(winners);
    expect(read.version).toBe(5n);
  });

  it('coalesces concurrent appends into shared transactions, each with its own result', async () => {
    const grouped = stores.open({ poolSize: 3, maxInFlightBatches: 1 });
    const streams = Array.from({ length: 30 }, () => uniqueStream('grouped'));
    const conflicted = await grouped.append(streams[0]!, [event()], { expectedVersion: 'no_stream' });
    const before = grouped.groupCommitStats.batches;
    const settled = await Promise.allSettled(
      streams.map((streamId, i) =>
        // the first stream already exists: its append conflicts, the other 29 go through
        grouped.append(streamId, [event('Grouped', { i }), event('Grouped', { i })], {
          expectedVersion: 'no_stream',
        }),
      ),
    );
    expect(grouped.groupCommitStats.batches - before).toBeLessThan(10);
    expect(settled[0]).toMatchObject({ status: 'rejected', reason: { actual: conflicted.nextVersion } });
    const fulfilled = settled.slice(1).map((s) => (s.status === 'fulfilled' ? s.value : undefined));
    expect(fulfilled.every((r) => r?.nextVersion === 2n && r.positions.length === 2)).toBe(true);
    // Appends sharing a transaction share its id; positions never repeat.
    const positions = fulfilled.flatMap((r) => r!.positions);
    expect(new Set(positions).size).toBe(58);
    expect(new Set(fulfilled.map((r) => r!.transactionId)).size).toBeLessThan(29);
  });

  it('keeps the order of appends to one stream queued in the same burst', async () => {
    const streamId = uniqueStream('ordered');
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        store.append(streamId, [event('Step', { i })], { expectedVersion: 'any' }),
      ),
    );
    expect(results.map((r) => r.nextVersion)).toEqual(Array.from({ length: 10 }, (_, i) => BigInt(i + 1)));
    const read = await store.readStream(streamId);
    expect(read.events.map((e) => (e.data as { i: number }).i)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
  });
});

describe('idempotent retries', () => {
  it('answers a retry of a committed append with the original result and writes nothing', async () => {
    const streamId = uniqueStream('retry');
    const events = [event('A', { n: 1 }), event('B', { n: 2 })];
    const original = await store.append(streamId, events, { expectedVersion: 'no_stream' });
    await store.append(streamId, [event()], { expectedVersion: 2n }); // the stream moved on since
    for (const expectedVersion of ['no_stream', 'any', 0n] as const) {
      expect(await store.append(streamId, events, { expectedVersion })).toEqual(original);
    }
    const viaMany = await store.appendMany([{ streamId, events, expectedVersion: 'no_stream' }]);
    expect(viaMany).toEqual([original]);
    expect(await rowCount(streamId)).toBe(3);
  });

  it('writes once when the same append is sent twice at the same time', async () => {
    const streamId = uniqueStream('double');
    const other = stores.open({ groupCommit: false });
    const events = [event('A'), event('B')];
    const [first, second] = await Promise.all([
      store.append(streamId, events, { expectedVersion: 'no_stream' }),
      other.append(streamId, events, { expectedVersion: 'no_stream' }),
    ]);
    expect(second).toEqual(first);
    expect(await rowCount(streamId)).toBe(2);
  });

  it('writes once when a retry follows an append whose connection died before the answer', async () => {
    const streamId = uniqueStream('lost');
    await store.append(streamId, [event()], { expectedVersion: 'no_stream' });
    const victim = stores.open({ groupCommit: false, poolSize: 1 });
    const blocker = new pg.Client({ connectionString: database.url });
    await blocker.connect();
    try {
      // Hold the stream's row so the append waits in flight, then kill its connection.
      await blocker.query('begin');
      await blocker.query('select 1 from event_store.streams where stream_id = $1 for update', [streamId]);
      const events = [event('Paid', { amount: 10 })];
      const inFlight = victim.append(streamId, events, { expectedVersion: 1n });
      let pid: number | undefined;
      await waitFor(
        async () => {
          // (pg_stat_activity is read outside the blocker: inside a transaction it is a snapshot)
          const { rows } = await sql<{ pid: number }>`select pid from pg_stat_activity
            where datname = current_database() and wait_event_type = 'Lock'`.execute(
            store.db as unknown as Kysely<never>,
          );
          pid = rows[0]?.pid;
          return pid !== undefined;
        },
        10_000,
        'the append to wait on the row lock',
      );
      await sql`select pg_terminate_backend(${pid})`.execute(store.db as unknown as Kysely<never>);
      const outcome = await inFlight.then(
        () => 'answered',
        (error: unknown) => error,
      );
      expect(outcome).toBeInstanceOf(Error);
      await blocker.query('commit');
      // The caller does not know whether it was written: it sends the same events again.
      const retried = await store.append(streamId, events, { expectedVersion: 1n });
      const again = await store.append(streamId, events, { expectedVersion: 1n });
      expect(again).toEqual(retried);
      expect(retried.nextVersion).toBe(2n);
      expect(await rowCount(streamId)).toBe(2);
    } finally {
      await blocker.end();
    }
  });

  it('refuses the same event ids on another stream or with other content', async () => {
    const streamId = uniqueStream('owner');
    const events = [event('A', { n: 1 })];
    await store.append(streamId, events, { expectedVersion: 'no_stream' });
    await expect(
      store.append(uniqueStream('thief'), events, { expectedVersion: 'any' }),
    ).rejects.toBeInstanceOf(DuplicateEventIdError);
    const changed = [{ ...events[0]!, data: { n: 2 } }];
    const error = await store.append(streamId, changed, { expectedVersion: 'any' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DuplicateEventIdError);
    expect((error as DuplicateEventIdError).eventIds).toEqual([events[0]!.eventId]);
    // part old, part new: also refused, and the new event is not written
    await expect(
      store.append(streamId, [events[0]!, event()], { expectedVersion: 'any' }),
    ).rejects.toBeInstanceOf(DuplicateEventIdError);
    expect(await rowCount(streamId)).toBe(1);
  });

  it('isolates a refused append from the others of its batch', async () => {
    const grouped = stores.open({ maxInFlightBatches: 1 });
    const owner = uniqueStream('owner');
    const reused = [event('A')];
    await grouped.append(owner, reused, { expectedVersion: 'no_stream' });
    const streams = Array.from({ length: 6 }, () => uniqueStream('batch'));
    const settled = await Promise.allSettled([
      ...streams.map((s) => grouped.append(s, [event()], { expectedVersion: 'no_stream' })),
      grouped.append(uniqueStream('thief'), reused, { expectedVersion: 'no_stream' }),
      grouped.append(owner, [event()], { expectedVersion: 5n }),
    ]);
    expect(settled.slice(0, 6).every((s) => s.status === 'fulfilled')).toBe(true);
    expect(settled[6]).toMatchObject({ status: 'rejected', reason: expect.any(DuplicateEventIdError) });
    expect(settled[7]).toMatchObject({ status: 'rejected', reason: expect.any(VersionConflictError) });
  });
});

describe('appendMany', () => {
  it('writes many streams in one transaction', async () => {
    const a = uniqueStream('many');
    const b = uniqueStream('many');
    const results = await store.appendMany([
      { streamId: a, events: [event(), event()], expectedVersion: 'no_stream' },
      { streamId: b, events: [event()], expectedVersion: 'no_stream' },
      { streamId: a, events: [event()], expectedVersion: 2n },
    ]);
    expect(results.map((r) => r.nextVersion)).toEqual([2n, 1n, 3n]);
    expect(new Set(results.map((r) => r.transactionId)).size).toBe(1);
  });

  it('writes nothing when one append is refused', async () => {
    const a = uniqueStream('atomic');
    const b = uniqueStream('atomic');
    await store.append(b, [event()], { expectedVersion: 'no_stream' });
    const error = await store
      .appendMany([
        { streamId: a, events: [event()], expectedVersion: 'no_stream' },
        { streamId: b, events: [event()], expectedVersion: 'no_stream' },
      ])
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(VersionConflictError);
    expect(error).toMatchObject({ streamId: b, actual: 1n });
    expect(await rowCount(a)).toBe(0);
    expect((await store.readStream(a)).exists).toBe(false);
  });

  it('joins the caller’s transaction and rolls back with it', async () => {
    const streamId = uniqueStream('caller');
    await expect(
      store.db.transaction().execute(async (trx) => {
        await store.appendMany([{ streamId, events: [event()], expectedVersion: 'no_stream' }], {
          transaction: trx,
        });
        expect(await rowCount(streamId)).toBe(0); // not visible outside the transaction yet
        throw new Error('caller changed its mind');
      }),
    ).rejects.toThrow('caller changed its mind');
    expect(await rowCount(streamId)).toBe(0);
    await store.db.transaction().execute(async (trx) => {
      await store.appendMany([{ streamId, events: [event()], expectedVersion: 'no_stream' }], {
        transaction: trx,
      });
    });
    expect(await rowCount(streamId)).toBe(1);
  });
});
