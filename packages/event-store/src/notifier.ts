import type pg from 'pg';

/**
 * Wakes subscribers after appends commit: `poke()` sends `pg_notify(channel)` on its own
 * statement, outside the append transaction. A transaction that NOTIFYs holds a database-wide
 * lock from its commit until the commit is flushed, which would serialise every append
 * transaction's fsync; sent afterwards, concurrent appends commit (and flush) together.
 * Pokes that arrive while one is being sent, or within `intervalMs` of it, are folded into
 * the next one. A process that dies between a commit and its NOTIFY leaves the wake-up to
 * the subscribers' polling.
 */
export class Notifier {
  readonly #pool: pg.Pool;
  readonly #channel: string;
  readonly #intervalMs: number;
  #sending: Promise<void> | null = null;
  #pending = false;

  constructor(pool: pg.Pool, channel: string, intervalMs: number) {
    this.#pool = pool;
    this.#channel = channel;
    this.#intervalMs = intervalMs;
  }

  poke(): void {
    this.#pending = true;
    if (!this.#sending) this.#sending = this.#drain();
  }

  /** Resolves when no NOTIFY is pending. */
  async idle(): Promise<void> {
    while (this.#sending) await this.#sending;
  }

  async #drain(): Promise<void> {
    try {
      while (this.#pending) {
        this.#pending = false;
        await this.#pool.query('select pg_notify($1, $2)', [this.#channel, '']).catch(() => undefined);
        if (this.#intervalMs > 0) await new Promise((resolve) => setTimeout(resolve, this.#intervalMs));
      }
    } finally {
      this.#sending = null;
    }
  }
}
