// The spec's snake_case at the edge, the domain's camelCase inside: one generic mapping per
// direction, typed so that a renamed field fails to compile.

type CamelCase<S extends string> = S extends `${infer Head}_${infer Tail}`
  ? `${Head}${Capitalize<CamelCase<Tail>>}`
  : S;
type SnakeCase<S extends string> = S extends `${infer C}${infer Rest}`
  ? `${C extends Uppercase<C> ? (C extends Lowercase<C> ? C : `_${Lowercase<C>}`) : C}${SnakeCase<Rest>}`
  : S;

/** `T` with every key camelCased, deeply, and `undefined` removed from optional values. */
export type Camelized<T> = T extends readonly (infer U)[]
  ? Camelized<U>[]
  : T extends object
    ? { [K in keyof T as K extends string ? CamelCase<K> : K]: Camelized<Exclude<T[K], undefined>> }
    : T;

/** `T` with every key snake_cased, deeply. */
export type Snakified<T> = T extends readonly (infer U)[]
  ? Snakified<U>[]
  : T extends object
    ? { [K in keyof T as K extends string ? SnakeCase<K> : K]: Snakified<T[K]> }
    : T;

const toCamel = (key: string) => key.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
const toSnake = (key: string) => key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);

function mapKeys(value: unknown, rename: (key: string) => string): unknown {
  if (Array.isArray(value)) return value.map((item) => mapKeys(item, rename));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(value)) {
      if (inner !== undefined) out[rename(key)] = mapKeys(inner, rename);
    }
    return out;
  }
  return value;
}

/** Deep snake_case → camelCase of keys, dropping undefined values. */
export const camelize = <T>(value: T): Camelized<T> => mapKeys(value, toCamel) as Camelized<T>;
/** Deep camelCase → snake_case of keys, dropping undefined values. */
export const snakify = <T>(value: T): Snakified<T> => mapKeys(value, toSnake) as Snakified<T>;
