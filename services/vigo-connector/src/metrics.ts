import { Counter, Gauge, Histogram, type Registry } from 'prom-client';
import type { CircuitState } from './vigo/circuit-breaker.ts';

/** The connector's own metrics, beside Node's defaults and the HTTP histogram of service-kit. */
export function createConnectorMetrics(registry: Registry) {
  const registers = [registry];
  const dispatches = new Counter({
    name: 'vigo_connector_dispatches_total',
    help: 'Dispatch steps by outcome: created, reconciled (found at Vigo instead of created again), prepared, cancelled, waiting (pickup point not approved), failed',
    labelNames: ['outcome'] as const,
    registers,
  });
  const failures = new Counter({
    name: 'vigo_connector_dispatch_failures_total',
    help: 'Orders Vigo cannot take (unmappable, rejected-by-vigo, pickup-point-rejected) and attempts left to a retry (transient)',
    labelNames: ['reason'] as const,
    registers,
  });
  const callbacks = new Counter({
    name: 'vigo_connector_callbacks_total',
    help: 'Vigo callbacks by event and outcome: applied, stale, duplicate, recorded, unknown-order, rejected, unauthorized, invalid, error',
    labelNames: ['event', 'outcome'] as const,
    registers,
  });
  const events = new Counter({
    name: 'vigo_connector_events_total',
    help: 'Order events handled, by type and outcome',
    labelNames: ['type', 'outcome'] as const,
    registers,
  });
  const vigoLatency = new Histogram({
    name: 'vigo_connector_vigo_request_duration_seconds',
    help: 'Duration of each HTTP attempt to Vigo by operation and outcome (status code, timeout, network)',
    labelNames: ['operation', 'outcome'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers,
  });
  const orderApiLatency = new Histogram({
    name: 'vigo_connector_order_api_request_duration_seconds',
    help: 'Duration of each HTTP attempt to order-api by operation and outcome',
    labelNames: ['operation', 'outcome'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers,
  });
  const eventToCreate = new Histogram({
    name: 'vigo_connector_event_to_create_seconds',
    help: 'From the order event to Vigo answering the create',
    buckets: [0.01, 0.025, 0.05, 0.1, 0.2, 0.3, 0.5, 1, 2.5, 5, 10, 30],
    registers,
  });
  const reconciliations = new Counter({
    name: 'vigo_connector_reconciliations_total',
    help: 'Prepared orders without news looked up with GET /order (lost callbacks), by outcome: applied, unchanged, unknown-order, rejected, skipped, busy, failed',
    labelNames: ['outcome'] as const,
    registers,
  });
  const tokenRefreshes = new Counter({
    name: 'vigo_connector_token_refreshes_total',
    help: 'Vigo tokens fetched',
    registers,
  });
  const circuit = new Gauge({
    name: 'vigo_connector_circuit_state',
    help: 'Circuit breaker in front of Vigo: 0 closed, 1 half-open, 2 open',
    registers,
  });
  const circuitValue: Record<CircuitState, number> = { closed: 0, 'half-open': 1, open: 2 };
  return {
    dispatch: (outcome: string) => dispatches.inc({ outcome }),
    failure: (reason: string) => failures.inc({ reason }),
    callback: (event: string, outcome: string) => callbacks.inc({ event, outcome }),
    event: (type: string, outcome: string) => events.inc({ type, outcome }),
    vigoAttempt: (operation: string, outcome: string, seconds: number) =>
      vigoLatency.observe({ operation, outcome }, seconds),
    orderApiAttempt: (operation: string, outcome: string, seconds: number) =>
      orderApiLatency.observe({ operation, outcome }, seconds),
    eventToCreate: (seconds: number) => eventToCreate.observe(seconds),
    reconciliation: (outcome: string) => reconciliations.inc({ outcome }),
    tokenRefresh: () => tokenRefreshes.inc(),
    circuitState: (state: CircuitState) => circuit.set(circuitValue[state]),
  };
}

export type ConnectorMetrics = ReturnType<typeof createConnectorMetrics>;
