import formbody from '@fastify/formbody';
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { createMetricsRegistry, registerOperationalRoutes, type Logger } from '@orders/service-kit';
import type { EventStore } from '@orders/event-store';
import Fastify, { type FastifyBaseLogger, type FastifyError } from 'fastify';
import {
  hasZodFastifySchemaValidationErrors,
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import { Kysely, PostgresDialect } from 'kysely';
import type pg from 'pg';
import { Counter } from 'prom-client';
import qs from 'qs';
import { createClientStore } from './auth/clients.ts';
import { createOrderRepository } from './commands/repository.ts';
import { createIdempotencyStore } from './db/idempotency.ts';
import { orderApiMigrationsApplied } from './db/migrations.ts';
import { createOrderNumberAllocator } from './db/order-numbers.ts';
import type { OrderApiTables } from './db/schema.ts';
import type { Env } from './env.ts';
import { authenticate } from './http/auth.ts';
import { errorBody, HttpError } from './http/errors.ts';
import { registerIdempotency } from './http/idempotency-hooks.ts';
import { issuesToDetails } from './http/zod-errors.ts';
import { registerOrderRoutes } from './routes/orders.ts';
import { registerPosCallbackRoutes } from './routes/pos-callbacks.ts';
import { registerQueryRoutes } from './routes/queries.ts';
import { registerSubResourceRoutes } from './routes/sub-resources.ts';
import type { App } from './routes/types.ts';

declare module 'fastify' {
  interface FastifyInstance {
    /** Every route with its method, for the OpenAPI completeness check and the fuzz test. */
    registeredRoutes: { method: string; url: string; public: boolean }[];
  }
  interface FastifyContextConfig {
    /** The spec's unauthenticated routes (virtual POS callbacks, print pages) and the operational ones. */
    public?: boolean;
  }
}

export interface AppDeps {
  logger: Logger;
  pool: pg.Pool;
  store: EventStore;
  config: Env;
}

const correlationIdPattern = /^[\w.:-]{1,128}$/;
const publicPrefixes = ['/health', '/ready', '/metrics', '/docs'];

/** Builds the app with its plugins and routes; tests use it through app.inject, server.ts only listens. */
export async function buildApp(deps: AppDeps): Promise<App> {
  const app = Fastify({
    // pino's Logger is a FastifyBaseLogger; naming the base type keeps FastifyInstance's default generics.
    loggerInstance: deps.logger as FastifyBaseLogger,
    requestIdHeader: 'x-request-id',
    bodyLimit: 1024 * 1024,
    routerOptions: {
      querystringParser: (text: string) => qs.parse(text, { depth: 3, arrayLimit: 100, parameterLimit: 200 }),
    },
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  const registeredRoutes: { method: string; url: string; public: boolean }[] = [];
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) {
      if (method !== 'HEAD')
        registeredRoutes.push({ method, url: route.url, public: route.config?.public === true });
    }
  });
  app.decorate('registeredRoutes', registeredRoutes);
  app.setSerializerCompiler(serializerCompiler);

  const db = new Kysely<OrderApiTables>({ dialect: new PostgresDialect({ pool: deps.pool }) });
  const registry = createMetricsRegistry('order-api');
  const counters = {
    appends: new Counter({
      name: 'order_api_appended_events_total',
      help: 'Events appended by commands',
      registers: [registry],
    }),
    conflicts: new Counter({
      name: 'order_api_version_conflicts_total',
      help: 'Appends that met a concurrent change',
      registers: [registry],
    }),
    retries: new Counter({
      name: 'order_api_command_retries_total',
      help: 'Commands decided again after a conflict',
      registers: [registry],
    }),
  };
  const orders = createOrderRepository(deps.store, {
    snapshotEvery: deps.config.SNAPSHOT_EVERY,
    metrics: {
      onAppend: (n) => counters.appends.inc(n),
      onConflict: () => counters.conflicts.inc(),
      onRetry: () => counters.retries.inc(),
    },
  });
  const clients = createClientStore(db, { cacheTtlMs: deps.config.CLIENT_CACHE_TTL_MS });
  const idempotency = createIdempotencyStore(db);

  await app.register(formbody);
  await app.register(rateLimit, {
    max: deps.config.RATE_LIMIT_PER_MINUTE,
    timeWindow: 60_000,
    keyGenerator: (request) => {
      const client = request.headers['x-client-id'];
      return typeof client === 'string' && client.length <= 200 ? `client:${client}` : `ip:${request.ip}`;
    },
    errorResponseBuilder: (_request, context) =>
      new HttpError(
        429,
        'RATE_LIMITED',
        `at most ${context.max} requests per minute; retry after ${context.after}`,
      ),
  });
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Order service v3',
        version: '3.0.0',
        description: 'The v3 order API (order-service-v3.txt).',
      },
      components: {
        securitySchemes: {
          clientId: { type: 'apiKey', in: 'header', name: 'x-client-id' },
          clientSecret: { type: 'apiKey', in: 'header', name: 'x-client-secret' },
          userId: { type: 'apiKey', in: 'header', name: 'x-user-id' },
        },
      },
      security: [{ clientId: [], clientSecret: [], userId: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/docs' });

  app.addHook('onRequest', async (request, reply) => {
    const given = request.headers['x-correlation-id'];
    const correlationId = typeof given === 'string' && correlationIdPattern.test(given) ? given : request.id;
    request.correlationId = correlationId;
    request.log = request.log.child({ correlationId });
    reply.header('x-correlation-id', correlationId);
    reply.header('x-request-id', request.id);
    const url = request.routeOptions.url ?? request.url;
    if (request.routeOptions.config.public || publicPrefixes.some((p) => url.startsWith(p))) return;
    if (!request.routeOptions.url) return; // unknown route: the not-found handler answers 404
    request.caller = await authenticate(request, clients);
  });

  registerIdempotency(app, idempotency);

  app.setNotFoundHandler((request, reply) =>
    reply.code(404).send(
      errorBody({
        code: 'NOT_FOUND',
        message: `no route ${request.method} ${request.url.split('?')[0]}`,
        details: [],
      }),
    ),
  );

  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error instanceof HttpError) {
      if (error.statusCode === 429) reply.header('retry-after', '60');
      return reply.code(error.statusCode).send(errorBody(error));
    }
    if (hasZodFastifySchemaValidationErrors(error)) {
      const where = error.validationContext ?? 'body';
      return reply.code(400).send(
        errorBody({
          code: 'VALIDATION_FAILED',
          message: `invalid ${where}`,
          details: issuesToDetails(
            where,
            error.validation.map((v) => ({
              path: v.instancePath
                .split('/')
                .filter(Boolean)
                .map((segment: string) => (/^\d+$/.test(segment) ? Number(segment) : segment)),
              message: v.message ?? 'invalid',
              code: v.keyword,
              ...(Array.isArray(v.params['keys']) ? { keys: v.params['keys'] as string[] } : {}),
            })),
          ),
        }),
      );
    }
    const status = error.statusCode ?? 500;
    if (status >= 400 && status < 500) {
      // fastify's own client errors: malformed JSON, body too large, unsupported media type, …
      const path = /MEDIA_TYPE|CONTENT_LENGTH/.test(error.code ?? '') ? 'headers.content-type' : 'body';
      return reply.code(status).send(
        errorBody({
          code: error.code ?? 'BAD_REQUEST',
          message: error.message,
          details: [{ path, reason: error.message }],
        }),
      );
    }
    request.log.error({ err: error }, 'unhandled error');
    return reply.code(500).send(
      errorBody({
        code: 'INTERNAL',
        message: 'internal error; the request id names it in our logs',
        details: [],
      }),
    );
  });

  registerOperationalRoutes(app, {
    registry,
    checks: [
      { name: 'postgres', check: async () => void (await deps.pool.query('select 1')) },
      {
        name: 'migrations',
        check: async () => {
          if (!(await orderApiMigrationsApplied(db))) throw new Error('order-api migrations are not applied');
        },
      },
    ],
  });

  const routeDeps = {
    db,
    orders,
    clients,
    idempotency,
    nextOrderNo: createOrderNumberAllocator(db),
    config: deps.config,
  };
  registerQueryRoutes(app, routeDeps);
  registerOrderRoutes(app, routeDeps);
  registerSubResourceRoutes(app, routeDeps);
  registerPosCallbackRoutes(app, routeDeps);

  return app;
}
