// The text printed at the end of a seed run: what was made, and every request that failed.
import { orderStatuses } from '@orders/domain';
import { subResourceKinds } from './step.ts';
import { formatCount, formatDuration } from './progress.ts';
import type { ProblemCount, SeedResult } from './seed.ts';

/** What was seeded: orders, speed, statuses and sub-resources, and how to repeat it. */
export function summaryText(
  result: SeedResult,
  context: { url: string; seed: string; asked: number },
): string {
  const seconds = result.durationMs / 1000;
  const complete = result.orders.filter((o) => o.complete);
  const byStatus = orderStatuses
    .map((status) => [status, complete.filter((o) => o.status === status).length] as const)
    .filter(([, n]) => n > 0)
    .toSorted((a, b) => b[1] - a[1])
    .map(([status, n]) => `${status} ${formatCount(n)}`);
  const bySub = subResourceKinds.map(
    (kind) => `${kind} ${formatCount(complete.filter((o) => o.subResources.includes(kind)).length)}`,
  );
  const vigo = result.orders.filter((o) => o.vigo).length;
  return [
    `Seeded ${formatCount(result.orders.length)} of ${formatCount(context.asked)} orders ` +
      `(${formatCount(complete.length)} through every step) in ${formatDuration(seconds)}: ` +
      `${(result.attempted / Math.max(seconds, 0.001)).toFixed(1)} orders/s, ` +
      `${formatCount(result.requests)} requests (${(result.requests / Math.max(seconds, 0.001)).toFixed(0)}/s) ` +
      `against ${context.url}`,
    `  statuses:      ${byStatus.join(' · ') || '—'}`,
    `  sub-resources: ${bySub.join(' · ')} (orders with at least one)`,
    ...(vigo > 0
      ? [`  vigo orders:   ${formatCount(vigo)} (third_party_channel "vigo", left to the connector)`]
      : []),
    `  seed:          ${context.seed} (pnpm seed --seed ${context.seed} makes the same data on the same day)`,
  ].join('\n');
}

function table(kinds: readonly ProblemCount[]): string[] {
  return kinds.flatMap((kind) => [
    `  ${String(kind.count).padStart(6)} × ${String(kind.status).padEnd(7)} ${kind.route}`,
    `           first answer: ${kind.firstText.replace(/\s+/g, ' ')}`,
  ]);
}

/** The failed requests by route and status with the first answer of each kind; empty when none failed. */
export function failuresText(result: SeedResult): string {
  const lines: string[] = [];
  if (result.failed.length > 0) {
    lines.push(
      `${formatCount(result.failedRequests)} requests failed (by count, status, route):`,
      ...table(result.failed),
    );
  }
  if (result.retried.length > 0) {
    lines.push(
      'Answers that were retried (rate limit, overload, lost connections):',
      ...table(result.retried),
    );
  }
  return lines.join('\n');
}
