import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { buildSandbox, type Sandbox, type SandboxConfig } from '../app.ts';

export interface ReceivedCallback {
  headers: IncomingHttpHeaders;
  body: unknown;
  /** The status the receiver answered with. */
  status: number;
}

export interface CallbackReceiver {
  url: string;
  received: ReceivedCallback[];
  /** Answer the next `n` callbacks with `status` instead of 200. */
  failNext(n: number, status?: number): void;
  /** Resolves once `predicate` holds for the received callbacks; rejects after `timeoutMs`. */
  waitFor(predicate: (received: ReceivedCallback[]) => boolean, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

/** A real HTTP server that records every POST it gets, as our connector's callback route would. */
export async function startCallbackReceiver(): Promise<CallbackReceiver> {
  const received: ReceivedCallback[] = [];
  let failures = 0;
  let failureStatus = 500;
  let listeners: (() => void)[] = [];
  const server: Server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8');
      let status = 200;
      if (failures > 0) {
        failures -= 1;
        status = failureStatus;
      }
      received.push({ headers: request.headers, body: text === '' ? undefined : JSON.parse(text), status });
      response.writeHead(status, { 'content-type': 'application/json' }).end('{}');
      for (const listener of listeners) listener();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}/vigo/callbacks`,
    received,
    failNext(n, status = 500) {
      failures = n;
      failureStatus = status;
    },
    waitFor(predicate, timeoutMs = 3_000) {
      if (predicate(received)) return Promise.resolve();
      return new Promise((resolve, reject) => {
        const check = () => {
          if (!predicate(received)) return;
          clearTimeout(timer);
          listeners = listeners.filter((l) => l !== check);
          resolve();
        };
        const timer = setTimeout(() => {
          listeners = listeners.filter((l) => l !== check);
          reject(new Error(`callbacks not as expected after ${timeoutMs} ms: ${JSON.stringify(received)}`));
        }, timeoutMs);
        listeners.push(check);
      });
    },
    close() {
      server.closeAllConnections();
      return new Promise((resolve) => server.close(() => resolve()));
    },
  };
}

export interface RunningSandbox extends Sandbox {
  /** `http://127.0.0.1:PORT` */
  origin: string;
  /** `origin` + the base path: where the Vigo endpoints are. */
  vigo: string;
  /** A fresh token from the sandbox's own token call. */
  token(): Promise<string>;
  /** A call to a Vigo endpoint with a token (a fresh one unless given). */
  call(method: string, path: string, options?: { body?: unknown; token?: string | null }): Promise<Response>;
  /** A call to a `/_sandbox` control endpoint. */
  control(method: string, path: string, body?: unknown): Promise<Response>;
  close(): Promise<void>;
}

/** Test settings: fast steps and retries, credentials known to the tests. */
export const testCredentials = { clientId: 'test-client', clientSecret: 'test-secret' } as const;

function send(url: string, method: string, body: unknown, headers: Record<string, string>) {
  return fetch(url, {
    method,
    headers: body === undefined ? headers : { ...headers, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

/** The sandbox listening on a random port, with helpers to call it over real HTTP. */
export async function startSandbox(config: SandboxConfig = {}): Promise<RunningSandbox> {
  const sandbox = await buildSandbox({
    ...testCredentials,
    stepIntervalMs: 5,
    callbackRetryDelayMs: 5,
    callbackTimeoutMs: 1_000,
    ...config,
  });
  await sandbox.app.listen({ host: '127.0.0.1', port: 0 });
  const { port } = sandbox.app.server.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;
  const vigo = `${origin}${sandbox.settings.basePath}`;

  const token = async () => {
    const response = await fetch(`${vigo}/auth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(testCredentials),
    });
    if (response.status !== 200) throw new Error(`token call answered ${response.status}`);
    return ((await response.json()) as { token: string }).token;
  };

  return {
    ...sandbox,
    origin,
    vigo,
    token,
    async call(method, path, options = {}) {
      const given = options.token;
      const headers: Record<string, string> = {};
      if (given !== null) headers['x-auth-token'] = given ?? (await token());
      return send(`${vigo}${path}`, method, options.body, headers);
    },
    control: (method, path, body) => send(`${origin}/_sandbox${path}`, method, body, {}),
    close: () => sandbox.app.close(),
  };
}
