// The order list's query (`GET /v3/orders`, export, suspended report): every filter, the free
// search and every deep search of the spec as conditions on read_model.order_list.
import { sql, type Expression, type ExpressionBuilder, type Kysely, type SqlBool } from 'kysely';
import { containsPattern, escapeLike, isUuid, searchTerms } from '../fold.ts';
import type { ReadModelTables } from '../tables.ts';

export interface OrderListFilter {
  start_date?: string | undefined;
  end_date?: string | undefined;
  created_at?: string | undefined;
  min_date?: string | undefined;
  max_date?: string | undefined;
  customer_id?: string | undefined;
  user_id?: string | undefined;
  driver_id?: string | undefined;
  branch_id?: string | undefined;
  order_type?: string | undefined;
  transport_mode?: string | undefined;
  content_type?: string | undefined;
  transport_type?: string | undefined;
  vehicle_type?: string | undefined;
  vehicle_body?: string | undefined;
  upload_type?: string | undefined;
  container_type?: string | undefined;
  pen_type?: string | undefined;
  shipping_type?: string | undefined;
  assign_type?: string | undefined;
  status?: readonly string[] | undefined;
  payment_type?: readonly string[] | undefined;
  has_invoice?: boolean | undefined;
  invoice_status?: readonly string[] | undefined;
  collection_status?: readonly string[] | undefined;
  transfer_center_id?: readonly string[] | undefined;
}

export interface OrderDeepSearch {
  sender_customer?: string | undefined;
  receiver_customer?: string | undefined;
  origin_branch?: string | undefined;
  destination_branch?: string | undefined;
  order_no?: string | undefined;
  invoice_customer?: string | undefined;
  created_by?: string | undefined;
}

/** Columns `sort[id]` accepts; text columns sort by code point (collation "C"). */
export const orderListSortColumns = [
  'order_no',
  'created_at',
  'updated_at',
  'status',
  'order_type',
  'transport_mode',
  'transport_type',
  'shipping_type',
  'payment_type',
  'departure_date',
  'arrival_date',
  'delivered_at',
  'total_amount',
  'paid_amount',
  'invoice_status',
  'collection_status',
  'sender_name',
  'receiver_name',
  'load_count',
] as const;
export type OrderListSortColumn = (typeof orderListSortColumns)[number];

const textSortColumns: ReadonlySet<string> = new Set([
  'order_no',
  'status',
  'order_type',
  'transport_mode',
  'transport_type',
  'shipping_type',
  'payment_type',
  'invoice_status',
  'collection_status',
  'sender_name',
  'receiver_name',
]);

export interface OrderListQuery {
  tenantId: string;
  filter?: OrderListFilter | undefined;
  deepSearch?: OrderDeepSearch | undefined;
  search?: string | undefined;
  sort?: { id?: OrderListSortColumn | undefined; type: 'asc' | 'desc' } | undefined;
}

/** The columns a list item (and an export line) is made of. */
export const orderListItemColumns = [
  'order_id',
  'order_no',
  'status',
  'order_type',
  'transport_mode',
  'transport_type',
  'content_type',
  'vehicle_type',
  'vehicle_body',
  'upload_type',
  'container_type',
  'pen_type',
  'shipping_type',
  'assign_type',
  'payment_type',
  'payment_method',
  'is_draft',
  'is_suborder',
  'departure_date',
  'arrival_date',
  'created_at',
  'created_by',
  'updated_at',
  'updated_by',
  'status_changed_at',
  'cancelled_at',
  'delivered_at',
  'customer_ids',
  'sender_customer_ids',
  'receiver_customer_ids',
  'invoice_customer_ids',
  'origin_branch_ids',
  'destination_branch_ids',
  'driver_ids',
  'transfer_center_ids',
  'has_invoice',
  'invoice_status',
  'collection_status',
  'total_amount',
  'paid_amount',
  'invoiced_amount',
  'income_amount',
  'expense_amount',
  'load_count',
  'sender_name',
  'sender_phone',
  'receiver_name',
  'receiver_phone',
  'origin_address',
  'destination_address',
] as const;

type DB = ReadModelTables;
type Eb = ExpressionBuilder<DB, 'read_model.order_list'>;

/** Start of a calendar day in Türkiye (UTC+3) as an instant. */
const dayStart = (day: string) => new Date(`${day}T00:00:00+03:00`);
const nextDay = (day: string) => {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
};

/** `column @> {id}`: the order's id array holds `id` (a lower-cased uuid); the ids GIN finds the rows. */
const hasId = (column: string, id: string) => sql<SqlBool>`${sql.ref(column)} @> array[${id}]::uuid[]`;

/**
 * One folded word must occur in `column`. search_text holds every text part of the deep-search
 * columns too, so the same word on it lets its trigram index find the rows, and the deep column
 * is checked on those.
 */
function containsWord(column: string, word: string): Expression<SqlBool> {
  const pattern = `%${escapeLike(word)}%`;
  if (column === 'search_text') return sql<SqlBool>`search_text like ${pattern}`;
  return sql<SqlBool>`(search_text like ${pattern} and ${sql.ref(column)} like ${pattern})`;
}

