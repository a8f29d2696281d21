import type { FastifyInstance } from 'fastify';
import type { Registry } from 'prom-client';
import { httpRequestHistogram } from './metrics.ts';

export interface ReadinessCheck {
  name: string;
  /** Resolves when the dependency is usable; throws (or rejects) with the reason otherwise. */
  check(): Promise<void>;
}

/**
 * `/health` (the process is up), `/ready` (every dependency answers: 503 naming the
 * failing ones otherwise) and `/metrics` (Prometheus text), plus a request-duration
 * histogram on every route.
 */
export function registerOperationalRoutes(
  app: FastifyInstance,
  options: { registry: Registry; checks: readonly ReadinessCheck[] },
): void {
  const histogram = httpRequestHistogram(options.registry);
  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? 'unmatched';
    histogram.observe(
      { method: request.method, route, status: String(reply.statusCode) },
      reply.elapsedTime / 1_000,
    );
  });

  app.get('/health', { logLevel: 'warn' }, async () => ({ status: 'ok' }));

  app.get('/ready', { logLevel: 'warn' }, async (_request, reply) => {
    const results = await Promise.all(
      options.checks.map(async (c) => {
        try {
          await c.check();
          return { name: c.name, ok: true as const };
        } catch (error) {
          return {
            name: c.name,
            ok: false as const,
            reason: error instanceof Error ? error.message : String(error),
          };
        }
      }),
    );
    const ready = results.every((r) => r.ok);
    return reply.code(ready ? 200 : 503).send({ status: ready ? 'ready' : 'not-ready', checks: results });
  });

  app.get('/metrics', { logLevel: 'warn' }, async (_request, reply) => {
    return reply.type(options.registry.contentType).send(await options.registry.metrics());
  });
}
