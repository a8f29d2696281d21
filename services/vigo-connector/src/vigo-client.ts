import {
  authTokenHeader,
  createOrderAnswerSchema,
  errorAnswerSchema,
  getOrderAnswerSchema,
  pickupPointAnswerSchema,
  pickupPointPath,
  registerPickupPointAnswerSchema,
  successAnswerSchema,
  tokenAnswerSchema,
  tokenPath,
  type CreateOrderAnswer,
  type CreateOrderBody,
  type GetOrderAnswer,
  type PickupPointAnswer,
  type RegisterPickupPointAnswer,
  type RegisterPickupPointBody,
  type SuccessAnswer,
} from '@orders/contracts/vigo';
import type { z } from 'zod';
import { createHttp, HttpFailure, type Http } from './http.ts';
import { backoffDelay, sleep, type BackoffPolicy } from './vigo/backoff.ts';
import { CircuitOpenError, createCircuitBreaker, type CircuitState } from './vigo/circuit-breaker.ts';
import { VigoPermanentError, VigoTransientError } from './vigo/errors.ts';

export { CircuitOpenError } from './vigo/circuit-breaker.ts';
export { VigoPermanentError, VigoTransientError } from './vigo/errors.ts';

/** A Vigo order named by exactly one of its ids, as `GET /order`, cancel and prepared require. */
export type VigoOrderRef = { id: string; orderNumber?: never } | { orderNumber: string; id?: never };

export type VigoOperation =
  | 'POST /auth/token'
  | 'POST /order'
  | 'GET /order'
  | 'PUT /order/cancel'
  | 'PUT /order/prepared'
  | 'POST /pickup-point'
  | 'GET /pickup-point';

/** What the client reports for metrics: every HTTP attempt, token refreshes, circuit changes. */
export interface VigoClientObserver {
  onAttempt?(operation: VigoOperation, outcome: string, seconds: number): void;
  onTokenRefresh?(): void;
  onCircuitState?(state: CircuitState): void;
}

export interface VigoClientOptions {
  /** Including the base path, e.g. `http://127.0.0.1:4010/api/v2`. */
  baseUrl: string;
  clientId: string;
  clientSecret: string;
  timeoutMs: number;
  /** Attempts in all for one call on 5xx, 429, timeouts and network errors. */
  maxAttempts: number;
  backoff: BackoffPolicy;
  breaker: { threshold: number; cooldownMs: number };
  /** Refresh a token this long before it expires (at most a fifth of its lifetime). */
  tokenRefreshMarginMs: number;
  observer?: VigoClientObserver;
  now?: () => number;
  /** The connection pool to use (one is made when not given). */
  http?: Http;
}

export interface VigoClient {
  /** `POST /order`, one attempt: a create is never re-sent blindly (the caller reconciles by orderNumber). 409 → `{ conflict }`. */
  createOrder(body: CreateOrderBody): Promise<{ created: CreateOrderAnswer } | { conflict: string }>;
  /** `GET /order?id=` or `?orderNumber=`; null when Vigo does not know the order. */
  getOrder(ref: VigoOrderRef): Promise<GetOrderAnswer | null>;
  cancelOrder(ref: VigoOrderRef, cancelText: string): Promise<SuccessAnswer>;
  markPrepared(ref: VigoOrderRef): Promise<SuccessAnswer>;
  registerPickupPoint(
    body: RegisterPickupPointBody,
  ): Promise<{ registered: RegisterPickupPointAnswer } | { conflict: string }>;
  getPickupPoint(ref: { id: string } | { externalId: string }): Promise<PickupPointAnswer | null>;
  circuitState(): CircuitState;
  /** Fetches the token now if none is held (before the first events, so they do not all wait for it). */
  warmUp(): Promise<void>;
  /** Closes its idle connections. */
  close(): void;
}

interface CallSpec<T> {
  operation: VigoOperation;
  method: 'GET' | 'POST' | 'PUT';
  path: string;
  query?: Record<string, string>;
  body?: unknown;
  schema: z.ZodType<T>;
  /** false: one attempt only (POST /order). */
  retry: boolean;
  /** Statuses answered as a value instead of an error. */
  expected?: readonly number[];
}

type CallResult<T> = { status: 200; value: T } | { status: number; message: string };

