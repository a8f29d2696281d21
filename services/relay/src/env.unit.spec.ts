import { describe, expect, it } from 'vitest';
import { parseEnv } from './env.ts';
import { orderEventsTopicSpec } from './topic.ts';

const required = {
  DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/orders',
  KAFKA_BROKERS: '127.0.0.1:19092',
};

describe('parseEnv', () => {
  it('fills the defaults: the v1 topic, 12 partitions, a subscription named after the topic', () => {
    const env = parseEnv(required);
    expect(env).toMatchObject({
      KAFKA_BROKERS: ['127.0.0.1:19092'],
      RELAY_TOPIC: 'orders.events.v1',
      RELAY_TOPIC_PARTITIONS: 12,
      RELAY_TOPIC_REPLICATION_FACTOR: 1,
      RELAY_SUBSCRIPTION: 'relay:orders.events.v1',
      RELAY_BATCH_SIZE: 5_000,
      RELAY_CHUNK_SIZE: 1_000,
      KAFKA_PRODUCER_THREAD: true,
      KAFKA_PRODUCER_LANES: 2,
      PORT: 3010,
      MIGRATE_ON_START: true,
    });
  });

  it('reads lists and numbers', () => {
    const env = parseEnv({
      ...required,
      KAFKA_BROKERS: 'kafka-1:9092, kafka-2:9092',
      RELAY_TOPIC: 'orders.events.test',
      RELAY_BATCH_SIZE: '500',
      MIGRATE_ON_START: 'false',
      KAFKA_PRODUCER_THREAD: 'false',
      KAFKA_PRODUCER_LANES: '3',
    });
    expect(env.KAFKA_PRODUCER_THREAD).toBe(false);
    expect(env.KAFKA_PRODUCER_LANES).toBe(3);
    expect(env.KAFKA_BROKERS).toEqual(['kafka-1:9092', 'kafka-2:9092']);
    expect(env.RELAY_SUBSCRIPTION).toBe('relay:orders.events.test');
    expect(env.RELAY_BATCH_SIZE).toBe(500);
    expect(env.MIGRATE_ON_START).toBe(false);
  });

  it('names every bad variable in one error', () => {
    expect(() => parseEnv({ KAFKA_BROKERS: 'no-port', RELAY_TOPIC_PARTITIONS: '0' })).toThrow(
      /DATABASE_URL[\s\S]*KAFKA_BROKERS[\s\S]*RELAY_TOPIC_PARTITIONS/,
    );
  });
});

describe('orderEventsTopicSpec', () => {
  it('provisions partitions, replication, retention and delete cleanup; min ISR 2 of 3, 1 locally', () => {
    expect(orderEventsTopicSpec(parseEnv(required))).toEqual({
      name: 'orders.events.v1',
      partitions: 12,
      replicationFactor: 1,
      config: { 'cleanup.policy': 'delete', 'retention.ms': '604800000', 'min.insync.replicas': '1' },
    });
    const production = parseEnv({
      ...required,
      RELAY_TOPIC_REPLICATION_FACTOR: '3',
      RELAY_TOPIC_RETENTION_MS: '86400000',
    });
    expect(orderEventsTopicSpec(production).config).toMatchObject({
      'retention.ms': '86400000',
      'min.insync.replicas': '2',
    });
  });
});
