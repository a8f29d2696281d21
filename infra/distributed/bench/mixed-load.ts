// A closed-loop HTTP load of a fixed number of keep-alive connections: each connection sends
// one request, waits for the whole answer, and sends the next one the generator gives it.
// Latency is measured from the request's start to the answer's last byte, per route.
import { Agent, request } from 'node:http';
import { performance } from 'node:perf_hooks';

/** One request of the mix. `route` names it in the results (`GET /v3/orders/:order_id`). */
export interface Operation {
  route: string;
  method: 'GET' | 'POST' | 'PUT';
  path: string;
  body?: unknown;
  headers?: Record<string, string>;
  /** Told about a 2xx answer (the parsed JSON body), e.g. to remember a created order. */
  onSuccess?: (body: unknown) => void;
}

export interface RouteResult {
  route: string;
  requests: number;
  /** Answers that were not 2xx, by status (`0`: no answer). */
  failures: Record<string, number>;
  /** First failing answer of the route (truncated), to say why. */
  firstFailure?: string;
  /** Milliseconds, one per request (failures included). */
  latencies: number[];
}

export interface LoadResult {
  durationMs: number;
  /** Requests measured (after the warm-up). */
  requests: number;
  /** Every request sent, warm-up included. */
  sent: number;
  routes: Map<string, RouteResult>;
}

export interface LoadOptions {
  /** Base URLs; connection `i` always talks to `bases[i % bases.length]`, as a balancer pinning connections would. */
  bases: readonly string[];
  connections: number;
  durationMs: number;
  /** Headers of every request (credentials). */
  headers: Record<string, string>;
  /** The next request of connection `connection`. */
  next: (connection: number) => Operation;
  /** Stop measuring (requests still run) until this many ms have passed: warm-up. */
  warmupMs?: number;
}

interface Answer {
  status: number;
  text: string;
}

function send(
  agent: Agent,
  base: URL,
  operation: Operation,
  headers: Record<string, string>,
): Promise<Answer> {
  const payload = operation.body === undefined ? undefined : JSON.stringify(operation.body);
  return new Promise((resolve) => {
    const req = request(
      {
        agent,
        host: base.hostname,
        port: base.port,
        method: operation.method,
        path: operation.path,
        headers: {
          ...headers,
          ...operation.headers,
          ...(payload === undefined
            ? {}
            : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) }),
        },
        timeout: 30_000,
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, text: Buffer.concat(chunks).toString('utf8') }),
        );
        res.on('error', (error) => resolve({ status: 0, text: error.message }));
      },
    );
    req.on('timeout', () => req.destroy(new Error('timed out after 30 s')));
    req.on('error', (error) => resolve({ status: 0, text: error.message }));
    req.end(payload);
  });
}

/** Runs the load for `durationMs` (after `warmupMs`) and returns what every route did. */
export async function runMixedLoad(options: LoadOptions): Promise<LoadResult> {
  const bases = options.bases.map((b) => new URL(b));
  const perBase = Math.ceil(options.connections / bases.length);
  const agents = bases.map(
    () => new Agent({ keepAlive: true, maxSockets: perBase, maxFreeSockets: perBase }),
  );
  const routes = new Map<string, RouteResult>();
  const warmupMs = options.warmupMs ?? 0;
  const begin = performance.now();
  const measureFrom = begin + warmupMs;
  const end = measureFrom + options.durationMs;
  let requests = 0;
  let sent = 0;

  const record = (operation: Operation, status: number, ms: number, text: string) => {
    let route = routes.get(operation.route);
    if (!route) {
      route = { route: operation.route, requests: 0, failures: {}, latencies: [] };
      routes.set(operation.route, route);
    }
    route.requests += 1;
    route.latencies.push(ms);
    if (status < 200 || status >= 300) {
      route.failures[String(status)] = (route.failures[String(status)] ?? 0) + 1;
      route.firstFailure ??= `${status} ${operation.method} ${operation.path}: ${text.slice(0, 300)}`;
    }
  };

  async function connection(index: number): Promise<void> {
    const base = bases[index % bases.length]!;
    const agent = agents[index % bases.length]!;
    while (performance.now() < end) {
      const operation = options.next(index);
      const started = performance.now();
      const answer = await send(agent, base, operation, options.headers);
      const finished = performance.now();
      sent += 1;
      if (answer.status >= 200 && answer.status < 300 && operation.onSuccess) {
        try {
          operation.onSuccess(answer.text ? (JSON.parse(answer.text) as unknown) : null);
        } catch {
          // not JSON: nothing to remember
        }
      }
      if (started >= measureFrom && finished <= end) {
        requests += 1;
        record(operation, answer.status, finished - started, answer.text);
      }
    }
  }

  await Promise.all(Array.from({ length: options.connections }, (_, i) => connection(i)));
  for (const agent of agents) agent.destroy();
  return { durationMs: Math.min(performance.now(), end) - measureFrom, requests, sent, routes };
}
