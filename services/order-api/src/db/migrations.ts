import { type Kysely, sql } from 'kysely';
import { type Migration, type MigrationProvider, Migrator } from 'kysely/migration';

// Schema changes of order-api's own tables, applied in order by kysely's Migrator with a
// migration table of their own (order_api.migration).
const migrations: Record<string, Migration> = {
  '0001_clients_idempotency_orders_index': {
    async up(db: Kysely<unknown>) {
      await sql`create schema if not exists order_api`.execute(db);
      await db.schema
        .withSchema('order_api')
        .createTable('clients')
        .addColumn('client_id', 'text', (c) => c.primaryKey())
        .addColumn('tenant_id', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('secret_hash', 'text', (c) => c.notNull())
        .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
        .addColumn('rotated_at', 'timestamptz')
        .addColumn('disabled_at', 'timestamptz')
        .execute();
      await db.schema
        .withSchema('order_api')
        .createTable('idempotency_keys')
        .addColumn('tenant_id', 'text', (c) => c.notNull())
        .addColumn('client_id', 'text', (c) => c.notNull())
        .addColumn('key', 'text', (c) => c.notNull())
        .addColumn('request_hash', 'text', (c) => c.notNull())
        .addColumn('status_code', 'integer')
        .addColumn('response', 'jsonb')
        .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
        .addPrimaryKeyConstraint('idempotency_keys_pk', ['tenant_id', 'client_id', 'key'])
        .execute();
      await db.schema
        .withSchema('order_api')
        .createTable('orders_index')
        .addColumn('order_id', 'uuid', (c) => c.primaryKey())
        .addColumn('tenant_id', 'text', (c) => c.notNull())
        .addColumn('order_no', 'text', (c) => c.notNull())
        .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
        .addUniqueConstraint('orders_index_tenant_order_no', ['tenant_id', 'order_no'])
        .execute();
    },
  },
};

const provider: MigrationProvider = { getMigrations: async () => migrations };

export const orderApiMigrationNames = Object.keys(migrations);

/** Brings order-api's tables to the latest schema; throws with the failing migration's error. */
export async function migrateOrderApi<DB>(db: Kysely<DB>): Promise<void> {
  await sql`create schema if not exists order_api`.execute(db);
  const migrator = new Migrator({
    db,
    provider,
    migrationTableSchema: 'order_api',
    migrationTableName: 'migration',
    migrationLockTableName: 'migration_lock',
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new Error(`order-api migration ${failed} failed: ${String(error)}`);
  }
}

/** True when every migration of order-api is applied (for /ready). */
export async function orderApiMigrationsApplied<DB>(db: Kysely<DB>): Promise<boolean> {
  const migrator = new Migrator({
    db,
    provider,
    migrationTableSchema: 'order_api',
    migrationTableName: 'migration',
    migrationLockTableName: 'migration_lock',
  });
  const all = await migrator.getMigrations();
  return all.every((m) => m.executedAt !== undefined);
}
