import { createTestDatabase, type TestDatabase } from '@orders/testing';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { orderApiTemplate } from '../test-support/app.ts';
import { createOrderNumberAllocator } from './order-numbers.ts';

let database: TestDatabase;
let pool: pg.Pool;
let db: Kysely<unknown>;
let refills = 0;

beforeAll(async () => {
  database = await createTestDatabase({ template: orderApiTemplate });
  pool = new pg.Pool({ connectionString: database.url, max: 4 });
  db = new Kysely({
    dialect: new PostgresDialect({ pool }),
    log: (event) => {
      if (event.level === 'query' && event.query.sql.includes('nextval')) refills += 1;
    },
  });
});
afterAll(async () => {
  await pool?.end();
  await database?.drop();
});

const numberOf = (orderNo: string) => Number(orderNo.slice('ORD-'.length));

describe('order numbers', () => {
  it('hands out increasing numbers per tenant, asking for the next block before the last is used up', async () => {
    const next = createOrderNumberAllocator(db, { block: 4 });
    const taken: string[] = [];
    for (let i = 0; i < 12; i++) taken.push(await next('tenant-seq'));
    expect(taken[0]).toBe('ORD-000001');
    expect(taken.map(numberOf)).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    // 12 numbers in blocks of 4: three blocks used, and the fourth already asked for
    // (half a block left triggers the next ask; kysely logs a query when it has answered)
    await vi.waitFor(() => expect(refills).toBe(4));
    // another tenant has its own sequence
    expect(await next('tenant-other')).toBe('ORD-000001');
  });

  it('gives every concurrent caller its own number', async () => {
    const next = createOrderNumberAllocator(db, { block: 4 });
    const taken = await Promise.all(Array.from({ length: 50 }, () => next('tenant-burst')));
    expect(new Set(taken).size).toBe(50);
    for (const orderNo of taken) expect(orderNo).toMatch(/^ORD-\d{6}$/);
    // a second process (allocator) never reuses them
    const other = createOrderNumberAllocator(db, { block: 4 });
    const more = await Promise.all(Array.from({ length: 10 }, () => other('tenant-burst')));
    expect(more.filter((n) => taken.includes(n))).toEqual([]);
  });
});