function refQuery(ref: VigoOrderRef): Record<string, string> {
  // Exactly one of the two: Vigo forbids sending both.
  return ref.id !== undefined ? { id: ref.id } : { orderNumber: ref.orderNumber };
}

function parseJson(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

function messageOf(body: unknown): string {
  const parsed = errorAnswerSchema.safeParse(body);
  if (parsed.success) return parsed.data.message;
  return typeof body === 'string' ? body.slice(0, 200) : 'no message';
}

const valueOf = <T>(result: CallResult<T>): T => {
  if ('value' in result) return result.value;
  throw new Error(`unexpected status ${result.status}`);
};

/**
 * The Vigo API over HTTP with `x-auth-token`: the token fetched once, cached, refreshed
 * before it expires and on a 401 (one refresh in flight at a time); every answer validated
 * with the contracts' zod schemas; 5xx, 429, timeouts and network errors retried with
 * exponential backoff and jitter behind a circuit breaker; other 4xx thrown as
 * {@link VigoPermanentError}.
 */
export function createVigoClient(options: VigoClientOptions): VigoClient {
  const now = options.now ?? Date.now;
  const base = options.baseUrl.replace(/\/+$/, '');
  const observer = options.observer ?? {};
  const http = options.http ?? createHttp();
  const breaker = createCircuitBreaker({
    ...options.breaker,
    now,
    ...(observer.onCircuitState ? { onStateChange: observer.onCircuitState } : {}),
  });

  let token: { value: string; refreshAt: number } | null = null;
  let refreshing: Promise<string> | null = null;

  async function attempt(
    spec: CallSpec<unknown>,
    authToken: string | null,
  ): Promise<{ status: number; body: unknown } | { error: 'timeout' | 'network'; message: string }> {
    const url = new URL(base + spec.path);
    for (const [k, v] of Object.entries(spec.query ?? {})) url.searchParams.set(k, v);
    const headers: Record<string, string> = { accept: 'application/json' };
    if (spec.body !== undefined) headers['content-type'] = 'application/json';
    if (authToken !== null) headers[authTokenHeader] = authToken;
    const started = performance.now();
    try {
      const answer = await http.send({
        method: spec.method,
        url,
        headers,
        ...(spec.body !== undefined ? { body: JSON.stringify(spec.body) } : {}),
        timeoutMs: options.timeoutMs,
      });
      observer.onAttempt?.(spec.operation, String(answer.status), (performance.now() - started) / 1000);
      return { status: answer.status, body: parseJson(answer.text) };
    } catch (error) {
      const kind = error instanceof HttpFailure ? error.kind : 'network';
      observer.onAttempt?.(spec.operation, kind, (performance.now() - started) / 1000);
      return { error: kind, message: (error as Error).message };
    }
  }

  /** Runs one call: breaker, retries, and (unless it is the token call) the token. */
  async function call<T>(spec: CallSpec<T>, auth: boolean): Promise<CallResult<T>> {
    const maxAttempts = spec.retry ? options.maxAttempts : 1;
    let refreshedAfter401 = false;
    for (let n = 1; ; n += 1) {
      // The token first: its own call goes through the breaker, and would otherwise find
      // the half-open trial already taken by this very call.
      const used = auth ? await currentToken() : null;
      breaker.beforeCall();
      const result = await attempt(spec as CallSpec<unknown>, used);
      let failure: VigoTransientError;
      if ('error' in result) {
        breaker.failure();
        failure = new VigoTransientError(spec.operation, result.error, result.message);
      } else if (result.status === 401 && auth && !refreshedAfter401) {
        // The token expired or was revoked early: drop it, fetch another once, try again.
        breaker.success();
        if (token?.value === used) token = null;
        refreshedAfter401 = true;
        n -= 1;
        continue;
      } else if (result.status >= 500 || result.status === 429) {
        breaker.failure();
        failure = new VigoTransientError(
          spec.operation,
          'status',
          `Vigo answered ${result.status}: ${messageOf(result.body)}`,
          result.status,
        );
      } else if (result.status >= 200 && result.status < 300) {
        breaker.success();
        const parsed = spec.schema.safeParse(result.body);
        if (!parsed.success) {
          throw new VigoTransientError(
            spec.operation,
            'invalid-answer',
            `answer does not match the contract: ${parsed.error.issues
              .map((i) => `${i.path.join('.')}: ${i.message}`)
              .join('; ')}`,
            result.status,
          );
        }
        return { status: 200, value: parsed.data };
      } else {
        breaker.success();
        if (spec.expected?.includes(result.status)) {
          return { status: result.status, message: messageOf(result.body) };
        }
        if (result.status === 401) {
          throw new VigoTransientError(
            spec.operation,
            'unauthorized',
            'Vigo refused a fresh token (401)',
            401,
          );
        }
        throw new VigoPermanentError(spec.operation, result.status, messageOf(result.body));
      }
      if (n >= maxAttempts) throw failure;
      await sleep(backoffDelay(options.backoff, n));
    }
  }

  async function fetchToken(): Promise<string> {
    const fetchedAt = now();
    const result = await call(
      {
        operation: 'POST /auth/token',
        method: 'POST',
        path: tokenPath,
        body: { clientId: options.clientId, clientSecret: options.clientSecret },
        schema: tokenAnswerSchema,
        retry: true,
      },
      false,
    );
    if (result.status !== 200 || !('value' in result)) throw new Error('unreachable');
    const expiresAt = Date.parse(result.value.expiresAt);
    const lifetime = Math.max(0, expiresAt - fetchedAt);
    const margin = Math.min(options.tokenRefreshMarginMs, lifetime / 5);
    token = { value: result.value.token, refreshAt: expiresAt - margin };
    observer.onTokenRefresh?.();
    return result.value.token;
  }

  async function currentToken(): Promise<string> {
    if (token && now() < token.refreshAt) return token.value;
    // One refresh in flight: concurrent callers wait for the same one.
    refreshing ??= fetchToken().finally(() => {
      refreshing = null;
    });
    return refreshing;
  }

  return {
    async warmUp() {
      await currentToken();
    },
    async createOrder(body) {
      const result = await call(
        {
          operation: 'POST /order',
          method: 'POST',
          path: '/order',
          body,
          schema: createOrderAnswerSchema,
          retry: false,
          expected: [409],
        },
        true,
      );
      return 'value' in result ? { created: result.value } : { conflict: result.message };
    },
    async getOrder(ref) {
      const result = await call(
        {
          operation: 'GET /order',
          method: 'GET',
          path: '/order',
          query: refQuery(ref),
          schema: getOrderAnswerSchema,
          retry: true,
          expected: [404],
        },
        true,
      );
      return 'value' in result ? result.value : null;
    },
    async cancelOrder(ref, cancelText) {
      return valueOf(
        await call(
          {
            operation: 'PUT /order/cancel',
            method: 'PUT',
            path: '/order/cancel',
            query: { ...refQuery(ref), cancelText },
            schema: successAnswerSchema,
            retry: true,
          },
          true,
        ),
      );
    },
    async markPrepared(ref) {
      return valueOf(
        await call(
          {
            operation: 'PUT /order/prepared',
            method: 'PUT',
            path: '/order/prepared',
            query: refQuery(ref),
            schema: successAnswerSchema,
            retry: true,
          },
          true,
        ),
      );
    },
    async registerPickupPoint(body) {
      const result = await call(
        {
          operation: 'POST /pickup-point',
          method: 'POST',
          path: pickupPointPath,
          body,
          schema: registerPickupPointAnswerSchema,
          retry: false,
          expected: [409],
        },
        true,
      );
      return 'value' in result ? { registered: result.value } : { conflict: result.message };
    },
    async getPickupPoint(ref) {
      const result = await call(
        {
          operation: 'GET /pickup-point',
          method: 'GET',
          path: pickupPointPath,
          query: 'id' in ref ? { id: ref.id } : { externalId: ref.externalId },
          schema: pickupPointAnswerSchema,
          retry: true,
          expected: [404],
        },
        true,
      );
      return 'value' in result ? result.value : null;
    },
    circuitState: () => breaker.state(),
    close: () => http.close(),
  };
}

/** True for errors worth retrying later (Vigo unwell, circuit open); false for a permanent refusal or a bug. */
export function isTransient(error: unknown): boolean {
  return error instanceof VigoTransientError || error instanceof CircuitOpenError;
}
