import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from '@orders/service-kit';
import type { FaultState } from './faults.ts';

export interface CallbackTarget {
  url: string;
  /** Sent in the header named `tokenHeader` when both are set. */
  token?: string | undefined;
  tokenHeader?: string | undefined;
}

/** One attempt to post one callback. */
export interface DeliveryAttempt {
  /** The order id, or `pickup-point:<id>`: callbacks with the same key are posted one after another. */
  key: string;
  url: string;
  body: unknown;
  attempt: number;
  /** The receiver's status, or null when it could not be reached in time (or was dropped). */
  status: number | null;
  error: string | null;
  at: string;
}

export interface CallbackDispatcherOptions {
  retries: number;
  retryDelayMs: number;
  timeoutMs: number;
  faults: FaultState;
  logger: Logger;
  onAttempt?: (attempt: DeliveryAttempt) => void;
}

export interface CallbackDispatcher {
  /** Queues `body` for `target`; returns at once. Faults may duplicate it or hold it back. */
  send(key: string, target: CallbackTarget, body: unknown): void;
  /** Resolves when every callback sent so far has been delivered or given up on. */
  idle(): Promise<void>;
  attempts(): readonly DeliveryAttempt[];
  /** Drops held callbacks and the attempt log (queued deliveries still run). */
  clear(): void;
  /** Stops every delivery and retry at once. */
  close(): void;
}

interface Held {
  target: CallbackTarget;
  body: unknown;
  timer: NodeJS.Timeout;
}

/**
 * Posts callbacks as Vigo would: JSON, the token in the named header, retried with a
 * doubling delay on a non-2xx answer, a network error or a timeout. Callbacks of one key
 * are posted in order unless the out-of-order fault holds one back until the next.
 */
export function createCallbackDispatcher(options: CallbackDispatcherOptions): CallbackDispatcher {
  const closing = new AbortController();
  const chains = new Map<string, Promise<void>>();
  const held = new Map<string, Held>();
  const log: DeliveryAttempt[] = [];
  let pending = 0;
  let waiters: (() => void)[] = [];

  const settle = () => {
    pending -= 1;
    if (pending === 0) {
      const done = waiters;
      waiters = [];
      for (const resolve of done) resolve();
    }
  };

  async function post(key: string, target: CallbackTarget, body: unknown): Promise<void> {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (target.tokenHeader && target.token !== undefined) headers[target.tokenHeader] = target.token;
    const payload = JSON.stringify(body);
    for (let attempt = 1; attempt <= options.retries + 1 && !closing.signal.aborted; attempt += 1) {
      const record: DeliveryAttempt = {
        key,
        url: target.url,
        body,
        attempt,
        status: null,
        error: null,
        at: new Date().toISOString(),
      };
      try {
        const response = await fetch(target.url, {
          method: 'POST',
          headers,
          body: payload,
          signal: AbortSignal.any([closing.signal, AbortSignal.timeout(options.timeoutMs)]),
        });
        await response.arrayBuffer();
        record.status = response.status;
      } catch (error) {
        record.error = error instanceof Error ? error.message : String(error);
      }
      log.push(record);
      options.onAttempt?.(record);
      if (record.status !== null && record.status >= 200 && record.status < 300) return;
      options.logger.warn(
        { key, url: target.url, attempt, status: record.status, error: record.error },
        'callback not accepted',
      );
      if (attempt <= options.retries) {
        await sleep(options.retryDelayMs * 2 ** (attempt - 1), undefined, { signal: closing.signal }).catch(
          () => undefined,
        );
      }
    }
  }

  function enqueue(key: string, target: CallbackTarget, body: unknown): void {
    const twice = options.faults.duplicateCallback();
    const previous = chains.get(key) ?? Promise.resolve();
    const next = previous.then(async () => {
      await post(key, target, body);
      if (twice) await post(key, target, body);
    });
    const tracked = next.finally(() => {
      if (chains.get(key) === tracked) chains.delete(key);
      settle();
    });
    chains.set(key, tracked);
  }

  function release(key: string): void {
    const waiting = held.get(key);
    if (!waiting) return;
    clearTimeout(waiting.timer);
    held.delete(key);
    enqueue(key, waiting.target, waiting.body);
  }

  function clear(): void {
    for (const waiting of held.values()) {
      clearTimeout(waiting.timer);
      settle();
    }
    held.clear();
    log.length = 0;
  }

  return {
    send(key, target, body) {
      if (closing.signal.aborted) return;
      if (options.faults.dropCallback()) {
        // Lost for good: never posted; the attempt log says so.
        const record: DeliveryAttempt = {
          key,
          url: target.url,
          body,
          attempt: 0,
          status: null,
          error: 'dropped (fault)',
          at: new Date().toISOString(),
        };
        log.push(record);
        options.onAttempt?.(record);
        return;
      }
      pending += 1;
      if (!held.has(key) && options.faults.holdCallback()) {
        const timer = setTimeout(() => release(key), options.faults.current().outOfOrderHoldMs);
        held.set(key, { target, body, timer });
        return;
      }
      enqueue(key, target, body);
      release(key);
    },
    idle() {
      return pending === 0 ? Promise.resolve() : new Promise((resolve) => waiters.push(resolve));
    },
    attempts: () => log,
    clear,
    close() {
      closing.abort();
      clear();
    },
  };
}
