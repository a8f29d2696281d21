// What the fault runs and the system benchmark read off the running processes: Prometheus
// samples from each service's /metrics, and CPU time and resident memory from /proc.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** One sample of a Prometheus text exposition. */
export interface MetricSample {
  name: string;
  labels: Record<string, string>;
  value: number;
}

const sampleLine = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})?\s+(\S+)(?:\s+-?\d+)?\s*$/;
const labelPair = /([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"\s*,?\s*/g;

const unescape = (value: string) =>
  value.replace(/\\(.)/g, (_, c: string) =>
    c === 'n' ? '\n' : c === '\\' ? '\\' : c === '"' ? '"' : `\\${c}`,
  );

/** Parses the Prometheus text format (comments and blank lines skipped; `NaN`, `+Inf` kept as numbers). */
export function parsePrometheus(text: string): MetricSample[] {
  const samples: MetricSample[] = [];
  for (const line of text.split('\n')) {
    if (line === '' || line.startsWith('#')) continue;
    const match = sampleLine.exec(line);
    if (!match) continue;
    const labels: Record<string, string> = {};
    for (const pair of (match[2] ?? '').matchAll(labelPair)) labels[pair[1]!] = unescape(pair[2]!);
    const raw = match[3]!;
    const value = raw === '+Inf' ? Infinity : raw === '-Inf' ? -Infinity : Number(raw);
    samples.push({ name: match[1]!, labels, value });
  }
  return samples;
}

/** The samples named `name` whose labels include every one of `labels`. */
export function samplesOf(
  samples: readonly MetricSample[],
  name: string,
  labels: Record<string, string> = {},
): MetricSample[] {
  return samples.filter(
    (s) => s.name === name && Object.entries(labels).every(([key, value]) => s.labels[key] === value),
  );
}

/** The sum of the matching samples (0 when there is none). */
export function sumOf(
  samples: readonly MetricSample[],
  name: string,
  labels: Record<string, string> = {},
): number {
  return samplesOf(samples, name, labels).reduce((sum, s) => sum + s.value, 0);
}

/** The largest matching sample, or undefined when there is none. */
export function maxOf(
  samples: readonly MetricSample[],
  name: string,
  labels: Record<string, string> = {},
): number | undefined {
  const values = samplesOf(samples, name, labels).map((s) => s.value);
  return values.length === 0 ? undefined : Math.max(...values);
}

/** GET `url` (a /metrics route) and parse it; rejects when the process does not answer 200 in time. */
export async function scrape(url: string, timeoutMs = 3_000): Promise<MetricSample[]> {
  const answer = await fetch(url, { signal: AbortSignal.timeout(timeoutMs) });
  if (!answer.ok) throw new Error(`${url}: ${answer.status}`);
  return parsePrometheus(await answer.text());
}

let clockTicks: number | undefined;
/** Kernel clock ticks per second (`getconf CLK_TCK`, 100 on Linux almost everywhere). */
function ticksPerSecond(): number {
  if (clockTicks === undefined) {
    try {
      clockTicks = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      clockTicks = 100;
    }
  }
  return clockTicks;
}

/** CPU time used so far (user + system) and resident memory of one process. */
export interface ProcessUsage {
  cpuSeconds: number;
  rssBytes: number;
  /** The part of the RSS that is shared memory (PostgreSQL's shared buffers, say). */
  sharedBytes: number;
}

/** Parses `/proc/<pid>/stat` and `/proc/<pid>/status` (Linux); the stat's comm may hold spaces and parentheses. */
export function parseProcUsage(stat: string, status: string, ticks: number): ProcessUsage {
  const afterComm = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // fields 14 and 15 of stat (utime, stime), counted from the state field (3) after the comm
  const utime = Number(afterComm[11]);
  const stime = Number(afterComm[12]);
  const kb = (field: string) =>
    Number(new RegExp(`^${field}:\\s+(\\d+)\\s+kB`, 'm').exec(status)?.[1] ?? 0) * 1024;
  return { cpuSeconds: (utime + stime) / ticks, rssBytes: kb('VmRSS'), sharedBytes: kb('RssShmem') };
}

/** Usage of `pid` now, or null when it is not running (or this is not Linux). */
export function processUsage(pid: number): ProcessUsage | null {
  try {
    return parseProcUsage(
      readFileSync(`/proc/${pid}/stat`, 'utf8'),
      readFileSync(`/proc/${pid}/status`, 'utf8'),
      ticksPerSecond(),
    );
  } catch {
    return null;
  }
}

/** The p-th percentile (0–100) of `values` by nearest rank; NaN when empty. */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = values.toSorted((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}
