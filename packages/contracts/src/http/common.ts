import { z } from 'zod';

// Wire shapes of the v3 spec: snake_case names exactly as written there. Bodies are
// strict (an unknown field is an error, not silently dropped).

export const uuid = z.uuid();
export const isoDate = z.iso.date(); // 2024-01-15
export const hourMinute = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected HH:mm');

/** Turkish lira as the spec sends it: a number (1593, 19.8) or a numeric string ("1000"); at most 2 decimals. */
export const liraAmount = z.union([
  z.number().finite(),
  z.string().regex(/^-?\d+(\.\d{1,2})?$/, 'expected a decimal amount with at most 2 decimals'),
]);

/** A percentage as a number or a numeric string ("18"). */
export const percent = z.union([
  z.number().min(0).max(100),
  z.string().regex(/^\d{1,3}(\.\d{1,2})?$/, 'expected a percentage'),
]);

export const currency = z.string().regex(/^[A-Z]{3}$/, 'expected an ISO 4217 code such as TRY');

/** `filter[x]=a` or `filter[x][]=a&filter[x][]=b` (the spec's "tekli veya dizi"). */
export const oneOrMany = <T extends z.ZodType>(item: T) =>
  z
    .union([item, z.array(item).min(1).max(50)])
    .transform((v) => (Array.isArray(v) ? v : [v]) as z.output<T>[]);

export const booleanQuery = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

export const maxPageSize = 200;

export const pageQuery = z.strictObject({
  index: z.coerce.number().int().min(0).max(1_000_000).default(0),
  size: z.coerce.number().int().min(1).max(maxPageSize).default(20),
});

export const sortQuery = <const T extends readonly [string, ...string[]]>(columns: T) =>
  z.strictObject({
    id: z.enum(columns).optional(),
    type: z.enum(['asc', 'desc']).default('asc'),
  });

/** The paged-list query every sub-resource list accepts, with its own filters and sortable columns. */
export const listQuery = <F extends z.ZodRawShape, const S extends readonly [string, ...string[]]>(
  filters: F,
  sortable: S,
) =>
  z.strictObject({
    page: pageQuery.optional(),
    search: z.string().max(200).optional(),
    filter: z.strictObject(filters).optional(),
    sort: sortQuery(sortable).optional(),
  });

export const errorDetail = z.object({ path: z.string(), reason: z.string() });
export const apiError = z.object({
  code: z.string(),
  message: z.string(),
  details: z.array(errorDetail),
});
export type ApiError = z.infer<typeof apiError>;

/** The envelope of every answer: `{ success, data, error }`. */
export const envelope = <T extends z.ZodType>(data: T) =>
  z.object({ success: z.literal(true), data, error: z.null() });
export const errorEnvelope = z.object({ success: z.literal(false), data: z.null(), error: apiError });

export const okEnvelope = envelope(z.null());

/** A paged list answer as the spec shows it: `{ items, page, data }`. */
export const pagedList = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.number().int(), page: z.number().int(), data: z.array(item) });
