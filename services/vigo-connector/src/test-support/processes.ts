import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The repository root (services/vigo-connector/src/test-support → four levels up). */
export const repoRoot = resolve(fileURLToPath(import.meta.url), '../../../../..');

export interface RunningProcess {
  name: string;
  pid: number;
  /** The JSON log lines the process wrote so far. */
  logs: Record<string, unknown>[];
  /** Resolves with the exit code (or signal name) when the process ends. */
  exited: Promise<string>;
  /** SIGTERM, and wait for the exit (SIGKILL after 10 s). */
  stop(): Promise<void>;
  kill(signal: NodeJS.Signals): void;
}

/** A port that was free a moment ago (for a process that must be reachable at a known URL). */
export async function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => done(port));
    });
  });
}

/**
 * Starts `node <entry>` with `env` and resolves once a JSON log line satisfies `ready`
 * (whose value is returned beside the handle). Rejects when the process exits first or
 * `timeoutMs` passes, with its last log lines.
 */
export async function startNode<T>(
  name: string,
  entry: string,
  env: Record<string, string>,
  ready: (line: Record<string, unknown>) => T | undefined,
  timeoutMs = 30_000,
  probe?: () => Promise<T | undefined>,
): Promise<{ process: RunningProcess; ready: T }> {
  const child: ChildProcess = spawn(process.execPath, [resolve(repoRoot, entry)], {
    env: { PATH: process.env['PATH'] ?? '', HOME: process.env['HOME'] ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const logs: Record<string, unknown>[] = [];
  const errors: string[] = [];
  let exitCode: string | null = null;
  const exited = new Promise<string>((done) =>
    child.once('exit', (code, signal) => {
      exitCode = signal ?? String(code);
      done(exitCode);
    }),
  );
  let resolveReady: ((value: T) => void) | null = null;
  const readyValue = new Promise<T>((done) => {
    resolveReady = done;
  });
  let buffer = '';
  child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
    buffer += chunk;
    let newline: number;
    while ((newline = buffer.indexOf('\n')) >= 0) {
      const text = buffer.slice(0, newline);
      buffer = buffer.slice(newline + 1);
      let line: Record<string, unknown>;
      try {
        line = JSON.parse(text) as Record<string, unknown>;
      } catch {
        line = { msg: text };
      }
      logs.push(line);
      const value = resolveReady ? ready(line) : undefined;
      if (value !== undefined && resolveReady) {
        resolveReady(value);
        resolveReady = null;
      }
    }
  });
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => errors.push(chunk));

  const handle: RunningProcess = {
    name,
    pid: child.pid!,
    logs,
    exited,
    kill: (signal) => void child.kill(signal),
    async stop() {
      if (exitCode !== null) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    },
  };
  const timeout = new Promise<never>((_, fail) =>
    setTimeout(() => fail(new Error(`${name} did not start within ${timeoutMs} ms`)), timeoutMs).unref(),
  );
  const early = exited.then((code) => {
    throw new Error(
      `${name} exited (${code}) before it was ready:\n${errors.join('').slice(-3000)}\n${logs
        .slice(-10)
        .map((l) => JSON.stringify(l))
        .join('\n')}`,
    );
  });
  let probing = probe !== undefined;
  const probed = new Promise<T>((done) => {
    const poll = async () => {
      if (!probing) return;
      const value = await probe!().catch(() => undefined);
      if (value !== undefined) return done(value);
      setTimeout(() => void poll(), 100);
    };
    void poll();
  });
  try {
    const value = await Promise.race([readyValue, probed, early, timeout]);
    probing = false;
    return { process: handle, ready: value };
  } catch (error) {
    probing = false;
    child.kill('SIGKILL');
    throw error;
  }
}

/** The Vigo sandbox (infra/vigo-sandbox) as its own process on a free port. */
export async function startSandbox(env: Record<string, string> = {}) {
  const { process: proc, ready } = await startNode(
    'vigo-sandbox',
    'infra/vigo-sandbox/src/server.ts',
    { PORT: '0', LOG_LEVEL: 'info', ...env },
    (line) =>
      typeof line['vigo'] === 'string'
        ? { vigo: line['vigo'], control: line['control'] as string }
        : undefined,
  );
  return { process: proc, baseUrl: ready.vigo, controlUrl: ready.control };
}

/**
 * order-api (services/order-api) as its own process, migrating its database at start. On
 * port 0 its listening line (info) gives the URL; with LOG_LEVEL above info, give it a
 * PORT and `/health` is polled instead.
 */
export async function startOrderApi(databaseUrl: string, env: Record<string, string> = {}) {
  const settings = {
    DATABASE_URL: databaseUrl,
    PORT: '0',
    HOST: '127.0.0.1',
    LOG_LEVEL: 'info',
    MIGRATE_ON_START: 'true',
    DATABASE_POOL_SIZE: '5',
    ...env,
  };
  const fixed = settings.PORT !== '0' ? `http://127.0.0.1:${settings.PORT}` : null;
  const { process: proc, ready } = await startNode(
    'order-api',
    'services/order-api/src/server.ts',
    settings,
    (line) => {
      const match = /Server listening at (http:\/\/[^\s]+)/.exec(String(line['msg'] ?? ''));
      return match?.[1];
    },
    30_000,
    fixed
      ? async () =>
          (await fetch(`${fixed}/health`).then(
            (r) => r.ok,
            () => false,
          ))
            ? fixed
            : undefined
      : undefined,
  );
  return { process: proc, url: ready };
}

/** A new order-api client of `tenant`, made with order-api's own CLI (as an operator would). */
export async function createOrderApiClient(
  databaseUrl: string,
  tenant: string,
): Promise<{ clientId: string; clientSecret: string }> {
  const child = spawn(
    process.execPath,
    [
      resolve(repoRoot, 'services/order-api/src/cli.ts'),
      'clients',
      'create',
      '--tenant',
      tenant,
      '--name',
      'vigo-connector',
    ],
    {
      env: { PATH: process.env['PATH'] ?? '', DATABASE_URL: databaseUrl },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let out = '';
  let err = '';
  child.stdout.setEncoding('utf8').on('data', (c: string) => (out += c));
  child.stderr.setEncoding('utf8').on('data', (c: string) => (err += c));
  const code = await new Promise<number | null>((done) => child.once('exit', done));
  const clientId = /x-client-id:\s+(\S+)/.exec(out)?.[1];
  const clientSecret = /x-client-secret:\s+(\S+)/.exec(out)?.[1];
  if (code !== 0 || !clientId || !clientSecret)
    throw new Error(`clients create failed (${code}): ${err}${out}`);
  return { clientId, clientSecret };
}
