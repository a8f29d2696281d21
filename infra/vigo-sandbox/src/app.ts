import {
  createLogger,
  createMetricsRegistry,
  registerOperationalRoutes,
  type Logger,
} from '@orders/service-kit';
import Fastify, { type FastifyBaseLogger, type FastifyError, type FastifyInstance } from 'fastify';
import { Counter } from 'prom-client';
import { createCallbackDispatcher, type CallbackDispatcher } from './callbacks.ts';
import { sandboxOptionsSchema, type SandboxOptions, type SandboxSettings } from './config.ts';
import type { SandboxContext } from './context.ts';
import { createFaultState, type FaultState } from './faults.ts';
import { authHook, faultHook } from './hooks.ts';
import { registerAuthRoutes } from './routes/auth.ts';
import { controlPrefix, registerControlRoutes } from './routes/control.ts';
import { registerOrderRoutes } from './routes/orders.ts';
import { registerPickupPointRoutes } from './routes/pickup-points.ts';
import { createSimulator, type Simulator } from './simulator.ts';
import { createStore, type Store } from './store.ts';

export interface SandboxConfig extends SandboxOptions {
  /** Where the sandbox logs; a silent logger when absent. */
  logger?: Logger;
  /** Log each request and its answer (Fastify's request logging); default true. */
  logRequests?: boolean;
}

export interface Sandbox {
  app: FastifyInstance;
  settings: SandboxSettings;
  store: Store;
  faults: FaultState;
  simulator: Simulator;
  callbacks: CallbackDispatcher;
  /** Forgets orders, pickup points (back to the seed), tokens and callbacks; faults back to the configured ones. */
  reset(): void;
}

/** Builds the sandbox app (Vigo routes under the base path, `/_sandbox` controls, `/health`, `/metrics`); server.ts only listens. */
export async function buildSandbox(config: SandboxConfig = {}): Promise<Sandbox> {
  const { logger: givenLogger, logRequests = true, ...options } = config;
  const settings = sandboxOptionsSchema.parse(options);
  const logger = givenLogger ?? createLogger({ service: 'vigo-sandbox', level: 'silent' });
  const registry = createMetricsRegistry('vigo-sandbox');
  const callbackAttempts = new Counter({
    name: 'vigo_sandbox_callback_attempts_total',
    help: 'Callback delivery attempts by outcome',
    labelNames: ['outcome'] as const,
    registers: [registry],
  });

  const closing = new AbortController();
  const store = createStore(settings.pickupPoints);
  const faults = createFaultState(settings.faults);
  const callbacks = createCallbackDispatcher({
    retries: settings.callbackRetries,
    retryDelayMs: settings.callbackRetryDelayMs,
    timeoutMs: settings.callbackTimeoutMs,
    faults,
    logger,
    onAttempt: (a) =>
      callbackAttempts.inc({
        outcome:
          a.attempt === 0
            ? 'dropped'
            : a.status === null
              ? 'unreachable'
              : a.status < 300
                ? 'accepted'
                : 'refused',
      }),
  });
  const simulator = createSimulator({ settings, store, callbacks, logger });
  const ctx: SandboxContext = {
    settings,
    store,
    faults,
    callbacks,
    simulator,
    logger,
    closing: closing.signal,
  };

  const reset = () => {
    simulator.stop();
    callbacks.clear();
    store.reset();
    faults.replace(settings.faults);
  };

  const app = Fastify({
    loggerInstance: logger as FastifyBaseLogger,
    requestIdHeader: 'x-request-id',
    disableRequestLogging: !logRequests,
    exposeHeadRoutes: false,
    // hung calls (the hang fault) must not keep close() waiting
    forceCloseConnections: true,
  });

  app.setErrorHandler((error: FastifyError, request, reply) => {
    const status = error.statusCode ?? 500;
    if (status >= 500) request.log.error({ err: error }, 'request failed');
    return reply.code(status).send({ message: error.message });
  });
  app.setNotFoundHandler((request, reply) =>
    reply.code(404).send({ message: `Bulunamadı: ${request.method} ${request.url.split('?')[0]}` }),
  );
  app.addHook('preClose', async () => {
    closing.abort();
    simulator.stop();
    callbacks.close();
  });

  registerOperationalRoutes(app, { registry, checks: [] });

  await app.register(
    async (api) => {
      api.addHook('onRequest', faultHook(ctx));
      registerAuthRoutes(api, ctx);
      await api.register(async (authorised) => {
        authorised.addHook('onRequest', authHook(ctx));
        registerOrderRoutes(authorised, ctx);
        registerPickupPointRoutes(authorised, ctx);
      });
    },
    { prefix: settings.basePath },
  );

  await app.register(async (control) => registerControlRoutes(control, ctx, reset), {
    prefix: controlPrefix,
  });

  return { app, settings, store, faults, simulator, callbacks, reset };
}
