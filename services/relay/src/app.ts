import { registerOperationalRoutes, type Logger, type ReadinessCheck } from '@orders/service-kit';
import Fastify, { type FastifyBaseLogger, type FastifyInstance } from 'fastify';
import type { Registry } from 'prom-client';
import type { RelayStatus } from './relay.ts';

export interface AppDeps {
  logger: Logger;
  registry: Registry;
  /** The relay's status, or null before it was created. */
  status: () => RelayStatus | null;
  checks: readonly ReadinessCheck[];
}

const bigints = (_key: string, value: unknown) => (typeof value === 'bigint' ? value.toString() : value);

/** The relay's HTTP side: `/health`, `/ready`, `/metrics`, and `/status` (the subscription's state as JSON). */
export async function buildApp(deps: AppDeps): Promise<FastifyInstance> {
  const app = Fastify({ loggerInstance: deps.logger as FastifyBaseLogger });
  registerOperationalRoutes(app, { registry: deps.registry, checks: deps.checks });
  app.get('/status', { logLevel: 'warn' }, async (_request, reply) => {
    const status = deps.status();
    if (!status) return reply.code(503).send({ status: 'starting' });
    return reply.type('application/json').send(JSON.stringify(status, bigints));
  });
  await app.ready();
  return app;
}
