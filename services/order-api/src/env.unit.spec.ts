import { describe, expect, it } from 'vitest';
import { parseEnv } from './env.ts';

describe('order-api configuration', () => {
  it('applies defaults', () => {
    const env = parseEnv({ DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/orders' });
    expect(env).toMatchObject({ HOST: '127.0.0.1', PORT: 3000, LOG_LEVEL: 'info' });
  });

  it('names every bad variable at start', () => {
    expect(() => parseEnv({ PORT: 'eighty', DATABASE_URL: 'mysql://x' })).toThrow(
      /PORT[\s\S]*DATABASE_URL|DATABASE_URL[\s\S]*PORT/,
    );
  });

  it('refuses a demo secret that cannot travel in an HTTP header', () => {
    const base = { DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/orders', ORDERS_DEMO_CLIENT_ID: 'demo' };
    expect(() => parseEnv({ ...base, ORDERS_DEMO_CLIENT_SECRET: 'gizli-şifre-1234' })).toThrow(
      /ORDERS_DEMO_CLIENT_SECRET: printable ASCII/,
    );
    expect(
      parseEnv({ ...base, ORDERS_DEMO_CLIENT_SECRET: 'gizli-sifre-1234' }).ORDERS_DEMO_CLIENT_SECRET,
    ).toBe('gizli-sifre-1234');
  });
});
