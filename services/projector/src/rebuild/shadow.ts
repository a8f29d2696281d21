// Shadow tables of a rebuild: `read_model.<table>__rebuild`, shaped like the live table
// (columns, defaults, checks, primary key, storage and compression of each column, storage
// parameters) but without its secondary indexes while the log is replayed (each row written
// once, no index maintenance per row); the indexes are built on the filled table from the live
// table's own definitions (so a shadow always gets the indexes of the live shape, e.g. those of
// read-model migration 0002), then the shadow is swapped in by renames in one transaction.
import {
  readModelSchema,
  shadowName,
  type ReadModelProjection,
  type ReadModelTables,
} from '@orders/read-models';
import { sql, type Kysely } from 'kysely';

type Db = Kysely<ReadModelTables>;

const qualified = (table: string) => sql.id(readModelSchema, table);

/** The checkpoint name of a projection's rebuild (its shadow tables' own checkpoint). */
export const rebuildCheckpointName = (projection: string) => `${projection}@rebuild`;

interface IndexInfo {
  name: string;
  definition: string;
  primary: boolean;
  constraint: string | null;
}

async function indexesOf(db: Db, table: string): Promise<IndexInfo[]> {
  const { rows } =
    await sql<IndexInfo>`select ic.relname as name, pg_get_indexdef(i.indexrelid) as definition,
      i.indisprimary as primary, con.conname as constraint
    from pg_index i
    join pg_class ic on ic.oid = i.indexrelid
    join pg_class tc on tc.oid = i.indrelid
    join pg_namespace n on n.oid = tc.relnamespace
    left join pg_constraint con on con.conindid = i.indexrelid
    where n.nspname = ${readModelSchema} and tc.relname = ${table}
    order by ic.relname`.execute(db);
  return rows;
}

async function tableExists(db: Db, table: string): Promise<boolean> {
  const { rows } = await sql<{
    ok: boolean;
  }>`select to_regclass(${`${readModelSchema}.${table}`}) is not null as ok`.execute(db);
  return rows[0]?.ok ?? false;
}

/** Drops the projection's shadow tables and the rebuild's checkpoint. */
export async function dropShadow(db: Db, projection: ReadModelProjection): Promise<void> {
  await db.transaction().execute(async (trx) => {
    for (const table of projection.tables)
      await sql`drop table if exists ${qualified(shadowName(table))}`.execute(trx);
    await sql`delete from event_store.subscription_checkpoints where name = ${rebuildCheckpointName(projection.name)}`.execute(
      trx,
    );
  });
}

/**
 * Makes sure the shadow tables exist: resumes a rebuild whose shadow and checkpoint are there
 * (unless `fresh`), else creates empty shadows and starts from position 0. Answers which.
 */
export async function prepareShadow(
  db: Db,
  projection: ReadModelProjection,
  options: { fresh: boolean },
): Promise<'resumed' | 'started'> {
  const checkpoint = await sql<{
    position: string;
  }>`select position::text from event_store.subscription_checkpoints
    where name = ${rebuildCheckpointName(projection.name)}`.execute(db);
  let complete = checkpoint.rows.length > 0;
  for (const table of projection.tables) complete &&= await tableExists(db, shadowName(table));
  if (complete && !options.fresh) return 'resumed';
  await dropShadow(db, projection);
  await db.transaction().execute(async (trx) => {
    for (const table of projection.tables) {
      const shadow = shadowName(table);
      await sql`create table ${qualified(shadow)} (like ${qualified(table)}
        including defaults including constraints including identity including generated including storage
        including compression)`.execute(trx);
      // Storage parameters (fillfactor, …) are not part of LIKE.
      const { rows: options } = await sql<{
        option: string;
      }>`select unnest(c.reloptions) as option from pg_class c
        join pg_namespace n on n.oid = c.relnamespace where n.nspname = ${readModelSchema} and c.relname = ${table}`.execute(
        trx,
      );
      if (options.length > 0) {
        await sql`alter table ${qualified(shadow)} set (${sql.raw(options.map((o) => o.option).join(', '))})`.execute(
          trx,
        );
      }
      const primary = (await indexesOf(trx, table)).find((i) => i.primary);
      if (primary) {
        const columns = /\((.*)\)\s*$/.exec(primary.definition)?.[1] ?? '';
        await sql`alter table ${qualified(shadow)} add constraint ${sql.id(`${shadow}_pkey`)}
          primary key (${sql.raw(columns)})`.execute(trx);
      }
    }
    // The rebuild's subscription creates its checkpoint at position 0 when it starts.
  });
  return 'started';
}

