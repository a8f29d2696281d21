import { describe, expect, it } from 'vitest';
import { parseEnv } from './env.ts';

const minimal = {
  DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/orders',
  VIGO_BASE_URL: 'http://127.0.0.1:4010/api/v2',
  VIGO_CLIENT_ID: 'sandbox-client',
  VIGO_CLIENT_SECRET: 'sandbox-secret',
  CALLBACK_PUBLIC_URL: 'http://127.0.0.1:3300/vigo/callbacks',
  CALLBACK_TOKEN: 'callback-token-0123456789',
  ORDER_API_URL: 'http://127.0.0.1:3000',
  ORDER_API_CLIENT_ID: 'vigo-connector',
  ORDER_API_CLIENT_SECRET: 'secret-secret-secret',
  ORDER_API_USER_ID: '00000000-0000-4000-8000-00000000c0c0',
  ORDER_API_TENANT_ID: 'demo',
};

describe('parseEnv', () => {
  it('applies the defaults', () => {
    const env = parseEnv(minimal);
    expect(env).toMatchObject({
      PORT: 3300,
      SOURCE: 'event-store',
      KAFKA_TOPIC: 'orders.events.v1',
      CALLBACK_TOKEN_HEADER: 'x-api-key',
      VIGO_DEFAULT_COURIER_TYPE: 'motorCourier',
      MIGRATE_ON_START: true,
      RECONCILE_AFTER_MS: 60_000,
    });
    expect(env.ADMIN_TOKEN).toBeUndefined();
  });

  it('reads the pickup point mapping and the broker list', () => {
    const env = parseEnv({
      ...minimal,
      SOURCE: 'kafka',
      KAFKA_BROKERS: '127.0.0.1:19092, 127.0.0.1:19093',
      VIGO_PICKUP_POINTS: '{"7d3f1e2a-2222-4c4c-8a8a-000000000001":"6881e0dd1a5da2001e118180"}',
    });
    expect(env.KAFKA_BROKERS).toEqual(['127.0.0.1:19092', '127.0.0.1:19093']);
    expect(env.VIGO_PICKUP_POINTS).toEqual({
      '7d3f1e2a-2222-4c4c-8a8a-000000000001': '6881e0dd1a5da2001e118180',
    });
  });

  it('names every bad variable at once', () => {
    const bad = () =>
      parseEnv({ ...minimal, CALLBACK_TOKEN: 'short', ORDER_API_USER_ID: 'nobody', VIGO_PICKUP_POINTS: '{' });
    expect(() => parseEnv({ ...minimal, RECONCILE_AFTER_MS: '-1' })).toThrow(/ {2}RECONCILE_AFTER_MS: /);
    for (const name of ['CALLBACK_TOKEN', 'ORDER_API_USER_ID', 'VIGO_PICKUP_POINTS']) {
      expect(bad).toThrow(new RegExp(`  ${name}: `));
    }
  });

  it('splits the partitions handled at once between the kafka consumers, never fewer than one each', () => {
    const kafka = { ...minimal, SOURCE: 'kafka', KAFKA_BROKERS: '127.0.0.1:19092' };
    expect(parseEnv(kafka)).toMatchObject({ KAFKA_CONSUMERS: 1, WARM_UP_TIMEOUT_MS: 5_000 });
    expect(
      parseEnv({ ...kafka, KAFKA_PARTITIONS_CONCURRENCY: '32', KAFKA_CONSUMERS: '8' }).KAFKA_CONSUMERS,
    ).toBe(8);
    expect(() => parseEnv({ ...kafka, KAFKA_PARTITIONS_CONCURRENCY: '4', KAFKA_CONSUMERS: '8' })).toThrow(
      /KAFKA_CONSUMERS: at most KAFKA_PARTITIONS_CONCURRENCY/,
    );
  });

  it('needs brokers for the kafka source', () => {
    expect(() => parseEnv({ ...minimal, SOURCE: 'kafka' })).toThrow(/KAFKA_BROKERS/);
  });
});
