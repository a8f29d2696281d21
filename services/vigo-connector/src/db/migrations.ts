import { sql, type Kysely } from 'kysely';
import { Migrator, type Migration, type MigrationProvider } from 'kysely/migration';
import { dispatchStates } from './schema.ts';

export const connectorSchema = 'vigo_connector';

// The connector's own tables, in schema vigo_connector, applied in order by kysely's
// Migrator with a migration table of their own (vigo_connector.migration).
const migrations: Record<string, Migration> = {
  '0001_dispatches_callbacks_pickup_points': {
    async up(db: Kysely<unknown>) {
      const s = db.schema.withSchema(connectorSchema);
      await s
        .createTable('dispatches')
        .addColumn('order_id', 'uuid', (c) => c.primaryKey())
        .addColumn('tenant_id', 'text', (c) => c.notNull())
        .addColumn('order_no', 'text', (c) => c.notNull())
        .addColumn('state', 'text', (c) =>
          c.notNull().check(sql`state in (${sql.join(dispatchStates.map((v) => sql.lit(v)))})`),
        )
        .addColumn('vigo_order_id', 'text', (c) => c.unique())
        .addColumn('vigo_state', 'text')
        .addColumn('applied_rank', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('origin_branch_id', 'uuid')
        .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('failure_reason', 'text')
        .addColumn('last_error', 'text')
        .addColumn('cancel_requested', 'boolean', (c) => c.notNull().defaultTo(false))
        .addColumn('courier_latitude', 'double precision')
        .addColumn('courier_longitude', 'double precision')
        .addColumn('courier_located_at', 'timestamptz')
        .addColumn('event_at', 'timestamptz')
        .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
        .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
        .addUniqueConstraint('dispatches_tenant_order_no', ['tenant_id', 'order_no'])
        .execute();
      await s.createIndex('dispatches_state').on('dispatches').columns(['state', 'updated_at']).execute();
      await s
        .createTable('callbacks')
        .addColumn('dedupe_key', 'text', (c) => c.primaryKey())
        .addColumn('event', 'text', (c) => c.notNull())
        .addColumn('ref', 'text', (c) => c.notNull())
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('occurred_at', 'timestamptz')
        .addColumn('received_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
        .addColumn('outcome', 'text')
        .execute();
      await s
        .createTable('pickup_points')
        .addColumn('branch_id', 'uuid', (c) => c.primaryKey())
        .addColumn('vigo_pickup_point_id', 'text', (c) => c.notNull().unique())
        .addColumn('onboarding_status', 'text', (c) => c.notNull())
        .addColumn('name', 'text')
        .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
        .execute();
      await s
        .createTable('seen_orders')
        .addColumn('order_id', 'uuid', (c) => c.primaryKey())
        .addColumn('is_vigo', 'boolean', (c) => c.notNull())
        .addColumn('checked_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
        .execute();
    },
  },
  '0002_dispatches_unfinished': {
    // The reconcile pass asks for prepared orders Vigo has not finished, oldest first. Delivered
    // orders stay `prepared` for good, so through dispatches_state that query walked past every
    // delivered order on each pass; this partial index holds only the unfinished ones. Its
    // predicate is written out (a migration never changes) and the query in dispatch-store.ts
    // spells it the same way, so the planner can prove it.
    async up(db: Kysely<unknown>) {
      await sql`
        create index dispatches_unfinished on vigo_connector.dispatches (updated_at)
        where state = 'prepared' and vigo_order_id is not null
          and (vigo_state is null or vigo_state not in ('delivered', 'returned', 'cancelled'))
      `.execute(db);
    },
  },
};

const provider: MigrationProvider = { getMigrations: async () => migrations };

export const connectorMigrationNames = Object.keys(migrations);

function migrator<DB>(db: Kysely<DB>): Migrator {
  return new Migrator({
    db,
    provider,
    migrationTableSchema: connectorSchema,
    migrationTableName: 'migration',
    migrationLockTableName: 'migration_lock',
  });
}

/** Brings the connector's tables to the latest schema; throws with the failing migration's error. */
export async function migrateConnector<DB>(db: Kysely<DB>): Promise<void> {
  await sql`create schema if not exists vigo_connector`.execute(db);
  const { error, results } = await migrator(db).migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    throw new Error(`vigo-connector migration ${failed} failed: ${String(error)}`);
  }
}

/** True when every migration of the connector is applied (for /ready). */
export async function connectorMigrationsApplied<DB>(db: Kysely<DB>): Promise<boolean> {
  const all = await migrator(db).getMigrations();
  return all.every((m) => m.executedAt !== undefined);
}
