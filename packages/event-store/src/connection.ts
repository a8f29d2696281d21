import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';

/** How the store reaches PostgreSQL: a pool it owns (from a URL) or one the caller owns. */
export type ConnectionSource = { pool: pg.Pool } | { connectionString: string };

export interface SessionSettings {
  /** `application_name` of every connection the store opens. */
  applicationName: string;
  /** `idle_in_transaction_session_timeout` in ms; 0 disables it. */
  idleInTransactionTimeoutMs: number;
}

/** The database type of the store's own Kysely instance: every query it runs is raw `sql`. */
export type AnyDatabase = Record<string, never>;

/** Client settings for one dedicated connection (LISTEN, advisory lock) beside the pool. */
export function clientConfig(
  source: ConnectionSource,
  settings: SessionSettings,
  role: string,
): pg.ClientConfig {
  const base: pg.ClientConfig =
    'pool' in source
      ? { ...(source.pool.options as pg.ClientConfig) }
      : { connectionString: source.connectionString };
  return {
    ...base,
    application_name: `${settings.applicationName}:${role}`,
    idle_in_transaction_session_timeout: settings.idleInTransactionTimeoutMs,
    keepAlive: true,
  };
}

/**
 * A checked-out client whose session ends (idle-in-transaction timeout, terminated backend)
 * emits 'error'; with no listener that would crash the process. Its pending or next query
 * fails anyway, which is where the error is handled.
 */
function ignoreSessionErrors(client: pg.PoolClient): void {
  client.on('error', () => undefined);
}

/**
 * The pool behind the store. A pool built here carries the session settings in its startup
 * packet; a caller's pool gets them by a `SET` on each new connection (pg runs it before any
 * query the connection is lent for, since a client queues its queries in order).
 */
export function openPool(
  source: ConnectionSource,
  settings: SessionSettings,
  poolSize: number,
): { pool: pg.Pool; owned: boolean } {
  if ('pool' in source) {
    source.pool.on('connect', ignoreSessionErrors);
    source.pool.on('connect', (client) => {
      client
        .query(
          `select set_config('application_name', $1, false), set_config('idle_in_transaction_session_timeout', $2, false)`,
          [settings.applicationName, String(settings.idleInTransactionTimeoutMs)],
        )
        .catch(() => undefined);
    });
    return { pool: source.pool, owned: false };
  }
  const pool = new pg.Pool({
    connectionString: source.connectionString,
    max: poolSize,
    application_name: settings.applicationName,
    idle_in_transaction_session_timeout: settings.idleInTransactionTimeoutMs,
    keepAlive: true,
  });
  // An idle pooled client whose backend dies emits 'error' on the pool; without a listener that
  // would crash the process. The pool drops the client and opens a new one on demand.
  pool.on('error', () => undefined);
  pool.on('connect', ignoreSessionErrors);
  return { pool, owned: true };
}

export function kyselyFor<DB = AnyDatabase>(pool: pg.Pool): Kysely<DB> {
  return new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
}
