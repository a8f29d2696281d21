// Group subscriptions: several read-model members in one subscription (one read and one
// transaction per batch), each with its own checkpoint row and lock.
import type { TestDatabase } from '@orders/testing';
import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readCheckpoint, resetCheckpoint } from './checkpoints.ts';
import { createGroupSubscription, type GroupSubscription } from './group.ts';
import type { EventStore } from './store.ts';
import { createSubscription, type Subscription } from './subscribe.ts';
import { event, eventStoreDatabase, storeFactory, uniqueStream, waitFor } from './test-support/database.ts';
import type { Checkpoint } from './types.ts';

interface ReadModel {
  group_applied: { member: string; event_id: string; instance: string };
}

let database: TestDatabase;
const stores = storeFactory(() => database);
let store: EventStore;
const running: { stop(): Promise<void> }[] = [];

beforeAll(async () => {
  database = await eventStoreDatabase();
  store = stores.open({ poolSize: 8 });
  await sql`create table group_applied (member text not null, event_id uuid not null, instance text not null)`.execute(
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

/** A group whose members record each event they apply, in the batch's transaction. */
function group(
  members: string[],
  instance: string,
  extra: { batchSize?: number; failOnce?: string } = {},
): GroupSubscription {
  let failed = false;
  const subscription = createGroupSubscription<ReadModel>({
    store,
    batchSize: extra.batchSize ?? 50,
    pollIntervalMs: 200,
    lockRetryMs: 100,
    retry: { initialDelayMs: 20 },
    members: members.map((member) => ({
      name: member,
      handler: async (events, trx) => {
        await trx
          .insertInto('group_applied')
          .values(events.map((e) => ({ member, event_id: e.eventId, instance })))
          .execute();
        if (member === extra.failOnce && !failed) {
          failed = true;
          throw new Error(`${member} fails once`);
        }
      },
    })),
  });
  running.push(subscription);
  return subscription;
}

async function appendMany(count: number): Promise<string[]> {
  const events = Array.from({ length: count }, (_, i) => event('Ticked', { i }));
  await store.append(uniqueStream('grp'), events, { expectedVersion: 'any' });
  return events.map((e) => e.eventId);
}

/** Appends `rounds` × 5 events, a little apart, so that a running group meets them live. */
async function writeWhile(rounds: number): Promise<void> {
  for (let round = 0; round < rounds; round += 1) {
    await appendMany(5);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** The ids of the log's events after `after`, in log order. */
async function idsAfter(after: Checkpoint): Promise<string[]> {
  const { rows } = await sql<{ event_id: string }>`select event_id from event_store.events
    where (transaction_id, position) > (${after.transactionId}::xid8, ${String(after.position)}::bigint)
    order by transaction_id, position`.execute(raw());
  return rows.map((r) => r.event_id);
}

async function logEnd(): Promise<Checkpoint> {
  const { rows } = await sql<{ tx: string; pos: string }>`select transaction_id::text as tx,
    position::text as pos from event_store.events order by transaction_id desc, position desc limit 1`.execute(
    raw(),
  );
  return { transactionId: rows[0]!.tx, position: BigInt(rows[0]!.pos) };
}

async function appliedIds(member: string): Promise<string[]> {
  const { rows } = await sql<{ event_id: string }>`select event_id from group_applied
    where member = ${member} order by event_id`.execute(raw());
  return rows.map((r) => r.event_id);
}

/** Waits until `member` has applied every id of `expected`, then checks it applied each exactly once. */
async function expectExactly(member: string, expected: string[]): Promise<void> {
  await waitFor(
    async () => (await appliedIds(member)).length >= expected.length,
    20_000,
    `${member} to apply ${expected.length} events`,
    async () => `${member} has ${(await appliedIds(member)).length}`,
  );
  expect(await appliedIds(member)).toEqual(expected.toSorted());
}

describe('group subscription', () => {
  it('applies every event exactly once to every member, live and caught up; each checkpoint row ends at the log end', async () => {
    await appendMany(120);
    const members = ['c', 'a', 'b'].map((m) => `all-${m}-${uniqueStream()}`);
    const subscription = group(members, 'one', { batchSize: 25, failOnce: members[1]! });
    await subscription.start();
    await writeWhile(20);
    const end = await logEnd();
    const all = await idsAfter({ transactionId: '0', position: 0n });
    for (const member of members) await expectExactly(member, all);
    for (const member of members) expect(await readCheckpoint(store, member)).toEqual(end);
    const statuses = subscription.statuses();
    expect(statuses.map((s) => s.name)).toEqual(members);
    for (const s of statuses) {
      expect(s).toMatchObject({ active: true, checkpoint: end, eventsApplied: all.length });
      // Each member's status stands for its own subscription: only the one that threw counts a failure.
      expect(s.handlerFailures).toBe(s.name === members[1] ? 1 : 0);
    }
    await subscription.stop();
  });

  it('members at different checkpoints each get exactly the events after their own', async () => {
    await appendMany(60);
    const [early, late] = ['early', 'late'].map((m) => `${m}-${uniqueStream()}`) as [string, string];
    // `late` is part-way through the log, in the middle of a 7-event batch of the group.
    const partWay = (await store.readAll({ maxCount: 31 })).checkpoint;
    await resetCheckpoint(store, late, partWay);
    const subscription = group([early, late], 'one', { batchSize: 7 });
    await subscription.start();
    await writeWhile(5);
    await expectExactly(early, await idsAfter({ transactionId: '0', position: 0n }));
    await expectExactly(late, await idsAfter(partWay));
    expect(await readCheckpoint(store, late)).toEqual(await logEnd());
    await subscription.stop();
  });

  it('a member whose checkpoint is moved under it (a rebuild swap) goes on from there; the group keeps its locks', async () => {
    const [kept, moved] = ['kept', 'moved'].map((m) => `${m}-${uniqueStream()}`) as [string, string];
    const subscription = group([kept, moved], 'one', { batchSize: 10 });
    await subscription.start();
    await waitFor(() => subscription.statuses()[0]!.active, 10_000, 'the group to become active');
    const lockPid = subscription.statuses()[0]!.lockBackendPid;
    const writing = writeWhile(30);
    await waitFor(async () => (await appliedIds(moved)).length > 0, 10_000, 'the first live batch');
    // As swapShadow does: the checkpoint row moved (to the start) in a transaction of its own;
    // the rows this member applied go with it, so that it must end with each event once.
    await raw()
      .transaction()
      .execute(async (trx) => {
        await sql`update event_store.subscription_checkpoints set transaction_id = '0'::xid8, position = 0
          where name = ${moved}`.execute(trx);
        await sql`delete from group_applied where member = ${moved}`.execute(trx);
      });
    await writing;
    const all = await idsAfter({ transactionId: '0', position: 0n });
    await expectExactly(kept, all);
    await expectExactly(moved, all);
    const statuses = subscription.statuses();
    expect(statuses.every((s) => s.active && s.lockBackendPid === lockPid && s.handlerFailures === 0)).toBe(
      true,
    );
    await subscription.stop();
  });

  it('a second instance stays passive while the first holds the locks, and takes over when it stops', async () => {
    const members = ['x', 'y'].map((m) => `pair-${m}-${uniqueStream()}`) as [string, string];
    const first = group(members, 'first', { batchSize: 7 });
    await first.start();
    await waitFor(() => first.statuses()[0]!.active, 10_000, 'the first instance to become active');
    const second = group(members, 'second', { batchSize: 7 });
    // A single subscription named like a member is excluded too (it takes the same lock).
    const single: Subscription = createSubscription({
      name: members[1],
      store,
      mode: 'side-effect',
      lockRetryMs: 50,
      handler: async () => undefined,
    });
    running.push(single);
    await Promise.all([second.start(), single.start()]);
    await writeWhile(10);
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(second.statuses().some((s) => s.active)).toBe(false);
    expect(single.status().active).toBe(false);
    await single.stop();

    const before = (await idsAfter({ transactionId: '0', position: 0n })).length;
    const writing = writeWhile(20);
    await waitFor(async () => (await appliedIds(members[0])).length > before + 10, 10_000, 'live batches');
    await first.stop();
    await waitFor(() => second.statuses()[0]!.active, 10_000, 'the second instance to take over');
    await writing;
    const all = await idsAfter({ transactionId: '0', position: 0n });
    for (const member of members) await expectExactly(member, all);
    const { rows } = await sql<{ instance: string }>`select distinct instance from group_applied
      where member = any(${members}::text[]) order by instance`.execute(raw());
    expect(rows.map((r) => r.instance)).toEqual(['first', 'second']);
    await second.stop();
  });
});
