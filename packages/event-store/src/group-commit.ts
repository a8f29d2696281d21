import { sqlState, type WireAppend, type WireResult } from './append.ts';

interface Pending {
  item: WireAppend;
  resolve(result: WireResult): void;
  reject(error: unknown): void;
}

export interface GroupCommitOptions {
  /** Most appends per transaction. */
  maxBatchSize: number;
  /** Most events per transaction (a batch closes early when the next append would pass it). */
  maxBatchEvents: number;
  /** Batches in flight at once; appends arriving meanwhile wait and go together in the next one. */
  maxInFlight: number;
}

/**
 * Group commit: appends that arrive while batches are in flight are coalesced into one call of
 * `append_events()` (one round trip, one commit), each keeping its own checks and its own result.
 * Nothing waits on a timer: with no batch in flight an append goes at once.
 */
export class GroupCommitter {
  readonly #run: (items: readonly WireAppend[]) => Promise<WireResult[]>;
  readonly #options: GroupCommitOptions;
  #queue: Pending[] = [];
  #inFlight = 0;
  /** Streams with an append in flight: the next append to one of them waits for it. */
  readonly #busyStreams = new Set<string>();
  #idle: Array<() => void> = [];
  /** Batches sent and appends carried, for the benchmark and tests. */
  readonly stats = { batches: 0, appends: 0 };

  constructor(run: (items: readonly WireAppend[]) => Promise<WireResult[]>, options: GroupCommitOptions) {
    this.#run = run;
    this.#options = options;
  }

  submit(item: WireAppend): Promise<WireResult> {
    return new Promise((resolve, reject) => {
      this.#queue.push({ item, resolve, reject });
      this.#pump();
    });
  }

  /** Resolves when nothing is queued or in flight. */
  drained(): Promise<void> {
    if (this.#inFlight === 0 && this.#queue.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.#idle.push(resolve));
  }

  #pump(): void {
    while (this.#inFlight < this.#options.maxInFlight && this.#queue.length > 0) {
      const batch = this.#take();
      if (batch.length === 0) return;
      this.#inFlight += 1;
      for (const pending of batch) this.#busyStreams.add(pending.item.s);
      void this.#flush(batch).finally(() => {
        for (const pending of batch) this.#busyStreams.delete(pending.item.s);
        // The next batch leaves on the next turn of the event loop, so that the callers just
        // answered can queue their next append and ride along.
        setImmediate(() => {
          this.#inFlight -= 1;
          this.#pump();
          if (this.#inFlight === 0 && this.#queue.length === 0)
            for (const done of this.#idle.splice(0)) done();
        });
      });
    }
  }

  /**
   * The next batch, in arrival order, with at most one append per stream and none to a stream
   * with an append in flight (so appends to one stream keep their order), sorted by
   * stream id so that concurrent batches lock stream rows in the same order.
   */
  #take(): Pending[] {
    const batch: Pending[] = [];
    const rest: Pending[] = [];
    const streams = new Set<string>(this.#busyStreams);
    let events = 0;
    for (const pending of this.#queue) {
      const size = pending.item.ev.length;
      const fits =
        batch.length < this.#options.maxBatchSize &&
        (batch.length === 0 || events + size <= this.#options.maxBatchEvents) &&
        !streams.has(pending.item.s);
      if (fits) {
        batch.push(pending);
        streams.add(pending.item.s);
        events += size;
      } else {
        rest.push(pending);
      }
    }
    this.#queue = rest;
    return batch.toSorted((a, b) => (a.item.s < b.item.s ? -1 : a.item.s > b.item.s ? 1 : 0));
  }

  async #flush(batch: Pending[]): Promise<void> {
    this.stats.batches += 1;
    this.stats.appends += batch.length;
    try {
      const results = await this.#run(batch.map((pending) => pending.item));
      batch.forEach((pending, index) => {
        const result = results[index];
        if (result) pending.resolve(result);
        else pending.reject(new Error('append_events returned fewer results than appends'));
      });
    } catch (error) {
      // A lost connection leaves the outcome unknown: every caller gets the error and may retry
      // with the same event ids. A SQL error rolled the batch back, so each append is retried
      // alone and only the one at fault fails.
      const state = sqlState(error);
      if (state === undefined || (batch.length === 1 && state !== '23505')) {
        for (const pending of batch) pending.reject(error);
        return;
      }
      for (const pending of batch) await this.#alone(pending, batch.length === 1 ? 1 : 0);
    }
  }

  async #alone(pending: Pending, attempt = 0): Promise<void> {
    try {
      const [result] = await this.#run([pending.item]);
      if (result) pending.resolve(result);
      else pending.reject(new Error('append_events returned no result'));
    } catch (error) {
      // A unique violation on event_id raced a concurrent append of the same ids: once it has
      // committed, a second try sees it and answers duplicate or mismatch.
      if (sqlState(error) === '23505' && attempt === 0) return this.#alone(pending, 1);
      pending.reject(error);
    }
  }
}
