import { sameCheckpoint } from './checkpoints.ts';
import { NotificationListener } from './listener.ts';
import { SessionLock } from './session-lock.ts';
import type { EventStore } from './store.ts';
import type { Checkpoint, EventFilter, ReadAllResult, StoredEvent } from './types.ts';
import { createWakeups } from './wakeups.ts';

/** The options every subscription (single or group) takes. */
export interface CommonOptions {
  /** Unique per subscription: names its checkpoint and its lock. */
  name: string;
  store: EventStore;
  /** Most events read (scanned) per batch. Default 500. */
  batchSize?: number;
  /** Polling fallback when no notification arrives. Default 1 000 ms. */
  pollIntervalMs?: number;
  /** Only these events reach the handler; the checkpoint still moves past the others. */
  filter?: EventFilter;
  /** How often a waiting instance tries to take the subscription's lock. Default 300 ms. */
  lockRetryMs?: number;
  /** Backoff of a failing handler: first delay and cap. Defaults 100 ms and 30 s. */
  retry?: { initialDelayMs?: number; maxDelayMs?: number };
  /** First delay before re-opening a dropped LISTEN connection (doubles up to 5 s). Default 100 ms. */
  listenReconnectDelayMs?: number;
  /** How often status().lag* is refreshed while catching up. Default 1 000 ms. */
  lagRefreshMs?: number;
  /** Told about every handler failure before it is retried. */
  onError?: (error: unknown, context: { attempt: number; events: readonly StoredEvent[] }) => void;
}

/**
 * What a single subscription (one checkpoint) and a group subscription (one per member) do
 * differently; the loop around them (lock, read, wait, retry) is the same.
 */
export interface SubscriptionLoopHooks {
  /** The lock is not held: whatever was read under it is stale. */
  forget(): void;
  /** The lock was just taken: read the checkpoint(s). */
  load(): Promise<void>;
  /** Where the next batch is read from. */
  from(): Checkpoint | Promise<Checkpoint>;
  refreshLag(force: boolean): Promise<void>;
  /** Committed events exist beyond the checkpoint(s) (as of the last refreshLag). */
  behind(): boolean;
  /** One attempt at applying a batch. */
  applyOnce(from: Checkpoint, page: ReadAllResult): Promise<void>;
  /** Records a failed attempt before it is retried; throws to end the retries and the batch. */
  attemptFailed(error: unknown, attempt: number, page: ReadAllResult): void;
  /** The batch was applied. */
  applied?(page: ReadAllResult): void;
  /** Anything else the loop's turn threw; the loop pauses and goes on. */
  turnFailed(error: unknown): void | Promise<void>;
}

export interface SubscriptionLoop {
  readonly lock: SessionLock;
  start(): Promise<void>;
  stop(): Promise<void>;
  /** The status fields that come from the loop rather than the checkpoint(s). */
  state(): { running: boolean; active: boolean };
  connections(): {
    listening: boolean;
    listenReconnects: number;
    listenBackendPid: number | null;
    lockBackendPid: number | null;
  };
}

/**
 * The run loop of a subscription: take the lock (`lockKeys`, all or none), read a page after
 * `hooks.from()`, apply it (retrying a failing handler with backoff) or, when there is nothing,
 * wait for a notification or the poll. `label` names the connections (application_name).
 */
