import type { TopicSpec } from '@orders/messaging';
import type { Env } from './env.ts';

/** The order events topic as the relay provisions it: partitions, replication, retention, delete cleanup. */
export function orderEventsTopicSpec(env: Env): TopicSpec {
  return {
    name: env.RELAY_TOPIC,
    partitions: env.RELAY_TOPIC_PARTITIONS,
    replicationFactor: env.RELAY_TOPIC_REPLICATION_FACTOR,
    config: {
      'cleanup.policy': 'delete',
      'retention.ms': String(env.RELAY_TOPIC_RETENTION_MS),
      // With acks = all, a write needs this many in-sync replicas: 2 of 3 in production, 1 locally.
      'min.insync.replicas': String(Math.min(2, env.RELAY_TOPIC_REPLICATION_FACTOR)),
    },
  };
}
