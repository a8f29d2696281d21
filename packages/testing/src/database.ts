import { randomBytes } from 'node:crypto';
import { databaseUrlFor, quoteIdent } from '@orders/local-postgres';
import pg from 'pg';
import { serverUrl } from './context.ts';

export interface TestDatabaseTemplate {
  /**
   * Template database name; include a version or hash of the migrations so that
   * a changed schema gets a new template (e.g. `tpl_event_store_3f9a1c`).
   */
  name: string;
  /** Brings an empty database at `url` to the schema the tests need. */
  migrate(url: string): Promise<void>;
}

export interface TestDatabase {
  name: string;
  url: string;
  /** Drops the database, ending any connection still open on it. */
  drop(): Promise<void>;
}

async function withAdmin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: databaseUrlFor(serverUrl(), 'postgres') });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** Creates the template once per server (serialised across processes by an advisory lock). */
async function ensureTemplate(template: TestDatabaseTemplate): Promise<void> {
  await withAdmin(async (admin) => {
    await admin.query('select pg_advisory_lock(hashtext($1))', [template.name]);
    try {
      const found = await admin.query<{ datistemplate: boolean }>(
        'select datistemplate from pg_database where datname = $1',
        [template.name],
      );
      if (found.rows[0]?.datistemplate) return;
      // A template left half-made by a crashed run is rebuilt.
      if (found.rowCount) await admin.query(`drop database ${quoteIdent(template.name)} with (force)`);
      await admin.query(`create database ${quoteIdent(template.name)}`);
      await template.migrate(databaseUrlFor(serverUrl(), template.name));
      await admin.query(
        `alter database ${quoteIdent(template.name)} with is_template true allow_connections false`,
      );
    } finally {
      await admin.query('select pg_advisory_unlock(hashtext($1))', [template.name]);
    }
  });
}

/**
 * A fresh database for one test file, copied from a migrated template when one is
 * given. Call `drop()` in afterAll.
 */
export async function createTestDatabase(
  options: { template?: TestDatabaseTemplate } = {},
): Promise<TestDatabase> {
  if (options.template) await ensureTemplate(options.template);
  const name = `t_${Date.now().toString(36)}_${randomBytes(4).toString('hex')}`;
  await withAdmin(async (admin) => {
    const from = options.template ? ` template ${quoteIdent(options.template.name)}` : '';
    await admin.query(`create database ${quoteIdent(name)}${from}`);
  });
  return {
    name,
    url: databaseUrlFor(serverUrl(), name),
    drop: () =>
      withAdmin(
        async (admin) => void (await admin.query(`drop database if exists ${quoteIdent(name)} with (force)`)),
      ),
  };
}
