import { describe, expect, it } from 'vitest';
import { parseDistributedEnv } from './env.ts';

describe('the distributed run’s settings', () => {
  it('default to the local PostgreSQL, a database of its own and the usual ports', () => {
    const env = parseDistributedEnv({});
    expect(env).toMatchObject({
      DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/postgres',
      DISTRIBUTED_DATABASE: 'orders_distributed',
      KAFKA_PORT: 19092,
      KAFKA_TOPIC: 'orders.events.v1',
      ORDER_API_PORT: 3000,
      ORDER_API_2_PORT: 3002,
      PROJECTOR_PORT: 3001,
      RELAY_PORT: 3010,
      VIGO_CONNECTOR_PORT: 3300,
      VIGO_SANDBOX_PORT: 4010,
      DISTRIBUTED_DATA_DIR: '.data/distributed',
    });
    expect(env.KAFKA_BROKERS).toBeUndefined();
    expect(env.VIGO_SANDBOX_STEP_INTERVAL_MS).toBeUndefined();
  });

  it('read ports and numbers from their text, and treat an empty variable as unset', () => {
    const env = parseDistributedEnv({
      KAFKA_BROKERS: '127.0.0.1:19092,127.0.0.1:19093',
      ORDER_API_PORT: '8080',
      VIGO_SANDBOX_STEP_INTERVAL_MS: '150',
      POS_MERCHANT_NO: '',
    });
    expect(env.KAFKA_BROKERS).toBe('127.0.0.1:19092,127.0.0.1:19093');
    expect(env.ORDER_API_PORT).toBe(8080);
    expect(env.VIGO_SANDBOX_STEP_INTERVAL_MS).toBe(150);
    expect(env.POS_MERCHANT_NO).toBeUndefined();
  });

  it('refuse bad values with one message naming each variable', () => {
    const bad = {
      KAFKA_BROKERS: 'localhost',
      DISTRIBUTED_DATABASE: 'Orders-Run',
      ORDER_API_PORT: '70000',
      VIGO_CALLBACK_TOKEN: 'short',
    };
    expect(() => parseDistributedEnv(bad)).toThrow(/^distributed run: invalid configuration/);
    const message = (() => {
      try {
        parseDistributedEnv(bad);
        return '';
      } catch (error) {
        return (error as Error).message;
      }
    })();
    for (const name of Object.keys(bad)) expect(message).toContain(`  ${name}: `);
  });
});
