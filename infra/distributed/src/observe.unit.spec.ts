import { describe, expect, it } from 'vitest';
import { maxOf, parseProcUsage, parsePrometheus, percentile, processUsage, sumOf } from './observe.ts';

const exposition = `# HELP projection_lag_seconds Age of the oldest event not applied yet
# TYPE projection_lag_seconds gauge
projection_lag_seconds{projection="order-list"} 0.25
projection_lag_seconds{projection="balances"} 1.5
relay_events_published_total 1200
http_request_duration_seconds_bucket{le="+Inf",route="/v3/orders",method="GET"} 7 1712345678000
weird{path="a \\"quoted\\" \\\\ value, with comma",x="1"} NaN
`;

describe('the Prometheus text format', () => {
  const samples = parsePrometheus(exposition);

  it('reads names, labels and values, skipping comments', () => {
    expect(samples).toHaveLength(5);
    expect(samples[0]).toEqual({
      name: 'projection_lag_seconds',
      labels: { projection: 'order-list' },
      value: 0.25,
    });
    expect(samples[2]).toEqual({ name: 'relay_events_published_total', labels: {}, value: 1200 });
  });

  it('keeps +Inf labels, drops the timestamp and unescapes label values', () => {
    expect(samples[3]).toEqual({
      name: 'http_request_duration_seconds_bucket',
      labels: { le: '+Inf', route: '/v3/orders', method: 'GET' },
      value: 7,
    });
    expect(samples[4]!.labels).toEqual({ path: 'a "quoted" \\ value, with comma', x: '1' });
    expect(samples[4]!.value).toBeNaN();
  });

  it('sums and maximises the samples matching a name and labels', () => {
    expect(sumOf(samples, 'projection_lag_seconds')).toBe(1.75);
    expect(sumOf(samples, 'projection_lag_seconds', { projection: 'balances' })).toBe(1.5);
    expect(maxOf(samples, 'projection_lag_seconds')).toBe(1.5);
    expect(maxOf(samples, 'missing')).toBeUndefined();
    expect(sumOf(samples, 'missing')).toBe(0);
  });
});

describe('process usage from /proc', () => {
  it('reads utime + stime and VmRSS, with a comm holding spaces and parentheses', () => {
    const stat = '4242 (node (worker) 1) S 1 4242 4242 0 -1 4194560 900 0 0 0 250 50 0 0 20 0 11 0 100';
    const status =
      'Name:\tnode\nVmPeak:\t  900000 kB\nVmRSS:\t  123456 kB\nRssShmem:\t    2048 kB\nThreads:\t11\n';
    expect(parseProcUsage(stat, status, 100)).toEqual({
      cpuSeconds: 3,
      rssBytes: 123456 * 1024,
      sharedBytes: 2048 * 1024,
    });
  });

  it('measures this process, and nothing for a pid that does not exist', () => {
    const self = processUsage(process.pid);
    expect(self?.rssBytes).toBeGreaterThan(1024 * 1024);
    expect(self?.cpuSeconds).toBeGreaterThan(0);
    expect(processUsage(2 ** 22 + 7)).toBeNull();
  });
});

describe('percentiles', () => {
  it('uses the nearest rank', () => {
    const values = Array.from({ length: 100 }, (_, i) => 100 - i);
    expect(percentile(values, 50)).toBe(50);
    expect(percentile(values, 99)).toBe(99);
    expect(percentile(values, 100)).toBe(100);
    expect(percentile([7], 50)).toBe(7);
    expect(percentile([], 50)).toBeNaN();
  });
});
