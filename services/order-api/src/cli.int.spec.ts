import { execFile } from 'node:child_process';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestApp, type TestApp } from './test-support/app.ts';

const run = promisify(execFile);
const cli = resolve(fileURLToPath(import.meta.url), '../cli.ts');

describe('the clients CLI', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ CLIENT_CACHE_TTL_MS: '0' });
  });
  afterAll(async () => {
    await t?.close();
  });
  const orders = (id: string, secret: string) =>
    t.app.inject({
      method: 'GET',
      url: '/v3/orders/7d3f1e2a-1111-4c4c-8a8a-000000000001',
      headers: {
        'x-client-id': id,
        'x-client-secret': secret,
        'x-user-id': '7d3f1e2a-1111-4c4c-8a8a-000000000009',
      },
    });
  const exec = (...args: string[]) =>
    run(process.execPath, [cli, ...args], { env: { ...process.env, DATABASE_URL: t.database.url } });

  it('creates a client whose printed secret works, and rotates it', async () => {
    const created = await exec('clients', 'create', '--tenant', 'acme');
    const id = /x-client-id:\s+(\S+)/.exec(created.stdout)?.[1];
    const secret = /x-client-secret:\s+(\S+)/.exec(created.stdout)?.[1];
    expect(id && secret).toBeTruthy();
    expect((await orders(id!, secret!)).statusCode).toBe(404); // authenticated: the order just does not exist

    const listed = await exec('clients', 'list', '--tenant', 'acme');
    expect(listed.stdout).toContain(id!);
    expect(listed.stdout).not.toContain(secret!);

    const rotated = await exec('clients', 'rotate', id!);
    const newSecret = /x-client-secret:\s+(\S+)/.exec(rotated.stdout)?.[1];
    expect(newSecret).toBeTruthy();
    expect((await orders(id!, secret!)).statusCode).toBe(401);
    expect((await orders(id!, newSecret!)).statusCode).toBe(404);
  });

  it('stores only a scrypt hash of the secret', async () => {
    const created = await exec('clients', 'create', '--tenant', 'hash-check');
    const secret = /x-client-secret:\s+(\S+)/.exec(created.stdout)![1]!;
    const { rows } = await t.pool.query<{ secret_hash: string }>(
      `select secret_hash from order_api.clients where tenant_id = 'hash-check'`,
    );
    expect(rows[0]!.secret_hash).toMatch(/^scrypt\$/);
    expect(rows[0]!.secret_hash).not.toContain(secret);
  });

  it('says what is wrong with a bad command', async () => {
    await expect(exec('clients', 'create')).rejects.toMatchObject({
      stderr: expect.stringContaining('--tenant is required'),
    });
  });
});
