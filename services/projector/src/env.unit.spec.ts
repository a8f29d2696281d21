import { describe, expect, it } from 'vitest';
import { parseEnv } from './env.ts';

describe('projector env', () => {
  it('needs only DATABASE_URL; the rest has defaults', () => {
    const env = parseEnv({ DATABASE_URL: 'postgres://u@h:5432/db' });
    expect(env).toMatchObject({ PORT: 3001, PROJECTOR_BATCH_SIZE: 500, MIGRATE_ON_START: true });
    expect(env.PROJECTIONS).toBeUndefined();
  });

  it('reads a projection list and refuses bad values, naming each', () => {
    expect(
      parseEnv({ DATABASE_URL: 'postgres://h/db', PROJECTIONS: 'order-list, report' }).PROJECTIONS,
    ).toEqual(['order-list', 'report']);
    expect(() => parseEnv({ DATABASE_URL: 'mysql://h/db', PROJECTOR_BATCH_SIZE: '0' })).toThrow(
      /DATABASE_URL[\s\S]*PROJECTOR_BATCH_SIZE/,
    );
  });
});