/**
 * The free search: each word in search_text (a contains-match), each uuid whole among the
 * order's customer or branch ids.
 */
export function searchConditions(text: string): Expression<SqlBool>[] {
  const { ids, words } = searchTerms(text);
  return [
    ...ids.map((id) => sql<SqlBool>`(${hasId('customer_ids', id)} or ${hasId('branch_ids', id)})`),
    ...words.map((word) => containsWord('search_text', word)),
  ];
}

/** The deep searches over a side's text and ids: each word contained in the text, each uuid whole in the ids. */
const deepColumns = [
  ['sender_customer', 'sender_search', 'sender_customer_ids'],
  ['receiver_customer', 'receiver_search', 'receiver_customer_ids'],
  ['origin_branch', 'origin_branch_search', 'origin_branch_ids'],
  ['destination_branch', 'destination_branch_search', 'destination_branch_ids'],
  ['invoice_customer', 'invoice_customer_search', 'invoice_customer_ids'],
] as const;

/** Every condition of the query (tenant, not deleted, filters, search, deep search). */
export function orderListConditions(eb: Eb, q: OrderListQuery): Expression<SqlBool>[] {
  const f = q.filter ?? {};
  const where: Expression<SqlBool>[] = [eb('tenant_id', '=', q.tenantId), eb('deleted_at', 'is', null)];
  if (f.start_date) where.push(eb('departure_date', '>=', f.start_date));
  if (f.end_date) where.push(eb('arrival_date', '<=', f.end_date));
  if (f.created_at) {
    where.push(eb('created_at', '>=', dayStart(f.created_at)));
    where.push(eb('created_at', '<', dayStart(nextDay(f.created_at))));
  }
  if (f.min_date) where.push(eb('created_at', '>=', dayStart(f.min_date)));
  if (f.max_date) where.push(eb('created_at', '<', dayStart(nextDay(f.max_date))));
  if (f.customer_id) where.push(hasId('customer_ids', f.customer_id.toLowerCase()));
  if (f.user_id) where.push(hasId('user_ids', f.user_id.toLowerCase()));
  if (f.driver_id) where.push(hasId('driver_ids', f.driver_id.toLowerCase()));
  if (f.branch_id) where.push(hasId('branch_ids', f.branch_id.toLowerCase()));
  if (f.transfer_center_id?.length) {
    const ids = f.transfer_center_id.map((id) => id.toLowerCase());
    where.push(sql<SqlBool>`transfer_center_ids && ${ids}::uuid[]`);
  }
  const enums = [
    'order_type',
    'transport_mode',
    'content_type',
    'transport_type',
    'vehicle_type',
    'vehicle_body',
    'upload_type',
    'container_type',
    'pen_type',
    'shipping_type',
    'assign_type',
  ] as const;
  for (const column of enums) {
    const value = f[column];
    if (value !== undefined) where.push(eb(column, '=', value));
  }
  const anyOf = [
    ['status', f.status],
    ['payment_type', f.payment_type],
    ['invoice_status', f.invoice_status],
    ['collection_status', f.collection_status],
  ] as const;
  for (const [column, values] of anyOf) {
    if (values?.length) where.push(eb(column, 'in', [...values]));
  }
  if (f.has_invoice !== undefined) where.push(eb('has_invoice', '=', f.has_invoice));

  if (q.search) where.push(...searchConditions(q.search));
  const deep = q.deepSearch ?? {};
  for (const [key, textColumn, idColumn] of deepColumns) {
    const text = deep[key];
    if (!text) continue;
    const { ids, words } = searchTerms(text);
    for (const id of ids) where.push(hasId(idColumn, id));
    for (const word of words) where.push(containsWord(textColumn, word));
  }
  if (deep.order_no) {
    where.push(
      sql<SqlBool>`(search_text like ${containsPattern(deep.order_no)} and order_no ilike ${`%${escapeLike(deep.order_no.trim())}%`})`,
    );
  }
  if (deep.created_by) {
    // The creator's id, whole. user_ids holds the creator (when a uuid, as every user id the API
    // accepts is), so its GIN finds the rows; created_by is checked on them.
    const id = deep.created_by.trim().toLowerCase();
    where.push(
      isUuid(id)
        ? sql<SqlBool>`(${hasId('user_ids', id)} and lower(created_by) = ${id})`
        : sql<SqlBool>`lower(created_by) = ${id}`,
    );
  }
  return where;
}

/** The sort of a query: its key (text by code point) and direction, ties broken by order_id. */
function sortOf(q: OrderListQuery) {
  const column = q.sort?.id ?? 'created_at';
  const direction = q.sort?.type ?? 'desc';
  return {
    column,
    direction,
    dir: sql.raw(direction === 'asc' ? 'asc nulls last' : 'desc nulls last'),
    collate: textSortColumns.has(column) ? sql` collate "C"` : sql``,
  };
}

