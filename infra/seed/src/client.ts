// order-api over HTTP as the seed uses it: "ClientSecret + User" headers, JSON bodies, and the
// retries that are safe (rate limit, overload, and connection errors of idempotent methods).
import { setTimeout as sleep } from 'node:timers/promises';
import type { Method } from './step.ts';

export interface ClientCredentials {
  clientId: string;
  clientSecret: string;
}

/** One answer: its status and parsed JSON body (or the text when it is not JSON). */
export interface Answer {
  status: number;
  body: unknown;
  text: string;
  /** Seconds from a `retry-after` header (429, 503). */
  retryAfter?: number;
}

/** What happened to one request that did not end in a 2xx answer, for the report. */
export interface Problem {
  route: string;
  /** The HTTP status; `network` when no answer came; `unresolved` when a path id was never learnt. */
  status: number | 'network' | 'unresolved';
  text: string;
}

export interface RequestOptions {
  method: Method;
  path: string;
  route: string;
  body?: unknown;
  userId: string;
  /** Called for every non-2xx answer, also for ones that are retried. */
  onProblem(problem: Problem, willRetry: boolean): void;
}

const maxAttempts = 8;
const requestTimeoutMs = 30_000;

export class ApiClient {
  readonly #baseUrl: string;
  readonly #credentials: ClientCredentials;

  constructor(baseUrl: string, credentials: ClientCredentials) {
    this.#baseUrl = baseUrl.replace(/\/+$/, '');
    this.#credentials = credentials;
  }

  /**
   * Sends one request. 429 and 503 are retried after `retry-after` (or a growing pause);
   * a connection error is retried only for GET and PUT, which the API applies at most once
   * (a repeated PUT changes nothing). Returns the last answer, or null when none came.
   */
  async send(options: RequestOptions): Promise<Answer | null> {
    for (let attempt = 1; ; attempt += 1) {
      let answer: Answer;
      try {
        answer = await this.#once(options);
      } catch (error) {
        const retry = (options.method === 'GET' || options.method === 'PUT') && attempt < 3;
        const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
        options.onProblem({ route: options.route, status: 'network', text }, retry);
        if (!retry) return null;
        await sleep(250 * attempt);
        continue;
      }
      if (answer.status >= 200 && answer.status < 300) return answer;
      const retry = (answer.status === 429 || answer.status === 503) && attempt < maxAttempts;
      options.onProblem({ route: options.route, status: answer.status, text: answer.text }, retry);
      if (!retry) return answer;
      await sleep(retryDelayMs(answer, attempt));
    }
  }

  async #once(options: RequestOptions): Promise<Answer> {
    const headers: Record<string, string> = {
      accept: 'application/json',
      'x-client-id': this.#credentials.clientId,
      'x-client-secret': this.#credentials.clientSecret,
      'x-user-id': options.userId,
    };
    if (options.body !== undefined) headers['content-type'] = 'application/json';
    const response = await fetch(`${this.#baseUrl}${options.path}`, {
      method: options.method,
      headers,
      ...(options.body !== undefined ? { body: JSON.stringify(options.body) } : {}),
      signal: AbortSignal.timeout(requestTimeoutMs),
    });
    const text = await response.text();
    let body: unknown = text;
    try {
      body = text === '' ? null : JSON.parse(text);
    } catch {
      // not JSON: kept as text
    }
    const retryAfter = Number(response.headers.get('retry-after') ?? '');
    return { status: response.status, body, text, ...(retryAfter > 0 ? { retryAfter } : {}) };
  }
}

function retryDelayMs(answer: Answer, attempt: number): number {
  if (answer.retryAfter !== undefined) return Math.min(answer.retryAfter, 30) * 1_000;
  return Math.min(200 * 2 ** attempt, 5_000);
}
