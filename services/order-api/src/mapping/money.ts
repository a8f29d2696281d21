import { parseLira, type Kurus } from '@orders/domain';

/** Lira as the spec sends it (number or numeric string) → kuruş; errors name `path`. */
export const kurus = (value: string | number, path: string): Kurus => parseLira(value, { path });
export const optionalKurus = (value: string | number | undefined, path: string): Kurus | undefined =>
  value === undefined ? undefined : kurus(value, path);
/** A percentage as number or string → number. */
export const rate = (value: string | number): number => (typeof value === 'number' ? value : Number(value));
/** Kuruş → lira as a JSON number (1980 → 19.8). */
export const lira = (value: Kurus): number => value / 100;
/** Kuruş → lira as a decimal string ("1180.00"), for the blocks the spec writes as strings. */
export const liraText = (value: Kurus): string => {
  const sign = value < 0 ? '-' : '';
  const abs = Math.abs(value);
  return `${sign}${Math.trunc(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
};

/** Removes keys whose value is undefined (for exactOptionalPropertyTypes targets). */
export function defined<T extends Record<string, unknown>>(
  value: T,
): { [K in keyof T]: Exclude<T[K], undefined> } {
  const out: Record<string, unknown> = {};
  for (const [key, inner] of Object.entries(value)) if (inner !== undefined) out[key] = inner;
  return out as { [K in keyof T]: Exclude<T[K], undefined> };
}