/** The list item's columns of read_model.order_list, ordered by the query's sort (no conditions, no paging). */
function orderedItems(db: Kysely<DB>, q: OrderListQuery) {
  const { column, direction, dir, collate } = sortOf(q);
  return (
    db
      .selectFrom('read_model.order_list')
      .select(orderListItemColumns.filter((c) => c !== 'departure_date' && c !== 'arrival_date'))
      // Dates as text: a `date` parsed into a JS Date would shift with the process's time zone.
      .select([
        sql<string | null>`departure_date::text`.as('departure_date'),
        sql<string | null>`arrival_date::text`.as('arrival_date'),
      ])
      .orderBy(sql`${sql.ref(column)}${collate} ${dir}`)
      .orderBy('order_id', direction)
  );
}

/** The ordered selection of the list's rows (no paging): list pages and exports read it. */
export function orderListSelection(db: Kysely<DB>, q: OrderListQuery) {
  return orderedItems(db, q).where((eb) => eb.and(orderListConditions(eb, q)));
}

export type OrderListItem = Awaited<ReturnType<ReturnType<typeof orderListSelection>['execute']>>[number];

/**
 * A search (free or deep) narrows the list to the rows its index scan finds; up to this many,
 * the page and `items` come from one scan (see `listOrders`).
 */
export const searchScanLimit = 2_000;

const hasSearch = (q: OrderListQuery) =>
  Boolean(q.search?.trim()) || Object.values(q.deepSearch ?? {}).some((v) => Boolean(v?.trim()));

/**
 * One page of the list and the number of matching orders (`items`). Without a search, the page
 * (an index range in sort order) and the count run side by side. With one, the matching rows
 * are found once: their ids and sort keys (at most `searchScanLimit` + 1) are collected in one
 * scan, counted, and the page's rows read by primary key; only past that limit does it count
 * and page separately, as without a search. Either way `items` is exact.
 */
export async function listOrders(
  db: Kysely<DB>,
  q: OrderListQuery & { page: { index: number; size: number } },
): Promise<{ items: number; rows: OrderListItem[] }> {
  if (hasSearch(q)) {
    const found = await searchedPage(db, q);
    if (found) return found;
  }
  const [count, rows] = await Promise.all([
    countOrders(db, q),
    orderListSelection(db, q)
      .limit(q.page.size)
      .offset(q.page.index * q.page.size)
      .execute(),
  ]);
  return { items: count, rows };
}

async function countOrders(db: Kysely<DB>, q: OrderListQuery): Promise<number> {
  const count = await db
    .selectFrom('read_model.order_list')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where((eb) => eb.and(orderListConditions(eb, q)))
    .executeTakeFirstOrThrow();
  return Number(count.n);
}

/** The searched page from one scan (see `listOrders`); undefined when more than `searchScanLimit` rows match. */
async function searchedPage(
  db: Kysely<DB>,
  q: OrderListQuery & { page: { index: number; size: number } },
): Promise<{ items: number; rows: OrderListItem[] } | undefined> {
  const { column, direction, dir, collate } = sortOf(q);
  const items = await db
    .with('found', (qb) =>
      qb
        .selectFrom('read_model.order_list')
        .select(['order_id', sql`${sql.ref(column)}`.as('sort_key')])
        .where((eb) => eb.and(orderListConditions(eb, q)))
        .limit(searchScanLimit + 1),
    )
    .selectFrom('read_model.order_list')
    .select(orderListItemColumns.filter((c) => c !== 'departure_date' && c !== 'arrival_date'))
    .select([
      sql<string | null>`departure_date::text`.as('departure_date'),
      sql<string | null>`arrival_date::text`.as('arrival_date'),
    ])
    .select(sql<number>`(select count(*)::int from found)`.as('found_count'))
    .where('order_id', 'in', (eb) =>
      eb
        .selectFrom('found')
        .select('found.order_id')
        .orderBy(sql`sort_key${collate} ${dir}`)
        .orderBy('found.order_id', direction)
        .limit(q.page.size)
        .offset(q.page.index * q.page.size),
    )
    .orderBy(sql`${sql.ref(column)}${collate} ${dir}`)
    .orderBy('order_id', direction)
    .execute();
  const first = items[0];
  const total = first ? first.found_count : q.page.index === 0 ? 0 : await countFound(db, q);
  if (total > searchScanLimit) return undefined;
  return { items: total, rows: items.map(({ found_count: _n, ...row }) => row) };
}

/** How many rows match, capped at `searchScanLimit` + 1 (a page past the end has no row to carry it). */
async function countFound(db: Kysely<DB>, q: OrderListQuery): Promise<number> {
  const { rows } = await sql<{ n: number }>`select count(*)::int as n from (${db
    .selectFrom('read_model.order_list')
    .select('order_id')
    .where((eb) => eb.and(orderListConditions(eb, q)))
    .limit(searchScanLimit + 1)}) found`.execute(db);
  return rows[0]?.n ?? 0;
}
