import { dockerEngineReachable } from './docker.ts';
import { probeKafka } from './kafka-probe.ts';
import type { ResolvedService } from './postgres.ts';

const howToStart = `Start the project's broker with: infra/kafka/start   (then export KAFKA_BROKERS=127.0.0.1:19092)
or run the tests through ./platform test, which starts it; with a Docker engine, testcontainers starts apache/kafka.`;

/**
 * The Kafka broker every integration test uses: KAFKA_BROKERS when set, else a
 * testcontainers apache/kafka when a Docker engine answers. Throws, never skips.
 */
export async function resolveKafka(): Promise<ResolvedService> {
  const fromEnv = process.env['KAFKA_BROKERS'];
  if (fromEnv) {
    try {
      const brokers = await probeKafka(fromEnv, 5_000);
      if (brokers < 1) throw new Error('the cluster reports no broker');
    } catch (error) {
      throw new Error(
        `KAFKA_BROKERS=${fromEnv} is set but no broker answers a metadata request (${String(error)}).\n${howToStart}`,
      );
    }
    return { address: fromEnv, source: 'KAFKA_BROKERS', stop: async () => undefined };
  }
  if (await dockerEngineReachable()) {
    const { KafkaContainer } = await import('@testcontainers/kafka');
    const container = await new KafkaContainer('apache/kafka:4.1.1').withKraft().start();
    const address = `${container.getHost()}:${container.getMappedPort(9093)}`;
    return {
      address,
      source: 'testcontainers apache/kafka',
      stop: async () => {
        await container.stop();
      },
    };
  }
  throw new Error(
    `No Kafka broker for the tests: KAFKA_BROKERS is not set and no Docker engine answers.\n${howToStart}`,
  );
}
