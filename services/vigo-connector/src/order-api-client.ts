import { randomUUID } from 'node:crypto';
import { orderStatuses, type OrderStatus } from '@orders/domain';
import { z } from 'zod';
import { createHttp, type Http } from './http.ts';
import { backoffDelay, sleep } from './vigo/backoff.ts';

// The part of order-api's `GET /v3/orders/:order_id` answer the connector reads. Loose
// objects: order-api may add fields without breaking us; what we need is checked.
const address = z.looseObject({
  latitude: z.number().optional(),
  longitude: z.number().optional(),
  description: z.string().optional(),
  note: z.string().optional(),
  apartment: z.string().optional(),
  floor: z.string().optional(),
  flat: z.string().optional(),
  full_address: z.string().optional(),
});
const person = z.looseObject({
  firstname: z.string().optional(),
  lastname: z.string().optional(),
  fullname: z.string().optional(),
  phone: z.string().optional(),
  company: z
    .looseObject({ title_legal: z.string().optional(), title_brand: z.string().optional() })
    .optional(),
});
const route = z.looseObject({
  route_type: z.string(),
  address: address.optional(),
  person: person.optional(),
});
const load = z.looseObject({
  order_load_id: z.string(),
  load_no: z.string(),
  load_type: z.string(),
  quantity: z.number().optional(),
  length: z.number().optional(),
  width: z.number().optional(),
  height: z.number().optional(),
  weight: z.number().optional(),
  delivery: z.unknown().nullable().optional(),
});

export const orderDetailsSchema = z.looseObject({
  order_id: z.uuid(),
  order_no: z.string().min(1),
  order_status: z.enum(orderStatuses),
  version: z.number().int(),
  third_party_channel: z.string().optional(),
  vehicle_type: z.string().optional(),
  payment_type: z.string().optional(),
  payment_method: z.string().optional(),
  note: z.string().optional(),
  receipt_number: z.string().optional(),
  is_draft: z.boolean().optional(),
  pricing: z.looseObject({ total_amount: z.number() }).nullable(),
  routes: z.array(route),
  branches: z.array(z.looseObject({ branch_id: z.string(), route_type: z.string() })),
  loads: z.array(load),
});
export type OrderDetails = z.infer<typeof orderDetailsSchema>;
export type OrderRoute = z.infer<typeof route>;
export type OrderLoad = z.infer<typeof load>;

const errorEnvelope = z.looseObject({
  success: z.literal(false),
  error: z.looseObject({ code: z.string(), message: z.string() }),
});
const okEnvelope = z.looseObject({ success: z.literal(true), data: z.unknown() });

/** order-api refused the command (4xx) or failed (5xx after retries). */
export class OrderApiError extends Error {
  override readonly name = 'OrderApiError';
  readonly status: number;
  readonly code: string;
  constructor(status: number, code: string, message: string) {
    super(`order-api answered ${status} ${code}: ${message}`);
    this.status = status;
    this.code = code;
  }
  /** A concurrent change or a move the order's current status forbids: read it again and re-plan. */
  get isConflict(): boolean {
    return this.status === 409;
  }
  get isTransient(): boolean {
    return this.status >= 500 || this.status === 429 || this.status === 0;
  }
}

export interface OrderApiClientOptions {
  baseUrl: string;
  clientId: string;
  clientSecret: string;
  /** The acting user recorded on the connector's commands. */
  userId: string;
  timeoutMs: number;
  maxAttempts?: number;
  /** Every HTTP attempt: operation (method and route), outcome (status or error), seconds. */
  onAttempt?: (operation: string, outcome: string, seconds: number) => void;
  http?: Http;
}

export interface OrderApiClient {
  /** The order and its version (ETag), or null when order-api does not show it to this client. */
  getOrder(orderId: string): Promise<{ order: OrderDetails; version: number } | null>;
  /** `PUT /v3/orders/:id` with `order_status`: one move of the status table. Returns the new version. */
  changeStatus(orderId: string, status: OrderStatus, ifMatch: number): Promise<number>;
  /** `POST /v3/orders/:id/deliver-loads`. */
  deliverLoads(
    orderId: string,
    loadNos: readonly string[],
    ifMatch: number,
    idempotencyKey: string,
  ): Promise<number>;
  /** `POST /v3/orders/:order_no/handovers` with `handover_reason`. */
  handover(
    orderNo: string,
    reason: 'away' | 'unreachable' | 'other',
    ifMatch: number,
    idempotencyKey: string,
  ): Promise<number>;
  /** `GET /v3/orders/:id/cancel`. */
  cancel(orderId: string, ifMatch: number): Promise<number>;
  /**
   * One authenticated call (`GET` of an order that does not exist: 404) that opens a
   * connection and gets the client's credentials checked once. order-api checks a secret it
   * has not cached with scrypt (tens of ms of CPU), and every call of a first burst waits for
   * that check (before 2026-12-08, without single flight, each one made its own).
   */
  warmUp(): Promise<void>;
  /** Closes its idle connections. */
  close(): void;
}

