import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { RelayObserver, RelayStatus } from './relay.ts';

/**
 * The relay's Prometheus metrics, and the observer that feeds them. `status` is read at scrape
 * time for the gauges (lag, checkpoint, active).
 */
export function relayMetrics(registry: Registry, status: () => RelayStatus | null): RelayObserver {
  const registers = [registry];
  const published = new Counter({
    name: 'relay_events_published_total',
    help: 'Order events acknowledged by Kafka (re-sends after a failure included); rate() is the publish rate',
    registers,
  });
  const batches = new Counter({
    name: 'relay_batches_published_total',
    help: 'Batches of the event log fully published',
    registers,
  });
  const errors = new Counter({
    name: 'relay_errors_total',
    help: 'Batches that failed (publish: Kafka; mapping: an event that cannot be published; other) and are retried',
    labelNames: ['kind'] as const,
    registers,
  });
  const batchSize = new Histogram({
    name: 'relay_batch_events',
    help: 'Events per batch read from the event log',
    buckets: [1, 5, 10, 50, 100, 250, 500, 1_000, 2_000, 5_000, 10_000],
    registers,
  });
  const sendDuration = new Histogram({
    name: 'relay_send_duration_seconds',
    help: 'Time for one produce request to be acknowledged by Kafka (acks = all)',
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 10],
    registers,
  });
  const latency = new Histogram({
    name: 'relay_publish_latency_seconds',
    help: 'From the event row written in PostgreSQL to its acknowledgement by Kafka',
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.15, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60],
    registers,
  });
  const gauge = (name: string, help: string, read: (s: RelayStatus) => number | null) =>
    new Gauge({
      name,
      help,
      registers,
      collect() {
        const current = status();
        const value = current ? read(current) : null;
        if (value !== null) this.set(value);
      },
    });
  gauge(
    'relay_lag_events',
    'Order events in the log after the checkpoint (estimated above 10 000)',
    (s) => s.lagEvents,
  );
  gauge(
    'relay_lag_seconds',
    'Age of the oldest event not yet published (0 when caught up)',
    (s) => s.lagSeconds,
  );
  gauge('relay_checkpoint_position', 'Global position of the checkpoint', (s) =>
    s.checkpoint ? Number(s.checkpoint.position) : null,
  );
  gauge('relay_active', '1 when this instance holds the lock and publishes, 0 for a standby', (s) =>
    s.active ? 1 : 0,
  );
  gauge(
    'relay_events_checkpointed',
    'Events this instance published and checkpointed since it started',
    (s) => s.eventsApplied,
  );

  return {
    onPublished(events, ackedAtMs, sendMs) {
      published.inc(events.length);
      sendDuration.observe(sendMs / 1_000);
      for (const event of events) latency.observe(Math.max(0, ackedAtMs - event.createdAt.getTime()) / 1_000);
    },
    onBatch(events) {
      batches.inc();
      batchSize.observe(events);
    },
    onError(kind) {
      errors.inc({ kind });
    },
  };
}
