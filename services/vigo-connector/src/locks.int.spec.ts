import { randomUUID } from 'node:crypto';
import { createTestDatabase, type TestDatabase } from '@orders/testing';
import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createOrderLocks, OrderBusyError } from './locks.ts';
import { connectorTemplate } from './test-support/harness.ts';

// The order locks on a real PostgreSQL: the row read in the lock's round trip, and a lock
// never left behind on a pooled connection.
let database: TestDatabase;
let pool: pg.Pool;
let other: pg.Pool;

beforeAll(async () => {
  database = await createTestDatabase({ template: connectorTemplate });
  pool = new pg.Pool({ connectionString: database.url, max: 2 });
  other = new pg.Pool({ connectionString: database.url, max: 2 });
});
afterAll(async () => {
  await pool?.end();
  await other?.end();
  await database?.drop();
});

const peek = (orderId: string) =>
  `select order_id, state from vigo_connector.dispatches where order_id = '${orderId}'`;

async function insertRow(orderId: string, state: string) {
  await pool.query(
    `insert into vigo_connector.dispatches (order_id, tenant_id, order_no, state) values ($1, 'demo', $2, $3)`,
    [orderId, `NO-${orderId.slice(0, 8)}`, state],
  );
}

it('reads the row with the lock, and sees what the previous holder wrote before it let go', async () => {
  const locks = createOrderLocks(pool);
  const orderId = randomUUID();
  expect(await locks.withLockRead(orderId, peek(orderId), async (rows) => rows)).toEqual([]);

  // A holder writes the row and lets go while the next one waits: the waiter reads the write.
  let release!: () => void;
  const held = new Promise<void>((r) => (release = r));
  let holding!: () => void;
  const locked = new Promise<void>((r) => (holding = r));
  const first = locks.withLock(orderId, async () => {
    holding();
    await held;
    await insertRow(orderId, 'prepared');
  });
  await locked;
  const second = createOrderLocks(other).withLockRead<{ state: string }, string | undefined>(
    orderId,
    peek(orderId),
    async (rows) => rows[0]?.state,
  );
  release();
  await first;
  expect(await second).toBe('prepared');
});

it('gives up with OrderBusyError when the order stays held, and frees a lock whose read failed', async () => {
  const locks = createOrderLocks(pool);
  const orderId = randomUUID();
  let release!: () => void;
  const held = new Promise<void>((r) => (release = r));
  let holding!: () => void;
  const locked = new Promise<void>((r) => (holding = r));
  const holder = locks.withLock(orderId, async () => {
    holding();
    await held;
  });
  await locked;
  await expect(
    createOrderLocks(other).withLockRead(orderId, peek(orderId), async () => 'ran', 100),
  ).rejects.toBeInstanceOf(OrderBusyError);
  release();
  await holder;

  // The read fails after the lock was taken in the same message: the connection is dropped
  // (its session and the lock with it), so another session takes the lock at once.
  await expect(
    locks.withLockRead(orderId, 'select * from vigo_connector.no_such_table', async () => 'ran'),
  ).rejects.toThrow(/no_such_table/);
  expect(await createOrderLocks(other).withLock(orderId, async () => 'free', 100)).toBe('free');
});
