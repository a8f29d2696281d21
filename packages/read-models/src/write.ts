import { sql, type QueryExecutorProvider, type RawBuilder } from 'kysely';
import { readModelSchema } from './tables.ts';

/** Anything kysely runs raw SQL on: a Kysely or a Transaction of any table map. */
export type Executor = QueryExecutorProvider;

/** `read_model.<table>` as an identifier. */
export const tableRef = (table: string): RawBuilder<unknown> => sql.id(readModelSchema, table);

/**
 * Writes `rows` (objects keyed by column) into `read_model.<table>` in one statement: the rows
 * travel as one JSON parameter turned into the table's row type by `json_populate_recordset`,
 * so a batch of thousands of rows is one round trip. On a conflict on `key`, `mode` decides:
 * `replace` overwrites `columns`, `add` adds them to the stored values (aggregates), `ignore`
 * keeps the stored row.
 */
export async function upsertRows(
  db: Executor,
  table: string,
  rows: readonly object[],
  options: {
    key: readonly string[];
    columns: readonly string[];
    mode: 'replace' | 'add' | 'ignore';
    /** `replace` only over a stored row with a lower value of this column (e.g. `version`). */
    newerBy?: string;
  },
): Promise<void> {
  if (rows.length === 0) return;
  const target = tableRef(table);
  const columnList = sql.join(options.columns.map((c) => sql.id(c)));
  const conflict = sql.join(options.key.map((c) => sql.id(c)));
  const updates = options.columns
    .filter((c) => !options.key.includes(c))
    .map((c) =>
      options.mode === 'add'
        ? sql`${sql.id(c)} = ${sql.id('t', c)} + excluded.${sql.id(c)}`
        : sql`${sql.id(c)} = excluded.${sql.id(c)}`,
    );
  const onConflict =
    options.mode === 'ignore' || updates.length === 0
      ? sql`do nothing`
      : options.newerBy
        ? sql`do update set ${sql.join(updates)} where ${sql.id('t', options.newerBy)} < excluded.${sql.id(options.newerBy)}`
        : sql`do update set ${sql.join(updates)}`;
  await sql`insert into ${target} as t (${columnList})
    select ${columnList} from json_populate_recordset(null::${target}, ${rowsJson(rows)}::json)
    on conflict (${conflict}) ${onConflict}`.execute(db);
}

/** The rows as one JSON array, top-level nulls left out (a missing key reads as NULL): less to send and parse. */
function rowsJson(rows: readonly object[]): string {
  return JSON.stringify(
    rows.map((row) => {
      // for…in over the row's keys (plain objects): no [key, value] array per column, as
      // Object.entries made, for the collector to sweep (this copy was ~10 % of the projector's
      // busy CPU in a profile of the lag bench).
      const out: Record<string, unknown> = {};
      const source = row as Record<string, unknown>;
      for (const key in source) {
        const value = source[key];
        if (value !== null && value !== undefined) out[key] = value;
      }
      return out;
    }),
  );
}

/** The rows of `read_model.<table>` whose `key` column is one of `ids` (uuid). */
export async function selectByIds<Row>(
  db: Executor,
  table: string,
  key: string,
  ids: readonly string[],
  columns: readonly string[],
): Promise<Row[]> {
  if (ids.length === 0) return [];
  const { rows } = await sql<Row>`select ${sql.join(columns.map((c) => sql.id(c)))} from ${tableRef(table)}
    where ${sql.id(key)} = any(${ids as string[]}::uuid[])`.execute(db);
  return rows;
}

/**
 * Deletes the rows of `read_model.<table>` among `keys` whose `values` columns are all zero: an
 * aggregate row that a later change brought back to nothing is removed, so a live table and a
 * fresh rebuild (which may never create it) hold the same rows.
 */
export async function deleteZeroRows(
  db: Executor,
  table: string,
  keys: readonly object[],
  options: { key: readonly string[]; values: readonly string[] },
): Promise<void> {
  if (keys.length === 0) return;
  const target = tableRef(table);
  const matches = sql.join(
    options.key.map((c) => sql`t.${sql.id(c)} = k.${sql.id(c)}`),
    sql` and `,
  );
  const zero = sql.join(
    options.values.map((c) => sql`t.${sql.id(c)} = 0`),
    sql` and `,
  );
  await sql`delete from ${target} as t
    using json_populate_recordset(null::${target}, ${JSON.stringify(keys)}::json) as k
    where ${matches} and ${zero}`.execute(db);
}
