import { createHash } from 'node:crypto';
import { sql } from 'kysely';
import type { Migration, MigrationProvider } from 'kysely/migration';
import { tablesSql } from './0001-tables.ts';
import { appendFunctionSql } from './0002-append-function.ts';
import { streamKeysSql } from './0003-stream-keys.ts';

/** One schema change, as SQL for a given (already quoted) schema identifier. */
export interface EventStoreMigration {
  name: string;
  sql(quotedSchema: string): string;
}

/** Every migration of the event store, in order. Add new ones at the end; never edit a shipped one. */
export const eventStoreMigrations: readonly EventStoreMigration[] = [
  { name: '0001-tables', sql: tablesSql },
  { name: '0002-append-function', sql: appendFunctionSql },
  { name: '0003-stream-keys', sql: streamKeysSql },
];

export function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

/** A kysely MigrationProvider for the event store's migrations in `schema`. */
export function eventStoreMigrationProvider(schema: string): MigrationProvider {
  const quoted = quoteIdent(schema);
  return {
    getMigrations: async () =>
      Object.fromEntries(
        eventStoreMigrations.map((migration): [string, Migration] => [
          migration.name,
          { up: async (db) => void (await sql.raw(migration.sql(quoted)).execute(db)) },
        ]),
      ),
  };
}

/** A short hash of the migrations' names and SQL: it changes whenever a migration does. */
export function migrationsHash(): string {
  const hash = createHash('sha256');
  for (const migration of eventStoreMigrations) hash.update(migration.name).update(migration.sql('"s"'));
  return hash.digest('hex').slice(0, 10);
}
