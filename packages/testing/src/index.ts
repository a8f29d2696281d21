export { createTestDatabase, type TestDatabase, type TestDatabaseTemplate } from './database.ts';
export { useTestKafka, type TestKafka } from './topics.ts';
export { resolvePostgres, type ResolvedService } from './postgres.ts';
export { resolveKafka } from './kafka.ts';
export { probeKafka } from './kafka-probe.ts';
export { serverUrl, kafkaBrokers } from './context.ts';
