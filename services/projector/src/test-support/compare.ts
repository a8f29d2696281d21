import {
  readModelSchema,
  shadowName,
  type ReadModelProjection,
  type ReadModelTables,
} from '@orders/read-models';
import { sql, type Kysely } from 'kysely';

/**
 * Rows of each live table of `projection` that its shadow (a fresh rebuild left in place) does
 * not have, and the other way round: all zero when the two are equal.
 */
export async function differences(
  db: Kysely<ReadModelTables>,
  projection: ReadModelProjection,
): Promise<Record<string, { onlyLive: number; onlyRebuilt: number; rows: number }>> {
  const out: Record<string, { onlyLive: number; onlyRebuilt: number; rows: number }> = {};
  for (const table of projection.tables) {
    const live = sql.id(readModelSchema, table);
    const rebuilt = sql.id(readModelSchema, shadowName(table));
    const { rows } = await sql<{ only_live: number; only_rebuilt: number; n: number }>`select
        (select count(*)::int from (select * from ${live} except all select * from ${rebuilt}) a) as only_live,
        (select count(*)::int from (select * from ${rebuilt} except all select * from ${live}) b) as only_rebuilt,
        (select count(*)::int from ${live}) as n`.execute(db);
    out[table] = { onlyLive: rows[0]!.only_live, onlyRebuilt: rows[0]!.only_rebuilt, rows: rows[0]!.n };
  }
  return out;
}

/** Polls until `check` holds, at most `timeoutMs`. */
export async function eventually(
  check: () => Promise<boolean>,
  timeoutMs: number,
  what: string,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
