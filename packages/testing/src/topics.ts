import { randomBytes } from 'node:crypto';
import { kafkaBrokers } from './context.ts';

export interface TestKafka {
  /** Comma-separated bootstrap addresses of the real broker. */
  brokers: string[];
  /** A topic name no other test file or run uses: `test.<base>.<random>`. */
  topic(base: string): string;
  /** A consumer group id no other test uses. */
  groupId(base: string): string;
}

/** The broker found by the kafka global setup, with unique names for this test file. */
export function useTestKafka(): TestKafka {
  const run = `${Date.now().toString(36)}${randomBytes(3).toString('hex')}`;
  return {
    brokers: kafkaBrokers()
      .split(',')
      .map((b) => b.trim()),
    topic: (base) => `test.${base}.${run}.${randomBytes(3).toString('hex')}`,
    groupId: (base) => `test-${base}-${run}-${randomBytes(3).toString('hex')}`,
  };
}
