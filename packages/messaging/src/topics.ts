import kafkajs, { type Admin } from 'kafkajs';
import { TopicProvisioningError } from './errors.ts';
import { kafkaClient } from './kafka-client.ts';

// kafkajs is CommonJS: Node's ESM loader finds only some of its named exports (not these two),
// so they are read from the module object. (Vitest's own interop hid this; `node` does not.)
const { ConfigResourceTypes, ConfigSource } = kafkajs;

export interface TopicSpec {
  name: string;
  partitions: number;
  /** Used when the topic is created (default 1); an existing topic's replication is left as it is. */
  replicationFactor?: number;
  /** Kafka topic configs, e.g. { 'retention.ms': '604800000', 'cleanup.policy': 'delete' }. */
  config?: Record<string, string>;
}

/** What {@link ensureTopics} changed; all empty when everything already matched. */
export interface TopicProvisioningReport {
  created: string[];
  /** Topics whose config overrides were changed. */
  reconfigured: string[];
  /** Topics that got more partitions. */
  repartitioned: string[];
}

/** A topic as the cluster describes it. */
export interface TopicDescription {
  name: string;
  partitions: number;
  replicationFactor: number;
  /** The topic's own config overrides (not the broker defaults). */
  config: Record<string, string>;
}

async function withAdmin<T>(brokers: readonly string[], fn: (admin: Admin) => Promise<T>): Promise<T> {
  const admin = kafkaClient({ brokers, clientId: 'orders-topic-provisioning' }).admin();
  await admin.connect();
  try {
    return await fn(admin);
  } finally {
    await admin.disconnect();
  }
}

async function describeWith(admin: Admin, names: readonly string[]): Promise<Map<string, TopicDescription>> {
  const found = new Map<string, TopicDescription>();
  if (names.length === 0) return found;
  const { topics } = await admin.fetchTopicMetadata({ topics: [...names] });
  const { resources } = await admin.describeConfigs({
    includeSynonyms: false,
    resources: names.map((name) => ({ type: ConfigResourceTypes.TOPIC, name })),
  });
  for (const topic of topics) {
    const resource = resources.find((r) => r.resourceName === topic.name);
    const config: Record<string, string> = {};
    for (const entry of resource?.configEntries ?? []) {
      if (entry.configSource === ConfigSource.TOPIC_CONFIG) config[entry.configName] = entry.configValue;
    }
    found.set(topic.name, {
      name: topic.name,
      partitions: topic.partitions.length,
      replicationFactor: topic.partitions[0]?.replicas.length ?? 0,
      config,
    });
  }
  return found;
}

/** Describes the named topics that exist (partitions, replication, config overrides), in the order asked; missing names are left out. */
export async function describeTopics(
  brokers: readonly string[],
  names: readonly string[],
): Promise<TopicDescription[]> {
  return withAdmin(brokers, async (admin) => {
    const existing = new Set(await admin.listTopics());
    const described = await describeWith(
      admin,
      names.filter((n) => existing.has(n)),
    );
    return names.flatMap((name) => described.get(name) ?? []);
  });
}

/**
 * Brings the topics to their specs, idempotently: creates the missing ones (waiting for
 * their leaders); on existing ones, sets the config entries of the spec that differ
 * (entries the spec does not name are left as they are) and adds partitions up to the
 * spec's count. A spec with fewer partitions than the topic has throws
 * {@link TopicProvisioningError} before anything is changed: Kafka cannot remove
 * partitions, and keys would move to other partitions if it could.
 */
export async function ensureTopics(
  brokers: readonly string[],
  topics: readonly TopicSpec[],
): Promise<TopicProvisioningReport> {
  const report: TopicProvisioningReport = { created: [], reconfigured: [], repartitioned: [] };
  for (const spec of topics) {
    if (!Number.isInteger(spec.partitions) || spec.partitions < 1) {
      throw new TopicProvisioningError(spec.name, `topic ${spec.name}: partitions must be an integer >= 1`);
    }
  }
  return withAdmin(brokers, async (admin) => {
    const existingNames = new Set(await admin.listTopics());
    const existing = await describeWith(
      admin,
      topics.filter((t) => existingNames.has(t.name)).map((t) => t.name),
    );

    const reconfigure: { name: string; config: Record<string, string> }[] = [];
    const repartition: { topic: string; count: number }[] = [];
    for (const spec of topics) {
      const current = existing.get(spec.name);
      if (!current) continue;
      if (spec.partitions < current.partitions) {
        throw new TopicProvisioningError(
          spec.name,
          `topic ${spec.name} has ${current.partitions} partitions; the spec asks for ${spec.partitions}, and partitions can never be removed`,
        );
      }
      if (spec.partitions > current.partitions)
        repartition.push({ topic: spec.name, count: spec.partitions });
      const wanted = spec.config ?? {};
      if (Object.entries(wanted).some(([name, value]) => current.config[name] !== value)) {
        // AlterConfigs replaces a topic's whole set of overrides: send the current ones
        // with the spec's entries laid over them, so nothing else is reset.
        reconfigure.push({ name: spec.name, config: { ...current.config, ...wanted } });
      }
    }

    const missing = topics.filter((t) => !existingNames.has(t.name));
    if (missing.length > 0) {
      await admin.createTopics({
        waitForLeaders: true,
        topics: missing.map((t) => ({
          topic: t.name,
          numPartitions: t.partitions,
          replicationFactor: t.replicationFactor ?? 1,
          configEntries: Object.entries(t.config ?? {}).map(([name, value]) => ({ name, value })),
        })),
      });
      report.created.push(...missing.map((t) => t.name));
    }
    if (reconfigure.length > 0) {
      await admin.alterConfigs({
        validateOnly: false,
        resources: reconfigure.map(({ name, config }) => ({
          type: ConfigResourceTypes.TOPIC,
          name,
          configEntries: Object.entries(config).map(([entry, value]) => ({ name: entry, value })),
        })),
      });
      report.reconfigured.push(...reconfigure.map((r) => r.name));
    }
    if (repartition.length > 0) {
      await admin.createPartitions({ topicPartitions: repartition });
      report.repartitioned.push(...repartition.map((r) => r.topic));
    }
    return report;
  });
}

/**
 * Creates the topics that do not exist yet and leaves existing ones exactly as they
 * are (the consumer's dead-letter topics). Returns the names it created.
 */
export async function createMissingTopics(
  brokers: readonly string[],
  topics: readonly TopicSpec[],
): Promise<string[]> {
  return withAdmin(brokers, async (admin) => {
    const existing = new Set(await admin.listTopics());
    const missing = topics.filter((t) => !existing.has(t.name));
    if (missing.length === 0) return [];
    // Resolves (false) when a concurrent creator won the race: the topic exists either way.
    await admin.createTopics({
      waitForLeaders: true,
      topics: missing.map((t) => ({
        topic: t.name,
        numPartitions: t.partitions,
        replicationFactor: t.replicationFactor ?? 1,
        configEntries: Object.entries(t.config ?? {}).map(([name, value]) => ({ name, value })),
      })),
    });
    return missing.map((t) => t.name);
  });
}

/** Deletes topics that exist; names that do not exist are ignored. */
export async function deleteTopics(brokers: readonly string[], names: readonly string[]): Promise<void> {
  await withAdmin(brokers, async (admin) => {
    const existing = new Set(await admin.listTopics());
    const present = names.filter((n) => existing.has(n));
    if (present.length > 0) await admin.deleteTopics({ topics: present });
  });
}
