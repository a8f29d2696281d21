// The progress of a seed run on stderr: a bar redrawn in place on a terminal, a plain line per
// 10 % elsewhere (CI logs, pipes).

export interface ProgressSnapshot {
  done: number;
  total: number;
  failed: number;
  elapsedMs: number;
}

/** `1234567` → `1,234,567`. */
export const formatCount = (n: number): string => n.toLocaleString('en-US');

/** Seconds as `m:ss` (or `h:mm:ss`). */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '--:--';
  const s = Math.max(0, Math.round(seconds));
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const rest = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${rest}` : `${m}:${rest}`;
}

/** Orders per second so far and the time the rest will take at that rate. */
export function rateAndEta({ done, total, elapsedMs }: ProgressSnapshot): {
  rate: number;
  etaSeconds: number;
} {
  const rate = elapsedMs > 0 ? done / (elapsedMs / 1000) : 0;
  return { rate, etaSeconds: rate > 0 ? (total - done) / rate : Number.POSITIVE_INFINITY };
}

/** The terminal bar: `[########------------]  4,213/10,000 orders  42%  312.4 orders/s  ETA 0:18`. */
export function barLine(snapshot: ProgressSnapshot, width = 24): string {
  const { done, total, failed } = snapshot;
  const { rate, etaSeconds } = rateAndEta(snapshot);
  const filled = total > 0 ? Math.floor((done / total) * width) : width;
  const percent = total > 0 ? Math.floor((done / total) * 100) : 100;
  return [
    `[${'#'.repeat(filled)}${'-'.repeat(width - filled)}]`,
    `${formatCount(done)}/${formatCount(total)} orders`,
    `${percent}%`,
    `${rate.toFixed(1)} orders/s`,
    `ETA ${done >= total ? '0:00' : formatDuration(etaSeconds)}`,
    ...(failed > 0 ? [`${formatCount(failed)} failed requests`] : []),
  ].join('  ');
}

/** The line written for each 10 % when stderr is not a terminal. */
export function plainLine(snapshot: ProgressSnapshot): string {
  return `seed: ${barLine(snapshot).replace(/^\[[#-]+\]\s+/, '')}`;
}

export interface ProgressOutput {
  write(text: string): unknown;
  isTTY?: boolean;
}

export interface Progress {
  update(done: number, failed: number): void;
  finish(): void;
}

/** A progress display on `output`, with `now` injectable for tests. */
export function createProgress(
  output: ProgressOutput,
  total: number,
  now: () => number = () => performance.now(),
): Progress {
  const started = now();
  let done = 0;
  let failed = 0;
  let lastDecile = 0;
  let lastDraw = Number.NEGATIVE_INFINITY;
  const snapshot = (): ProgressSnapshot => ({ done, total, failed, elapsedMs: now() - started });
  const draw = () => {
    output.write(`\r${barLine(snapshot())}\u001b[K`);
    lastDraw = now();
  };
  if (output.isTTY) draw();
  return {
    update(nextDone, nextFailed) {
      done = nextDone;
      failed = nextFailed;
      if (output.isTTY) {
        if (now() - lastDraw >= 100 || done === total) draw();
        return;
      }
      const decile = total > 0 ? Math.floor((done * 10) / total) : 10;
      if (decile > lastDecile) {
        lastDecile = decile;
        output.write(`${plainLine(snapshot())}\n`);
      }
    },
    finish() {
      if (output.isTTY) {
        draw();
        output.write('\n');
      }
    },
  };
}
