import pg from 'pg';

/**
 * A session-level advisory lock held on a dedicated connection: it lasts exactly as long as
 * that session, so a holder that dies (process killed, connection terminated) frees it at once.
 */
export class SessionLock {
  readonly #config: pg.ClientConfig;
  readonly #keys: [string, string];
  #client: pg.Client | null = null;
  held = false;
  backendPid: number | null = null;

  constructor(config: pg.ClientConfig, namespace: string, name: string) {
    this.#config = config;
    this.#keys = [namespace, name];
  }

  /** Takes the lock if it is free; never waits. */
  async tryAcquire(): Promise<boolean> {
    if (this.held) return true;
    try {
      const client = await this.#connection();
      const { rows } = await client.query<{ locked: boolean }>(
        'select pg_try_advisory_lock(hashtext($1), hashtext($2)) as locked',
        this.#keys,
      );
      this.held = rows[0]?.locked === true && this.#client === client;
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
