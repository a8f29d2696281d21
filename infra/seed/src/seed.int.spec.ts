// The seed against a real order-api (its own process, on a fresh database of the real PostgreSQL).
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { istanbulDateOf, orderStatuses } from '@orders/domain';
import { createTestDatabase, type TestDatabase } from '@orders/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { subResourceKinds, type SubResourceKind } from './step.ts';
import { runSeed, type SeedResult } from './seed.ts';

const repoRoot = resolve(fileURLToPath(import.meta.url), '../../../..');
const seedCli = resolve(repoRoot, 'infra/seed/src/cli.ts');
const client = { clientId: 'seed-test-client', clientSecret: 'seed-test-secret-0451' };
const userId = '0b6f6a52-3f0e-4f43-9d55-7a1d2a3c4b01';

let database: TestDatabase;
let api: ChildProcess;
let apiLog = '';
let url: string;
let result: SeedResult;

/** The tail of order-api's output, shown when it does not start. */
function keepLog(chunk: Buffer): void {
  apiLog = (apiLog + chunk.toString()).slice(-4_000);
}

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

async function waitReady(deadline: number): Promise<void> {
  let last = 'no answer';
  while (Date.now() < deadline) {
    if (api.exitCode !== null) throw new Error(`order-api exited (${api.exitCode}):\n${apiLog}`);
    try {
      const answer = await fetch(`${url}/ready`, { signal: AbortSignal.timeout(2_000) });
      if (answer.ok) return;
      last = `${answer.status} ${await answer.text()}`;
    } catch (error) {
      last = String(error);
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`order-api not ready (${last}):\n${apiLog}`);
}

/** GET as the seed's client; the envelope's `data`. */
async function read(path: string): Promise<Record<string, unknown>> {
  const answer = await fetch(`${url}${path}`, {
    headers: { 'x-client-id': client.clientId, 'x-client-secret': client.clientSecret, 'x-user-id': userId },
  });
  const body = (await answer.json()) as { data: Record<string, unknown> };
  expect(answer.status, `${path}: ${JSON.stringify(body)}`).toBe(200);
  return body.data;
}

/** Runs `pnpm seed`'s entry against the test's order-api; its exit code and output. */
async function cli(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [seedCli, '--url', url, ...args], {
    env: { PATH: process.env['PATH'] ?? '' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const [code] = (await once(child, 'exit')) as [number | null];
  return { code, stdout, stderr };
}

// Enough orders for variety (the first 14 alone cover every status and step); few enough to
// seed in well under the hook's time on a loaded 2-core machine.
const orderCount = 80;

beforeAll(async () => {
  database = await createTestDatabase();
  url = `http://127.0.0.1:${await freePort()}`;
  api = spawn(process.execPath, [resolve(repoRoot, 'services/order-api/src/server.ts')], {
    env: {
      PATH: process.env['PATH'] ?? '',
      DATABASE_URL: database.url,
      DATABASE_POOL_SIZE: '3',
      HOST: '127.0.0.1',
      PORT: new URL(url).port,
      LOG_LEVEL: 'warn',
      ORDERS_DEMO_CLIENT_ID: client.clientId,
      ORDERS_DEMO_CLIENT_SECRET: client.clientSecret,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  api.stdout!.on('data', keepLog);
  api.stderr!.on('data', keepLog);
  await waitReady(Date.now() + 90_000);
  result = await runSeed({
    url,
    ...client,
    orders: orderCount,
    concurrency: 8,
    seed: 'int-test',
    today: istanbulDateOf(new Date().toISOString()),
    vigo: false,
  });
}, 240_000);

afterAll(async () => {
  if (api && api.exitCode === null) {
    api.kill('SIGTERM');
    await once(api, 'exit');
  }
  await database?.drop();
});

describe('pnpm seed against order-api', () => {
  it('creates every order through every step without a failed request', () => {
    expect(result.failed).toEqual([]);
    expect(result.orders).toHaveLength(orderCount);
    expect(result.orders.filter((o) => !o.complete)).toEqual([]);
    expect(result.requests).toBeGreaterThan(orderCount * 5);
  });

  it('leaves the orders in every status of the domain, each in the status its plan ends in', async () => {
    const seen = new Set<string>();
    for (const order of result.orders) {
      const details = await read(`/v3/orders/${order.orderId}`);
      expect(details['order_status'], order.orderNo).toBe(order.status);
      seen.add(String(details['order_status']));
    }
    expect([...seen].toSorted()).toEqual([...orderStatuses].toSorted());
  });

  it('puts every sub-resource type on some order', async () => {
    const listPath: Record<SubResourceKind, (orderId: string) => Promise<string>> = {
      ...(Object.fromEntries(
        subResourceKinds.map((kind) => [kind, async (id: string) => `/v3/orders/${id}/${kind}`]),
      ) as Record<SubResourceKind, (orderId: string) => Promise<string>>),
      'load-logs': async (id) => {
        const loads = (await read(`/v3/orders/${id}`))['loads'] as { order_load_id: string }[];
        return `/v3/orders/${id}/loads/${loads[0]!.order_load_id}/logs`;
      },
    };
    for (const kind of subResourceKinds) {
      const withKind = result.orders.filter((o) => o.subResources.includes(kind));
      expect(withKind.length, kind).toBeGreaterThan(0);
      for (const order of withKind.slice(0, 3)) {
        const list = await read(await listPath[kind](order.orderId));
        expect((list['data'] as unknown[]).length, `${kind} of ${order.orderNo}`).toBeGreaterThan(0);
      }
    }
  });

  it('writes Turkish names and addresses in İstanbul, Ankara and İzmir', async () => {
    const cityOfPlate: Record<number, string> = { 34: 'İstanbul', 6: 'Ankara', 35: 'İzmir' };
    const cities = new Set<string>();
    const people: { fullname: string; phone: string }[] = [];
    for (const order of result.orders.slice(0, 60)) {
      const routes = (await read(`/v3/orders/${order.orderId}`))['routes'] as {
        address: { city_id: number; full_address: string };
        person?: { fullname: string; phone: string };
      }[];
      for (const route of routes) {
        const city = cityOfPlate[route.address.city_id];
        expect(city, JSON.stringify(route.address)).toBeDefined();
        expect(route.address.full_address.endsWith(`/${city}`)).toBe(true);
        cities.add(city!);
        if (route.person) people.push(route.person);
      }
    }
    expect(cities).toEqual(new Set(['İstanbul', 'Ankara', 'İzmir']));
    expect(people.length).toBeGreaterThan(60);
    expect(people.filter((p) => !/^\+905\d{9}$/.test(p.phone))).toEqual([]);
    const names = people.map((p) => p.fullname);
    expect(names.every((n) => /^[A-Za-zÇĞİÖŞÜçğıöşü]+( [A-Za-zÇĞİÖŞÜçğıöşü]+)+$/.test(n))).toBe(true);
    // Turkish letters, not an ASCII approximation of them.
    expect(names.filter((n) => /[çğıöşüÇĞİÖŞÜ]/.test(n)).length).toBeGreaterThan(names.length / 3);
  });

  it('runs as a command: a plain progress line per 10 % on a pipe, a summary, exit code 0', async () => {
    const run = await cli([
      '--orders',
      '20',
      '--concurrency',
      '4',
      '--seed',
      'cli',
      '--client-id',
      client.clientId,
      '--client-secret',
      client.clientSecret,
    ]);
    expect(run.stderr).toContain('seed: 20/20 orders  100%');
    expect(run.stderr.match(/^seed: /gm)).toHaveLength(10);
    expect(run.stdout).toContain('Seeded 20 of 20 orders (20 through every step)');
    expect(run.code).toBe(0);
  });

  it('counts failed requests by route and status, shows the first answer, and exits 1', async () => {
    const run = await cli([
      '--orders',
      '5',
      '--client-id',
      client.clientId,
      '--client-secret',
      'not-the-secret-1',
    ]);
    expect(run.stderr).toMatch(/5 requests failed/);
    expect(run.stderr).toMatch(/ {5}5 × 401 {5}POST \/v3\/orders/);
    expect(run.stderr).toContain('first answer: {"success":false');
    expect(run.stdout).toContain('Seeded 0 of 5 orders');
    expect(run.code).toBe(1);
  });
});