const versionOf = (result: { version: number | null }): number => {
  if (result.version === null || Number.isNaN(result.version)) {
    throw new OrderApiError(502, 'NO_ETAG', 'order-api answered without an ETag');
  }
  return result.version;
};

const id = (orderId: string) => `/v3/orders/${encodeURIComponent(orderId)}`;

/** order-api over HTTP with the connector's own client ("ClientSecret + User"). */
export function createOrderApiClient(options: OrderApiClientOptions): OrderApiClient {
  const base = options.baseUrl.replace(/\/+$/, '');
  const maxAttempts = options.maxAttempts ?? 3;
  const http = options.http ?? createHttp();

  async function request(
    method: 'GET' | 'PUT' | 'POST',
    path: string,
    init: { body?: unknown; ifMatch?: number; idempotencyKey?: string; allow404?: boolean; route: string },
  ): Promise<{ status: number; data: unknown; version: number | null }> {
    const operation = `${method} ${init.route}`;
    const headers: Record<string, string> = {
      'x-client-id': options.clientId,
      'x-client-secret': options.clientSecret,
      'x-user-id': options.userId,
      accept: 'application/json',
    };
    if (init.body !== undefined) headers['content-type'] = 'application/json';
    if (init.ifMatch !== undefined) headers['if-match'] = `"${init.ifMatch}"`;
    if (init.idempotencyKey !== undefined) headers['idempotency-key'] = init.idempotencyKey;
    for (let attempt = 1; ; attempt += 1) {
      let failure: OrderApiError;
      const started = performance.now();
      try {
        const answer = await http.send({
          method,
          url: new URL(base + path),
          headers,
          ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
          timeoutMs: options.timeoutMs,
        });
        const text = answer.text;
        options.onAttempt?.(operation, String(answer.status), (performance.now() - started) / 1000);
        const json: unknown = text === '' ? undefined : JSON.parse(text);
        const etag = answer.headers.etag;
        const version = etag === undefined ? null : Number(etag.replace(/^W\//, '').replaceAll('"', ''));
        if (answer.status >= 200 && answer.status < 300) {
          const parsed = okEnvelope.safeParse(json);
          return { status: answer.status, data: parsed.success ? parsed.data.data : json, version };
        }
        if (answer.status === 404 && init.allow404) return { status: 404, data: null, version: null };
        const error = errorEnvelope.safeParse(json);
        failure = new OrderApiError(
          answer.status,
          error.success ? error.data.error.code : 'UNKNOWN',
          error.success ? error.data.error.message : text.slice(0, 200),
        );
      } catch (error) {
        options.onAttempt?.(operation, 'error', (performance.now() - started) / 1000);
        failure = new OrderApiError(0, 'UNREACHABLE', (error as Error).message);
      }
      // If-Match makes a repeated move safe: a move that went through answers 409 and the caller re-plans.
      if (!failure.isTransient || attempt >= maxAttempts) throw failure;
      await sleep(backoffDelay({ baseMs: 100, maxMs: 1_000 }, attempt));
    }
  }

  return {
    async getOrder(orderId) {
      const result = await request('GET', id(orderId), { allow404: true, route: '/v3/orders/:order_id' });
      if (result.status === 404) return null;
      const order = orderDetailsSchema.parse(result.data);
      return { order, version: result.version ?? order.version };
    },
    async changeStatus(orderId, status, ifMatch) {
      return versionOf(
        await request('PUT', id(orderId), {
          body: { order_status: status },
          ifMatch,
          route: '/v3/orders/:order_id',
        }),
      );
    },
    async deliverLoads(orderId, loadNos, ifMatch, idempotencyKey) {
      return versionOf(
        await request('POST', `${id(orderId)}/deliver-loads`, {
          body: { loads: loadNos },
          ifMatch,
          idempotencyKey,
          route: '/v3/orders/:order_id/deliver-loads',
        }),
      );
    },
    async handover(orderNo, reason, ifMatch, idempotencyKey) {
      return versionOf(
        await request('POST', `/v3/orders/${encodeURIComponent(orderNo)}/handovers`, {
          body: { handover_reason: reason },
          ifMatch,
          idempotencyKey,
          route: '/v3/orders/:order_no/handovers',
        }),
      );
    },
    async cancel(orderId, ifMatch) {
      return versionOf(
        await request('GET', `${id(orderId)}/cancel`, { ifMatch, route: '/v3/orders/:order_id/cancel' }),
      );
    },
    async warmUp() {
      await request('GET', id(randomUUID()), { allow404: true, route: '/v3/orders/:order_id' });
    },
    close: () => http.close(),
  };
}
