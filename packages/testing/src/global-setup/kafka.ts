import type { TestProject } from 'vitest/node';
import { resolveKafka } from '../kafka.ts';

/** vitest globalSetup: locates or starts the Kafka broker once per run and hands its address to the test files. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const kafka = await resolveKafka();
  console.log(`[testing] Kafka: ${kafka.source} at ${kafka.address}`);
  project.provide('kafkaBrokers', kafka.address);
  return () => kafka.stop();
}