/** The secondary indexes of the live tables that their shadows still lack, as `create index` statements. */
export async function missingShadowIndexes(
  db: Db,
  projection: ReadModelProjection,
): Promise<{ table: string; name: string; statement: string }[]> {
  const out: { table: string; name: string; statement: string }[] = [];
  for (const table of projection.tables) {
    const shadow = shadowName(table);
    const present = new Set((await indexesOf(db, shadow)).map((i) => i.name));
    for (const index of await indexesOf(db, table)) {
      if (index.primary) continue;
      const name = shadowName(index.name);
      if (present.has(name)) continue;
      // pg_get_indexdef: CREATE [UNIQUE] INDEX <name> ON <schema>.<table> USING …
      const statement = index.definition.replace(
        /^(CREATE (?:UNIQUE )?INDEX )(\S+)( ON (?:ONLY )?)(\S+)/,
        (_all, head: string, _name: string, on: string) => `${head}${name}${on}${readModelSchema}.${shadow}`,
      );
      out.push({ table, name, statement });
    }
  }
  return out;
}

/** Builds one missing index on a shadow (the shadow is not read by anyone: no CONCURRENTLY needed). */
export async function buildShadowIndex(db: Db, statement: string): Promise<void> {
  await sql.raw(statement).execute(db);
}

/**
 * Gathers planner statistics on the shadow tables before they are swapped in: a freshly
 * filled table has none until autovacuum gets to it (never, where autovacuum is off), and
 * without them the planner guesses row counts and may pick a scan where an index fits.
 */
export async function analyzeShadows(db: Db, projection: ReadModelProjection): Promise<void> {
  for (const table of projection.tables) await sql`analyze ${qualified(shadowName(table))}`.execute(db);
}

/**
 * Swaps the shadows in, in one transaction: the live tables are renamed away and dropped, the
 * shadows (and their indexes and primary keys) take their names, and the projection's
 * checkpoint becomes the rebuild's. The live projection, if running, finds its checkpoint
 * moved on its next batch, gives up that batch and goes on from the rebuild's checkpoint.
 * Readers wait only for the renames (milliseconds), never see a half-built table.
 */
export async function swapShadow(db: Db, projection: ReadModelProjection): Promise<void> {
  const live = projection.name;
  const rebuild = rebuildCheckpointName(projection.name);
  await db.transaction().execute(async (trx) => {
    // The checkpoint rows first, in name order: a live batch holds its row from its first
    // statement, so it either commits before this or waits here, never between the renames.
    await sql`insert into event_store.subscription_checkpoints (name) values (${live}) on conflict (name) do nothing`.execute(
      trx,
    );
    const { rows } = await sql<{ name: string; transaction_id: string; position: string }>`select name,
        transaction_id::text, position::text from event_store.subscription_checkpoints
      where name in (${live}, ${rebuild}) order by name for update`.execute(trx);
    const source = rows.find((r) => r.name === rebuild);
    if (!source) throw new Error(`no rebuild checkpoint ${rebuild}: nothing to swap in`);
    for (const table of projection.tables) {
      const shadow = shadowName(table);
      const old = `${table}__old`;
      await sql`lock table ${qualified(table)}, ${qualified(shadow)} in access exclusive mode`.execute(trx);
      const liveIndexes = await indexesOf(trx, table);
      const shadowIndexes = await indexesOf(trx, shadow);
      await sql`alter table ${qualified(table)} rename to ${sql.id(old)}`.execute(trx);
      for (const index of liveIndexes) await renameIndex(trx, old, index, `${index.name}__old`);
      await sql`alter table ${qualified(shadow)} rename to ${sql.id(table)}`.execute(trx);
      for (const index of shadowIndexes) {
        const target = index.primary ? `${table}_pkey` : index.name.replace(/__rebuild$/, '');
        await renameIndex(trx, table, index, target);
      }
      await sql`drop table ${qualified(old)}`.execute(trx);
    }
    await sql`update event_store.subscription_checkpoints
      set transaction_id = ${source.transaction_id}::xid8, position = ${source.position}::bigint, updated_at = now()
      where name = ${live}`.execute(trx);
    await sql`delete from event_store.subscription_checkpoints where name = ${rebuild}`.execute(trx);
  });
}

async function renameIndex(db: Db, table: string, index: IndexInfo, to: string): Promise<void> {
  if (index.name === to) return;
  if (index.constraint) {
    await sql`alter table ${qualified(table)} rename constraint ${sql.id(index.constraint)} to ${sql.id(to)}`.execute(
      db,
    );
  } else {
    await sql`alter index ${qualified(index.name)} rename to ${sql.id(to)}`.execute(db);
  }
}
