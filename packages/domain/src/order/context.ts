// What every command and event carries, and the handler shapes each sub-resource file fills in.
import type { Order } from './state.ts';

/** Carried by every command: the domain takes time, ids, tenant and actor from here, never from the machine. */
export interface CommandContext {
  orderId: string;
  tenantId: string;
  /** The acting user. */
  actorId: string;
  /** ISO-8601 timestamp of the command. */
  at: string;
}

/** Carried by every event's data: which order, who and when. */
export interface EventContext {
  orderId: string;
  actorId: string;
  at: string;
}

/** An event: its type and its data (the context plus the payload `D`). */
export interface DomainEvent<T extends string, D> {
  type: T;
  data: EventContext & D;
}

/** One decide function per command type of `C`; each returns events of `E`. */
export type Deciders<C extends { type: string }, E> = {
  [K in C['type']]: (command: Extract<C, { type: K }>, order: Order) => E[];
};

/** One evolve function per event type of `E`. */
export type Evolvers<E extends { type: string }> = {
  [K in E['type']]: (order: Order, event: Extract<E, { type: K }>) => Order;
};

/** Builds an event of `type` for `command` with `payload`. */
export function eventOf<T extends string, D>(
  command: CommandContext,
  type: T,
  payload: D,
): DomainEvent<T, D> {
  return { type, data: { orderId: command.orderId, actorId: command.actorId, at: command.at, ...payload } };
}

/** A command without its type and context: the fields the spec's body carries. */
export function payloadOf<C extends CommandContext & { type: string }>(
  command: C,
): Omit<C, 'type' | keyof CommandContext> {
  const {
    type: _type,
    orderId: _orderId,
    tenantId: _tenantId,
    actorId: _actorId,
    at: _at,
    ...payload
  } = command;
  return payload;
}

/** A copy of JSON-like data without `undefined` members, so that state survives a JSON round trip unchanged. */
export function withoutUndefined<T>(value: T): T {
  if (Array.isArray(value)) return value.map(withoutUndefined) as T;
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    const member = (value as Record<string, unknown>)[key];
    if (member === undefined) continue;
    // a JSON key "__proto__" is data: define it, never assign it (assigning sets the prototype)
    if (key === '__proto__')
      Object.defineProperty(out, key, {
        value: withoutUndefined(member),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    else out[key] = withoutUndefined(member);
  }
  return out as T;
}

/** Deep equality of JSON-like data (key order ignored). */
export function isSameData(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const aKeys = Object.keys(a);
  const bValues = b as Record<string, unknown>;
  if (aKeys.length !== Object.keys(b).length) return false;
  return aKeys.every(
    (key) => key in bValues && isSameData((a as Record<string, unknown>)[key], bValues[key]),
  );
}

/** `{ [key]: value }` when `value` is defined, else `{}` — for optional fields under exactOptionalPropertyTypes. */
export function optional<K extends string, V>(key: K, value: V | undefined): Partial<Record<K, V>> {
  return value === undefined ? {} : ({ [key]: value } as Record<K, V>);
}
