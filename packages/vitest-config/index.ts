import { defineConfig, type ViteUserConfig } from 'vitest/config';

/** What a package's tests need besides Node: each entry adds the provider's global setup. */
export type RealService = 'postgres' | 'kafka';

export interface PresetOptions {
  /** Real services the tests talk to; started or located once per test run by @orders/testing. */
  services?: readonly RealService[];
  /** Coverage thresholds (percent) enforced on `vitest run --coverage`. */
  coverage?: { include: string[]; lines: number; branches: number; functions?: number; statements?: number };
  /** Per-test timeout; integration tests against a broker need more than the 5 s default. */
  testTimeout?: number;
}

const globalSetups: Record<RealService, string> = {
  postgres: '@orders/testing/global-setup/postgres',
  kafka: '@orders/testing/global-setup/kafka',
};

/**
 * The workspace's vitest preset: unit specs (`*.unit.spec.ts`) and integration specs
 * (`*.int.spec.ts`) beside the code, a JSON report in `.reports/vitest.json` that
 * `scripts/test-summary.mjs` adds up, and no silently skipped test.
 */
export function preset(options: PresetOptions = {}): ViteUserConfig {
  const services = options.services ?? [];
  return defineConfig({
    test: {
      include: ['src/**/*.spec.ts', 'test/**/*.spec.ts'],
      globalSetup: services.map((service) => globalSetups[service]),
      // Generous: CI runs every package at once on 2 cores; timing is the benchmarks' job, not the tests'.
      testTimeout: options.testTimeout ?? (services.length > 0 ? 60_000 : 30_000),
      hookTimeout: services.length > 0 ? 120_000 : 10_000,
      reporters: ['default', ['json', { outputFile: '.reports/vitest.json' }]],
      allowOnly: false,
      passWithNoTests: false,
      ...(options.coverage
        ? {
            coverage: {
              provider: 'v8' as const,
              include: options.coverage.include,
              exclude: ['**/*.spec.ts', '**/test-support/**'],
              reporter: ['text-summary', 'json-summary'],
              reportsDirectory: '.reports/coverage',
              thresholds: {
                lines: options.coverage.lines,
                branches: options.coverage.branches,
                functions: options.coverage.functions ?? options.coverage.lines,
                statements: options.coverage.statements ?? options.coverage.lines,
              },
            },
          }
        : {}),
    },
  });
}
