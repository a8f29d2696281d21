import pg from 'pg';

/**
 * A session-level advisory lock held on a dedicated connection: it lasts exactly as long as
 * that session, so a holder that dies (process killed, connection terminated) frees it at once.
 * Several keys (a group subscription: one per member) are held all or none.
 */
export class SessionLock {
  readonly #config: pg.ClientConfig;
  readonly #keys: readonly (readonly [string, string])[];
  #client: pg.Client | null = null;
  held = false;
  backendPid: number | null = null;

  /** `keys`: (namespace, name) pairs, each `hashtext`ed; taken in the order given. */
  constructor(config: pg.ClientConfig, keys: readonly (readonly [string, string])[]) {
    this.#config = config;
    this.#keys = keys;
  }

  /** Takes every key if each is free (else none); never waits. */
  async tryAcquire(): Promise<boolean> {
    if (this.held) return true;
    try {
      const client = await this.#connection();
      const taken: (readonly [string, string])[] = [];
      for (const key of this.#keys) {
        const { rows } = await client.query<{ locked: boolean }>(
          'select pg_try_advisory_lock(hashtext($1), hashtext($2)) as locked',
          [...key],
        );
        if (rows[0]?.locked !== true) break;
        taken.push(key);
      }
      if (taken.length < this.#keys.length) {
        // Not all of them: give back the ones taken, so that whoever holds the rest can run.
        for (const key of taken)
          await client.query('select pg_advisory_unlock(hashtext($1), hashtext($2))', [...key]);
      }
      this.held = taken.length === this.#keys.length && this.#client === client;
    } catch {
      this.#drop();
    }
    return this.held;
  }

  /** Confirms the session (and so the lock) is still alive. */
  async check(): Promise<boolean> {
    const client = this.#client;
    if (!this.held || !client) return false;
    try {
      await client.query('select 1');
    } catch {
      this.#drop();
    }
    return this.held;
  }

  async release(): Promise<void> {
    const client = this.#client;
    this.#drop();
    await client?.end().catch(() => undefined);
  }

  async #connection(): Promise<pg.Client> {
    if (this.#client) return this.#client;
    const client = new pg.Client(this.#config);
    const lost = () => {
      if (this.#client === client) this.#drop();
    };
    client.on('error', lost);
    client.on('end', lost);
    let rows: Array<{ pid: number }>;
    try {
      await client.connect();
      ({ rows } = await client.query<{ pid: number }>('select pg_backend_pid() as pid'));
    } catch (error) {
      await client.end().catch(() => undefined);
      throw error;
    }
    this.#client = client;
    this.backendPid = rows[0]?.pid ?? null;
    return client;
  }

  #drop(): void {
    const client = this.#client;
    this.#client = null;
    this.held = false;
    this.backendPid = null;
    client?.end().catch(() => undefined);
  }
}
