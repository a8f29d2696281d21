import http from 'node:http';
import https from 'node:https';

/** A request failed before an answer came: no connection, reset, or no answer within the time allowed. */
export class HttpFailure extends Error {
  override readonly name = 'HttpFailure';
  readonly kind: 'timeout' | 'network';
  constructor(kind: 'timeout' | 'network', message: string) {
    super(message);
    this.kind = kind;
  }
}

export interface HttpAnswer {
  status: number;
  headers: http.IncomingHttpHeaders;
  text: string;
}

export interface HttpRequest {
  method: string;
  url: URL;
  headers: Record<string, string>;
  body?: string;
  timeoutMs: number;
}

/**
 * One HTTP exchange over a keep-alive connection pool (node:http). Chosen over `fetch`
 * for the hot path: at hundreds of calls a second fetch's streams, abort signals and
 * DOMExceptions cost several times the CPU of a plain request.
 */
export function createHttp(options: { maxSockets?: number } = {}) {
  // As many idle connections kept as may be open: with fewer, every burst above that count
  // closes its extra connections after the answer and opens new ones for the next (a TCP
  // handshake on both sides per call).
  const maxSockets = options.maxSockets ?? 64;
  const agentOptions = { keepAlive: true, maxSockets, maxFreeSockets: maxSockets };
  const agents = { 'http:': new http.Agent(agentOptions), 'https:': new https.Agent(agentOptions) };

  function send(request: HttpRequest): Promise<HttpAnswer> {
    const transport = request.url.protocol === 'https:' ? https : http;
    const headers: Record<string, string | number> = { ...request.headers };
    if (request.body !== undefined) headers['content-length'] = Buffer.byteLength(request.body);
    return new Promise((resolve, reject) => {
      let settled = false;
      const fail = (error: HttpFailure) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        reject(error);
      };
      const req = transport.request(
        request.url,
        { method: request.method, headers, agent: agents[request.url.protocol as 'http:' | 'https:'] },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (chunk: Buffer) => chunks.push(chunk));
          res.on('error', (error) => fail(new HttpFailure('network', error.message)));
          res.on('end', () => {
            if (settled) return;
            settled = true;
            clearTimeout(timer);
            resolve({
              status: res.statusCode ?? 0,
              headers: res.headers,
              text: Buffer.concat(chunks).toString('utf8'),
            });
          });
        },
      );
      const timer = setTimeout(() => {
        fail(new HttpFailure('timeout', `no answer within ${request.timeoutMs} ms`));
        req.destroy();
      }, request.timeoutMs);
      req.on('error', (error) => fail(new HttpFailure('network', error.message)));
      req.end(request.body);
    });
  }

  return {
    send,
    /** Closes the idle keep-alive connections. */
    close() {
      agents['http:'].destroy();
      agents['https:'].destroy();
    },
  };
}

export type Http = ReturnType<typeof createHttp>;
