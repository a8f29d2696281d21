import { foldTurkish } from '../http/context.ts';

export interface ListQueryShape {
  page?: { index: number; size: number } | undefined;
  search?: string | undefined;
  filter?: Record<string, unknown> | undefined;
  sort?: { id?: string | undefined; type: 'asc' | 'desc' } | undefined;
}

const matches = (value: unknown, wanted: unknown): boolean => {
  const wantedList = Array.isArray(wanted) ? wanted : [wanted];
  const values = Array.isArray(value) ? value : [value];
  return values.some((v) => wantedList.some((w) => String(w) === String(v)));
};

const textOf = (value: unknown): string =>
  value === null || value === undefined
    ? ''
    : typeof value === 'object'
      ? Object.values(value).map(textOf).join(' ')
      : String(value);

/**
 * The spec's paged list over an order's sub-resource rows (already in the spec's shape):
 * `filter[field]` (one value or many) on the row's field, `search` over every text of the
 * row (Turkish case folding), `sort[id]`/`sort[type]`, then `page[index]`/`page[size]`.
 * `created_at` sorts by the order in which the rows were created.
 */
export function pagedList(rows: readonly Record<string, unknown>[], query: ListQueryShape) {
  let selected = rows.map((row, index) => ({ row, index }));
  for (const [field, wanted] of Object.entries(query.filter ?? {})) {
    if (wanted === undefined) continue;
    selected = selected.filter(({ row }) => matches(row[field], wanted));
  }
  if (query.search) {
    const needle = foldTurkish(query.search);
    selected = selected.filter(({ row }) => foldTurkish(textOf(row)).includes(needle));
  }
  const sortId = query.sort?.id;
  if (sortId) {
    const direction = query.sort?.type === 'desc' ? -1 : 1;
    selected.sort((a, b) => {
      if (sortId === 'created_at') return (a.index - b.index) * direction;
      const [x, y] = [a.row[sortId], b.row[sortId]];
      if (x === y) return a.index - b.index;
      if (x === undefined || x === null) return 1;
      if (y === undefined || y === null) return -1;
      const numeric = typeof x === 'number' && typeof y === 'number';
      return (numeric ? x - y : String(x).localeCompare(String(y), 'tr')) * direction;
    });
  }
  const index = query.page?.index ?? 0;
  const size = query.page?.size ?? 20;
  return {
    items: selected.length,
    page: index,
    data: selected.slice(index * size, (index + 1) * size).map((s) => s.row),
  };
}
