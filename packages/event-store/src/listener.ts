import pg from 'pg';
import { quoteIdent } from './migrations/index.ts';

/**
 * One connection that LISTENs on a channel and calls `onNotify` for each notification. When the
 * connection drops it reconnects after a delay (doubling up to 5 s) until stopped.
 */
export class NotificationListener {
  readonly #config: pg.ClientConfig;
  readonly #channel: string;
  readonly #onNotify: () => void;
  readonly #reconnectDelayMs: number;
  #client: pg.Client | null = null;
  #timer: NodeJS.Timeout | null = null;
  #stopped = false;
  #failures = 0;
  listening = false;
  reconnects = 0;
  backendPid: number | null = null;

  constructor(config: pg.ClientConfig, channel: string, onNotify: () => void, reconnectDelayMs = 100) {
    this.#config = config;
    this.#channel = channel;
    this.#onNotify = onNotify;
    this.#reconnectDelayMs = reconnectDelayMs;
  }

  async start(): Promise<void> {
    this.#stopped = false;
    await this.#connect();
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    const client = this.#client;
    this.#client = null;
    this.listening = false;
    await client?.end().catch(() => undefined);
  }

  async #connect(): Promise<void> {
    if (this.#stopped) return;
    const client = new pg.Client(this.#config);
    const lost = () => {
      if (this.#client !== client) return;
      this.#client = null;
      this.listening = false;
      this.backendPid = null;
      this.#schedule();
    };
    client.on('error', lost);
    client.on('end', lost);
    client.on('notification', () => this.#onNotify());
    try {
      await client.connect();
      this.#client = client;
      await client.query(`listen ${quoteIdent(this.#channel)}`);
      const { rows } = await client.query<{ pid: number }>('select pg_backend_pid() as pid');
      if (this.#stopped || this.#client !== client) return void (await client.end().catch(() => undefined));
      this.backendPid = rows[0]?.pid ?? null;
      this.listening = true;
      this.#failures = 0;
      // Anything committed while we were not listening is picked up by this wake-up.
      this.#onNotify();
    } catch {
      await client.end().catch(() => undefined);
      if (this.#client === client) this.#client = null;
      this.listening = false;
      this.#schedule();
    }
  }

  #schedule(): void {
    if (this.#stopped || this.#timer) return;
    const delay = Math.min(5_000, this.#reconnectDelayMs * 2 ** this.#failures);
    this.#failures += 1;
    this.#timer = setTimeout(() => {
      this.#timer = null;
      this.reconnects += 1;
      void this.#connect();
    }, delay);
  }
}
