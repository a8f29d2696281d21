import { Kafka, logLevel } from 'kafkajs';

export interface TopicSpec {
  name: string;
  partitions: number;
  replicationFactor?: number;
  /** Kafka topic configs, e.g. { 'retention.ms': '604800000', 'cleanup.policy': 'delete' }. */
  config?: Record<string, string>;
}

function admin(brokers: readonly string[], clientId: string) {
  return new Kafka({ clientId, brokers: [...brokers], logLevel: logLevel.NOTHING }).admin();
}

/** Creates the topics that do not exist yet and waits for their leaders; existing ones are left as they are. */
export async function ensureTopics(brokers: readonly string[], topics: readonly TopicSpec[]): Promise<void> {
  const client = admin(brokers, 'orders-topic-provisioning');
  await client.connect();
  try {
    const existing = new Set(await client.listTopics());
    const missing = topics.filter((t) => !existing.has(t.name));
    if (missing.length === 0) return;
    await client.createTopics({
      waitForLeaders: true,
      topics: missing.map((t) => ({
        topic: t.name,
        numPartitions: t.partitions,
        replicationFactor: t.replicationFactor ?? 1,
        configEntries: Object.entries(t.config ?? {}).map(([name, value]) => ({ name, value })),
      })),
    });
  } finally {
    await client.disconnect();
  }
}

/** Deletes topics that exist; names that do not exist are ignored. */
export async function deleteTopics(brokers: readonly string[], names: readonly string[]): Promise<void> {
  const client = admin(brokers, 'orders-topic-provisioning');
  await client.connect();
  try {
    const existing = new Set(await client.listTopics());
    const present = names.filter((n) => existing.has(n));
    if (present.length > 0) await client.deleteTopics({ topics: present });
  } finally {
    await client.disconnect();
  }
}
