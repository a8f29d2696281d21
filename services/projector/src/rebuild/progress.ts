// A one-line progress bar on stderr: share done, events, events/s and ETA. On a terminal it
// redraws in place; otherwise (CI logs, a file) it prints a line every few seconds.

export interface ProgressSample {
  done: bigint;
  total: bigint;
}

const fmt = new Intl.NumberFormat('en-US');

function duration(seconds: number): string {
  if (!Number.isFinite(seconds)) return '?';
  const s = Math.max(0, Math.round(seconds));
  return s >= 3600
    ? `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`
    : s >= 60
      ? `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`
      : `${s}s`;
}

/** The bar's text for a sample: `[####------] 42.0% 420,000/1,000,000 events 31,000 ev/s ETA 19s`. */
export function progressLine(label: string, sample: ProgressSample, rate: number): string {
  const total = sample.total > 0n ? sample.total : 1n;
  const ratio = Math.min(1, Number(sample.done) / Number(total));
  const width = 24;
  const filled = Math.round(ratio * width);
  const eta = rate > 0 ? Number(sample.total - sample.done) / rate : Number.POSITIVE_INFINITY;
  return `${label} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${(ratio * 100).toFixed(1)}% ${fmt.format(sample.done)}/${fmt.format(sample.total)} events ${fmt.format(Math.round(rate))} ev/s ETA ${duration(eta)}`;
}

/** Draws progress on `stream`; `update` takes a sample, `done` ends the line. */
export function createProgress(
  label: string,
  stream: NodeJS.WritableStream & { isTTY?: boolean } = process.stderr,
) {
  const startedAt = Date.now();
  let first: ProgressSample | null = null;
  let lastPrinted = 0;
  let window: { at: number; done: bigint }[] = [];
  let line = '';
  return {
    update(sample: ProgressSample) {
      const now = Date.now();
      first ??= sample;
      window.push({ at: now, done: sample.done });
      window = window.filter((w) => now - w.at <= 5_000);
      const oldest = window[0]!;
      const seconds = (now - oldest.at) / 1000;
      const rate = seconds > 0.2 ? Number(sample.done - oldest.done) / seconds : 0;
      line = progressLine(label, sample, rate);
      if (stream.isTTY) stream.write(`\r${line}\u001b[K`);
      else if (now - lastPrinted >= 2_000) {
        stream.write(`${line}\n`);
        lastPrinted = now;
      }
    },
    /** Ends the bar with the average rate since the first sample. */
    done(sample: ProgressSample): { seconds: number; rate: number } {
      const seconds = (Date.now() - startedAt) / 1000;
      const rate = first && seconds > 0 ? Number(sample.done - first.done) / seconds : 0;
      stream.write(
        stream.isTTY
          ? `\r${progressLine(label, sample, rate)}\u001b[K\n`
          : `${progressLine(label, sample, rate)}\n`,
      );
      return { seconds, rate };
    },
  };
}
