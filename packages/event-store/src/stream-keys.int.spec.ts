import { randomUUID } from 'node:crypto';
import type { TestDatabase } from '@orders/testing';
import { sql, type Kysely } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { StreamKeyTakenError } from './errors.ts';
import type { EventStore } from './store.ts';
import { event, eventStoreDatabase, storeFactory, uniqueStream } from './test-support/database.ts';

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

const keyed = (tenantId: string, streamKey: string) =>
  ({ expectedVersion: 'no_stream', streamType: 'order', tenantId, streamKey }) as const;

async function streamRow(streamId: string) {
  const { rows } = await sql<{ version: string; stream_key: string | null }>`
    select version::text, stream_key from event_store.streams where stream_id = ${streamId}`.execute(
    store.db as unknown as Kysely<never>,
  );
  return rows[0];
}

async function eventCount(streamId: string): Promise<number> {
  const { rows } = await sql<{ n: number }>`select count(*)::int as n from event_store.events
    where stream_id = ${streamId}`.execute(store.db as unknown as Kysely<never>);
  return rows[0]!.n;
}

describe('stream keys', () => {
  it('records the key with the stream that an append creates, found per tenant and stream type', async () => {
    const tenant = `t-${randomUUID()}`;
    const streamId = uniqueStream('order');
    await store.append(streamId, [event(), event()], keyed(tenant, 'ORD-000001'));

    expect(
      await store.streamIdByKey({ tenantId: tenant, streamType: 'order', streamKey: 'ORD-000001' }),
    ).toBe(streamId);
    expect(
      await store.streamIdByKey({ tenantId: 'other', streamType: 'order', streamKey: 'ORD-000001' }),
    ).toBe(undefined);
    expect(
      await store.streamIdByKey({ tenantId: tenant, streamType: 'invoice', streamKey: 'ORD-000001' }),
    ).toBe(undefined);
    expect(
      await store.streamIdByKey({ tenantId: tenant, streamType: 'order', streamKey: 'ORD-000002' }),
    ).toBe(undefined);
    // the same key in another tenant is another stream's
    const elsewhere = uniqueStream('order');
    await store.append(elsewhere, [event()], keyed(`${tenant}-b`, 'ORD-000001'));
    expect(
      await store.streamIdByKey({ tenantId: `${tenant}-b`, streamType: 'order', streamKey: 'ORD-000001' }),
    ).toBe(elsewhere);
  });

  it('fails only the append whose key is taken, among concurrent appends of one group commit', async () => {
    const tenant = `t-${randomUUID()}`;
    const first = uniqueStream('order');
    await store.append(first, [event()], keyed(tenant, 'ORD-1'));

    const streams = Array.from({ length: 24 }, () => uniqueStream('order'));
    const clash = uniqueStream('order');
    const outcomes = await Promise.allSettled([
      ...streams.map((s, i) => store.append(s, [event(), event()], keyed(tenant, `ORD-${i + 100}`))),
      store.append(clash, [event(), event()], keyed(tenant, 'ORD-1')),
    ]);

    expect(outcomes.slice(0, streams.length).every((o) => o.status === 'fulfilled')).toBe(true);
    const failed = outcomes.at(-1)!;
    expect(failed.status).toBe('rejected');
    const error = (failed as PromiseRejectedResult).reason as StreamKeyTakenError;
    expect(error).toBeInstanceOf(StreamKeyTakenError);
    expect(error).toMatchObject({ streamId: clash, streamKey: 'ORD-1', code: 'STREAM_KEY_TAKEN' });
    // nothing of the refused append was written; the others hold their own keys
    expect(await streamRow(clash)).toBeUndefined();
    expect(await eventCount(clash)).toBe(0);
    for (const [i, s] of streams.entries()) {
      expect(await streamRow(s)).toEqual({ version: '2', stream_key: `ORD-${i + 100}` });
    }
    expect(await store.streamIdByKey({ tenantId: tenant, streamType: 'order', streamKey: 'ORD-1' })).toBe(
      first,
    );
  });

  it('writes the key on the careful path (append_events_keyed) too, and keeps it on a retried append', async () => {
    const tenant = `t-${randomUUID()}`;
    const retried = uniqueStream('order');
    const events = [event(), event()];
    await store.append(retried, events, keyed(tenant, 'ORD-7'));
    // A batch with a retried append (same event ids) fails the fast path's insert on event_id,
    // so the whole batch goes through append_events_keyed(): the new stream gets its key there.
    const fresh = uniqueStream('order');
    const [again, created] = await store.appendMany([
      { streamId: retried, events, ...keyed(tenant, 'ORD-7') },
      { streamId: fresh, events: [event()], ...keyed(tenant, 'ORD-8') },
    ]);
    expect(again!.nextVersion).toBe(2n);
    expect(created!.nextVersion).toBe(1n);
    expect(await streamRow(retried)).toEqual({ version: '2', stream_key: 'ORD-7' });
    expect(await streamRow(fresh)).toEqual({ version: '1', stream_key: 'ORD-8' });

    // all or nothing: a taken key in appendMany refuses the whole call and names its append
    const a = uniqueStream('order');
    const b = uniqueStream('order');
    const refused = store.appendMany([
      { streamId: a, events: [event()], ...keyed(tenant, 'ORD-9') },
      { streamId: b, events: [event()], ...keyed(tenant, 'ORD-8') },
    ]);
    await expect(refused).rejects.toBeInstanceOf(StreamKeyTakenError);
    await expect(refused).rejects.toMatchObject({ streamId: b, streamKey: 'ORD-8' });
    expect(await streamRow(a)).toBeUndefined();
  });

  it('takes a key only where the append creates the stream, with its type and tenant', async () => {
    const streamId = uniqueStream('order');
    await expect(
      store.append(streamId, [event()], {
        expectedVersion: 'any',
        streamType: 'order',
        tenantId: 't',
        streamKey: 'K',
      }),
    ).rejects.toBeInstanceOf(TypeError);
    await expect(
      store.append(streamId, [event()], { expectedVersion: 'no_stream', tenantId: 't', streamKey: 'K' }),
    ).rejects.toBeInstanceOf(TypeError);
    await expect(store.append(streamId, [event()], keyed('t', ''))).rejects.toBeInstanceOf(RangeError);
    expect(await streamRow(streamId)).toBeUndefined();
  });
});
