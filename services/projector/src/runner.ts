import type { EventStore, SubscriptionStatus } from '@orders/event-store';
import { projectionGroupSubscription } from '@orders/read-models';
import type { Logger } from '@orders/service-kit';
import { Gauge, type Registry } from 'prom-client';
import type { ProjectorProjection } from './projections/index.ts';

export interface ProjectorOptions {
  store: EventStore;
  projections: readonly ProjectorProjection[];
  batchSize: number;
  pollIntervalMs: number;
  logger: Logger;
  /** When given, each projection's position and lag are exported on it. */
  registry?: Registry;
}

export interface Projector {
  start(): Promise<void>;
  /** Lets each batch being applied commit, then releases locks and connections. */
  stop(): Promise<void>;
  statuses(): SubscriptionStatus[];
}

/**
 * Runs the projections as ONE group subscription: one read and one transaction per batch for
 * all of them, each keeping its own checkpoint row (see README "Projections").
 */
export function createProjector(options: ProjectorOptions): Projector {
  const group = projectionGroupSubscription(
    options.store,
    options.projections.map((p) => p.projection),
    {
      batchSize: options.batchSize,
      pollIntervalMs: options.pollIntervalMs,
      onError: (error, context) =>
        options.logger.error(
          {
            err: error,
            // The projection whose handler threw; null when the batch failed outside them.
            projection: context.member,
            attempt: context.attempt,
            events: context.events.length,
          },
          'projection batch failed; retrying',
        ),
    },
  );
  if (options.registry) registerProjectionMetrics(options.registry, () => group.statuses());
  return {
    start: () => group.start(),
    stop: () => group.stop(),
    statuses: () => group.statuses(),
  };
}

/** Prometheus gauges per projection: position, lag in events and seconds, activity, failures. */
export function registerProjectionMetrics(registry: Registry, statuses: () => SubscriptionStatus[]): void {
  const gauge = (name: string, help: string, value: (s: SubscriptionStatus) => number | null) =>
    new Gauge({
      name,
      help,
      labelNames: ['projection'] as const,
      registers: [registry],
      collect() {
        for (const s of statuses()) {
          const v = value(s);
          if (v !== null) this.set({ projection: s.name }, v);
        }
      },
    });
  gauge('projection_position', 'Global position of the projection checkpoint', (s) =>
    s.checkpoint ? Number(s.checkpoint.position) : null,
  );
  gauge('projection_lag_events', 'Events stored after the checkpoint', (s) => s.lagEvents);
  gauge('projection_lag_seconds', 'Age of the oldest event not yet applied', (s) => s.lagSeconds);
  gauge('projection_active', '1 when this instance holds the projection lock', (s) => (s.active ? 1 : 0));
  gauge('projection_events_applied', 'Events applied by this instance since start', (s) => s.eventsApplied);
  gauge('projection_handler_failures', 'Failed batches (each retried) since start', (s) => s.handlerFailures);
}