export function createSubscriptionLoop(
  options: Omit<CommonOptions, 'name' | 'onError'>,
  label: string,
  lockKeys: readonly (readonly [string, string])[],
  hooks: SubscriptionLoopHooks,
): SubscriptionLoop {
  const { store } = options;
  const batchSize = options.batchSize ?? 500;
  const pollIntervalMs = options.pollIntervalMs ?? 1_000;
  const lockRetryMs = options.lockRetryMs ?? 300;
  const initialDelayMs = options.retry?.initialDelayMs ?? 100;
  const maxDelayMs = options.retry?.maxDelayMs ?? 30_000;

  let running = false;
  let loop: Promise<void> | null = null;

  // Wake-ups: a notification, stop(), or the listener reconnecting (see wakeups.ts).
  let heldBackDelay = 0;
  const wakeups = createWakeups(() => running);
  const { signal, sleep, pause } = wakeups;

  const lock = new SessionLock(store.connectionConfig(`sub:${label}:lock`), lockKeys);
  const listener = new NotificationListener(
    store.connectionConfig(`sub:${label}:listen`),
    store.notifyChannel,
    signal,
    options.listenReconnectDelayMs ?? 100,
  );
  let wasActive = false;

  /** Applies a batch, retrying a failing handler with backoff; false when it gave up (stop or lost lock). */
  async function apply(from: Checkpoint, page: ReadAllResult): Promise<boolean> {
    for (let attempt = 1; ; attempt += 1) {
      try {
        await hooks.applyOnce(from, page);
        return true;
      } catch (error) {
        hooks.attemptFailed(error, attempt, page);
        if (!running) return false;
        await pause(Math.min(maxDelayMs, initialDelayMs * 2 ** (attempt - 1)));
        if (!running || !(await lock.check())) return false;
      }
    }
  }

  let prefetched: { after: Checkpoint; page: Promise<ReadAllResult> } | null = null;
  const read = (after: Checkpoint) =>
    store.readAll({ after, maxCount: batchSize, ...(options.filter ? { filter: options.filter } : {}) });

  async function run(): Promise<void> {
    while (running) {
      try {
        if (!lock.held) {
          hooks.forget();
          if (wasActive) {
            // Lost the lock(s) (their connection died): give a waiting instance the first chance.
            wasActive = false;
            await pause(lockRetryMs * 3);
            continue;
          }
          if (!(await lock.tryAcquire())) {
            await pause(lockRetryMs);
            continue;
          }
          wasActive = true;
          await hooks.load();
          await hooks.refreshLag(true);
        }
        const from = await hooks.from();
        wakeups.pending = false;
        const ahead = prefetched;
        prefetched = null;
        const page = await (ahead && sameCheckpoint(ahead.after, from) ? ahead.page : read(from));
        // While catching up, the next page is read while this one is applied.
        prefetched =
          page.scanned === batchSize ? { after: page.checkpoint, page: read(page.checkpoint) } : null;
        prefetched?.page.catch(() => undefined);
        if (page.scanned === 0) {
          await hooks.refreshLag(true);
          if (hooks.behind()) {
            // Committed events exist beyond the checkpoint but an older transaction that is still
            // open (in any database of the server: xmin is cluster-wide) keeps them out of the safe
            // read. Their NOTIFY has already come and gone, so look again soon instead of waiting
            // for the poll: 20 ms, doubling, at most 1 s (or the poll interval when shorter).
            heldBackDelay = Math.min(heldBackDelay === 0 ? 20 : heldBackDelay * 2, 1_000, pollIntervalMs);
            await sleep(heldBackDelay);
          } else {
            heldBackDelay = 0;
            await sleep(pollIntervalMs);
          }
          if (!wakeups.pending) await lock.check();
          continue;
        }
        heldBackDelay = 0;
        if (!(await apply(from, page))) continue;
        hooks.applied?.(page);
        await hooks.refreshLag(false);
      } catch (error) {
        await hooks.turnFailed(error);
        if (running) await pause(lockRetryMs);
      }
    }
  }

  return {
    lock,

    async start() {
      if (running) return;
      running = true;
      await listener.start();
      loop = run();
    },

    async stop() {
      if (!running) return;
      running = false;
      wakeups.stopAll();
      await loop;
      loop = null;
      await Promise.all([lock.release(), listener.stop()]);
    },

    state: () => ({ running, active: running && lock.held }),

    connections: () => ({
      listening: listener.listening,
      listenReconnects: listener.reconnects,
      listenBackendPid: listener.backendPid,
      lockBackendPid: lock.backendPid,
    }),
  };
}
