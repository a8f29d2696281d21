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

/**
 * A key renaming remembered per key: the keys are the spec's field names, a small fixed set,
 * while a request maps hundreds of them (a regex replace each was ~2 % of a create's CPU).
 * Keys that are not a plain identifier (free-form map keys) are renamed but not remembered.
 */
function remembered(rename: (key: string) => string): (key: string) => string {
  const known = new Map<string, string>();
  return (key) => {
    const hit = known.get(key);
    if (hit !== undefined) return hit;
    const renamed = rename(key);
    if (known.size < 4096 && /^[A-Za-z][A-Za-z0-9_]{0,63}$/.test(key)) known.set(key, renamed);
    return renamed;
  };
}

const toCamel = remembered((key) => key.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase()));
const toSnake = remembered((key) => key.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`));

function mapKeys(value: unknown, rename: (key: string) => string): unknown {
  if (Array.isArray(value)) return value.map((item) => mapKeys(item, rename));
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const key in value) {
      if (!Object.hasOwn(value, key)) continue;
      const inner = (value as Record<string, unknown>)[key];
      if (inner === undefined) continue;
      const renamed = rename(key);
      // a JSON key "__proto__" is data: define it, never assign it (assigning sets the prototype)
      if (renamed === '__proto__')
        Object.defineProperty(out, renamed, {
          value: mapKeys(inner, rename),
          enumerable: true,
          writable: true,
          configurable: true,
        });
      else out[renamed] = mapKeys(inner, rename);
    }
    return out;
  }
  return value;
}

/** Deep snake_case → camelCase of keys, dropping undefined values. */
export const camelize = <T>(value: T): Camelized<T> => mapKeys(value, toCamel) as Camelized<T>;
/** Deep camelCase → snake_case of keys, dropping undefined values. */
export const snakify = <T>(value: T): Snakified<T> => mapKeys(value, toSnake) as Snakified<T>;
