import { describe, expect, it } from 'vitest';
import { kafkaBrokers } from './context.ts';
import { probeKafka } from './kafka-probe.ts';

describe('the Kafka probe', () => {
  it('gets a metadata answer from the real broker', async () => {
    expect(await probeKafka(kafkaBrokers())).toBeGreaterThanOrEqual(1);
  });

  it('fails, rather than hangs, when nothing listens', async () => {
    await expect(probeKafka('127.0.0.1:1', 1_000)).rejects.toThrow(/ECONNREFUSED|no answer/);
  });
});
