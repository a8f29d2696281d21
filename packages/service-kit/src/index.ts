export { createLogger, redactedPaths, type Logger, type LoggerConfig } from './logger.ts';
export { createMetricsRegistry, httpRequestHistogram } from './metrics.ts';
export { registerOperationalRoutes, type ReadinessCheck } from './health.ts';
export { onShutdownSignal } from './shutdown.ts';
