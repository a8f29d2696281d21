import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort, ManagedProcess, type ExitStatus, type ProcessSpec } from './process.ts';

// A stand-in service: answers /ready with 503 until READY_AFTER_MS has passed, then 200; exits
// by itself after EXIT_AFTER_MS when asked; exits 0 on SIGTERM as the services do.
const fixture = `
import { createServer } from 'node:http';
const started = Date.now();
const readyAfter = Number(process.env.READY_AFTER_MS ?? 0);
if (process.env.EXIT_AT_ONCE) { console.log(JSON.stringify({ msg: 'cannot start' })); process.exit(3); }
const server = createServer((req, res) => {
  res.statusCode = req.url === '/ready' && Date.now() - started >= readyAfter ? 200 : 503;
  res.end();
});
server.listen(Number(process.env.PORT), '127.0.0.1', () => console.log(JSON.stringify({ msg: 'listening', pid: process.pid })));
if (process.env.EXIT_AFTER_MS) setTimeout(() => process.exit(7), Number(process.env.EXIT_AFTER_MS));
process.on('SIGTERM', () => server.close(() => process.exit(0)));
`;

describe('a managed process', () => {
  const dir = mkdtempSync(join(tmpdir(), 'orders-managed-process-'));
  const entry = join(dir, 'service.mjs');
  writeFileSync(entry, fixture);
  const started: ManagedProcess[] = [];
  afterAll(() => {
    for (const p of started) p.killNow();
    rmSync(dir, { recursive: true, force: true });
  });

  async function managed(name: string, env: Record<string, string> = {}) {
    const port = await freePort();
    const crashes: ExitStatus[] = [];
    const spec: ProcessSpec = {
      name,
      entry,
      env: { PORT: String(port), ...env },
      readyUrl: `http://127.0.0.1:${port}/ready`,
      logFile: join(dir, 'logs', `${name}.log`),
    };
    const service = new ManagedProcess(spec, (_p, status) => crashes.push(status));
    started.push(service);
    return { process: service, crashes, spec };
  }

  it('starts, waits until /ready answers 200, and writes the output to its log file', async () => {
    const { process: p, spec } = await managed('slow-to-ready', { READY_AFTER_MS: '600' });
    const before = Date.now();
    await p.start(10_000);
    expect(Date.now() - before).toBeGreaterThanOrEqual(500);
    expect(p.running).toBe(true);
    expect((await fetch(spec.readyUrl)).status).toBe(200);
    const lines = readFileSync(spec.logFile, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines[0]).toMatchObject({ launcher: 'start', service: 'slow-to-ready' });
    expect(lines[1]).toMatchObject({ msg: 'listening', pid: p.pid });
    expect(await p.stop()).toEqual({ code: 0, signal: null });
    expect(p.running).toBe(false);
  });

  it('fails to start when the process exits first, with its exit and its last log lines', async () => {
    const { process: p } = await managed('broken', { EXIT_AT_ONCE: '1' });
    await expect(p.start(10_000)).rejects.toThrow(
      /broken exited before it was ready \(exit code 3\)[\s\S]*cannot start/,
    );
  });

  it('is killed with SIGKILL without counting as a crash, and starts again with the same settings', async () => {
    const { process: p, crashes, spec } = await managed('killed');
    await p.start(10_000);
    const firstPid = p.pid;
    expect(await p.kill()).toEqual({ code: null, signal: 'SIGKILL' });
    expect(p.pid).toBeNull();
    await p.start(10_000);
    expect(p.pid).not.toBe(firstPid);
    expect(crashes).toEqual([]);
    const starts = readFileSync(spec.logFile, 'utf8')
      .split('\n')
      .filter((l) => l.includes('"launcher":"start"'));
    expect(starts).toHaveLength(2);
    await p.stop();
  });

  it('reports an exit it did not ask for', async () => {
    const { process: p, crashes } = await managed('crashing', { EXIT_AFTER_MS: '300' });
    await p.start(10_000);
    expect(await p.exited).toEqual({ code: 7, signal: null });
    expect(crashes).toEqual([{ code: 7, signal: null }]);
  });
});
