import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const entry = resolve(fileURLToPath(import.meta.url), '../server.ts');

describe('server.ts', () => {
  it('listens with the settings from the environment and stops on SIGINT', async () => {
    const child = spawn(process.execPath, [entry], {
      env: {
        ...process.env,
        PORT: '0',
        VIGO_SANDBOX_CLIENT_ID: 'env-client',
        VIGO_SANDBOX_CLIENT_SECRET: 'env-secret',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));

    const deadline = Date.now() + 10_000;
    let vigo: string | undefined;
    while (!vigo && Date.now() < deadline && child.exitCode === null) {
      vigo = /"vigo":"(http:\/\/[^"]+)"/.exec(output)?.[1];
      if (!vigo) await new Promise((r) => setTimeout(r, 50));
    }
    expect({ vigo, output }).toMatchObject({
      vigo: expect.stringMatching(/^http:\/\/127\.0\.0\.1:\d+\/api\/v2$/),
    });

    const token = await fetch(`${vigo}/auth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ clientId: 'env-client', clientSecret: 'env-secret' }),
    });
    expect(token.status).toBe(200);

    child.kill('SIGINT');
    expect(await exited).toBe(0);
  }, 15_000);
});
