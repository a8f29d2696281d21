import type { Kysely } from 'kysely';
import { Migrator, type MigrationResultSet } from 'kysely/migration';
import pg from 'pg';
import { kyselyFor, type AnyDatabase } from './connection.ts';
import { eventStoreMigrationProvider, migrationsHash } from './migrations/index.ts';

export const DEFAULT_SCHEMA = 'event_store';

/** Brings the event store's schema (default `event_store`) up to date; idempotent. */
export async function migrateEventStore(
  target: Kysely<AnyDatabase> | string,
  options: { schema?: string } = {},
): Promise<MigrationResultSet> {
  const schema = options.schema ?? DEFAULT_SCHEMA;
  const db =
    typeof target === 'string' ? kyselyFor(new pg.Pool({ connectionString: target, max: 1 })) : target;
  try {
    const migrator = new Migrator({
      db,
      provider: eventStoreMigrationProvider(schema),
      migrationTableSchema: schema,
      migrationTableName: 'event_store_migration',
      migrationLockTableName: 'event_store_migration_lock',
    });
    const result = await migrator.migrateToLatest();
    if (result.error) throw result.error;
    return result;
  } finally {
    if (typeof target === 'string') await db.destroy();
  }
}

/**
 * A template for `createTestDatabase({ template })` of @orders/testing: its name carries a
 * hash of the migrations, so a changed migration gets a fresh template.
 */
export function eventStoreTestTemplate(options: { schema?: string } = {}): {
  name: string;
  migrate(url: string): Promise<void>;
} {
  const schema = options.schema ?? DEFAULT_SCHEMA;
  return {
    name: `tpl_event_store_${schema === DEFAULT_SCHEMA ? '' : `${schema}_`}${migrationsHash()}`,
    migrate: async (url) => void (await migrateEventStore(url, { schema })),
  };
}
