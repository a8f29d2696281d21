import { registerOperationalRoutes, type Logger, type ReadinessCheck } from '@orders/service-kit';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Registry } from 'prom-client';
import { registerCallbackRoute, type CallbackProcessor } from './callbacks.ts';
import type { DispatchStore } from './dispatch-store.ts';
import type { ConnectorMetrics } from './metrics.ts';
import { registerAdminRoutes } from './pickup-points.ts';
import type { VigoClient } from './vigo-client.ts';

export interface AppDeps {
  logger: Logger;
  registry: Registry;
  metrics: ConnectorMetrics;
  checks: readonly ReadinessCheck[];
  callbacks: { processor: CallbackProcessor; token: string; tokenHeader: string };
  /** The admin route is registered only with a token. */
  admin?: { token: string; vigo: VigoClient; store: DispatchStore };
}

/** The connector's HTTP side: Vigo callbacks, the pickup-point admin route, /health /ready /metrics. */
export function buildApp(deps: AppDeps): FastifyInstance {
  const app = Fastify({
    loggerInstance: deps.logger as FastifyBaseLogger,
    bodyLimit: 256 * 1024,
  });
  registerOperationalRoutes(app, { registry: deps.registry, checks: deps.checks });
  registerCallbackRoute(app, {
    ...deps.callbacks,
    metrics: deps.metrics,
    logger: deps.logger,
  });
  if (deps.admin) {
    registerAdminRoutes(app, {
      adminToken: deps.admin.token,
      vigo: deps.admin.vigo,
      store: deps.admin.store,
    });
  }
  return app;
}
