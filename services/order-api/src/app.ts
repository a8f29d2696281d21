import { createMetricsRegistry, registerOperationalRoutes, type Logger } from '@orders/service-kit';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type pg from 'pg';

export interface AppDeps {
  logger: Logger;
  pool: pg.Pool;
}

/** Builds the app with its plugins and routes; tests use it through app.inject, server.ts only listens. */
export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const app = Fastify({
    // pino's Logger is a FastifyBaseLogger; naming the base type keeps FastifyInstance's default generics.
    loggerInstance: deps.logger as FastifyBaseLogger,
    requestIdHeader: 'x-request-id',
    disableRequestLogging: false,
  });
  const registry = createMetricsRegistry('order-api');
  registerOperationalRoutes(app, {
    registry,
    checks: [{ name: 'postgres', check: async () => void (await deps.pool.query('select 1')) }],
  });
  return app;
}
