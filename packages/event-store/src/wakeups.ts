/**
 * The wake-ups of a polling loop (a subscription, or a source built like one): `signal()`
 * (a notification, a freed slot) ends a `sleep` at once, or is kept in `pending` for the next
 * one, so it is never lost while the loop is busy; `pause` ignores signals (new events do not
 * make a failing handler succeed) but not `stopAll()`, which ends every wait.
 */
export interface Wakeups {
  /** A signal arrived since the loop last cleared it. */
  pending: boolean;
  signal(): void;
  /** Waits `ms`, ending early on a signal (or at once when one is pending or the loop stopped). */
  sleep(ms: number): Promise<void>;
  /** Waits `ms`, ending early only on `stopAll()`. */
  pause(ms: number): Promise<void>;
  /** Ends every sleep and pause (stop). */
  stopAll(): void;
}

export function createWakeups(isRunning: () => boolean): Wakeups {
  let wake: (() => void) | null = null;
  const stopWaiters = new Set<() => void>();
  const wakeups: Wakeups = {
    pending: false,
    signal() {
      wakeups.pending = true;
      wake?.();
    },
    sleep: (ms) =>
      new Promise<void>((resolve) => {
        if (wakeups.pending || !isRunning()) return resolve();
        const timer = setTimeout(done, ms);
        function done() {
          clearTimeout(timer);
          wake = null;
          resolve();
        }
        wake = done;
      }),
    pause: (ms) =>
      new Promise<void>((resolve) => {
        const timer = setTimeout(done, ms);
        function done() {
          clearTimeout(timer);
          stopWaiters.delete(done);
          resolve();
        }
        stopWaiters.add(done);
      }),
    stopAll() {
      wake?.();
      for (const done of stopWaiters) done();
    },
  };
  return wakeups;
}
