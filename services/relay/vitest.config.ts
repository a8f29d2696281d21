import { preset } from '@orders/vitest-config';
import { mergeConfig } from 'vitest/config';

// The integration files mostly wait (on a broker of their own, on relay processes, on the
// consumer): run them side by side rather than one after the other. Generous timeouts: a
// transaction held open anywhere on the PostgreSQL server holds back every gap-safe reader
// (the event store's README), and on a shared server that is not ours to control.
export default mergeConfig(preset({ services: ['kafka', 'postgres'], testTimeout: 240_000 }), {
  test: { maxWorkers: 3 },
});
