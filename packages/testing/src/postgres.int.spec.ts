import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from './database.ts';

interface SmokeDb {
  parcels: { id: string; city: string; weight_grams: number };
}

const template = {
  name: 'tpl_testing_smoke_v1',
  migrate: async (url: string) => {
    const db = new Kysely<SmokeDb>({
      dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: url }) }),
    });
    await db.schema
      .createTable('parcels')
      .addColumn('id', 'text', (c) => c.primaryKey())
      .addColumn('city', 'text', (c) => c.notNull())
      .addColumn('weight_grams', 'integer', (c) => c.notNull())
      .execute();
    await db.destroy();
  },
};

describe('the real PostgreSQL behind every integration test', () => {
  let database: TestDatabase;
  let db: Kysely<SmokeDb>;

  beforeAll(async () => {
    database = await createTestDatabase({ template });
    db = new Kysely<SmokeDb>({
      dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: database.url }) }),
    });
  });
  afterAll(async () => {
    await db?.destroy();
    await database?.drop();
  });

  it('writes a row through kysely and reads it back', async () => {
    await db.insertInto('parcels').values({ id: 'p-1', city: 'İzmir', weight_grams: 1250 }).execute();
    const row = await db.selectFrom('parcels').selectAll().where('id', '=', 'p-1').executeTakeFirstOrThrow();
    expect(row).toEqual({ id: 'p-1', city: 'İzmir', weight_grams: 1250 });
  });

  it('is a real server, not a stand-in', async () => {
    const { rows } = await sql<{ version: string }>`select version()`.execute(db);
    expect(rows[0]?.version).toMatch(/^PostgreSQL \d+/);
  });

  it('gives each test file its own database copied from the migrated template', async () => {
    const other = await createTestDatabase({ template });
    const otherDb = new Kysely<SmokeDb>({
      dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: other.url }) }),
    });
    try {
      expect(other.name).not.toBe(database.name);
      // the schema came from the template, the rows of this file did not
      expect(await otherDb.selectFrom('parcels').selectAll().execute()).toEqual([]);
    } finally {
      await otherDb.destroy();
      await other.drop();
    }
    const gone = await sql<{
      n: number;
    }>`select count(*)::int as n from pg_database where datname = ${other.name}`.execute(db);
    expect(gone.rows[0]?.n).toBe(0);
  });
});
