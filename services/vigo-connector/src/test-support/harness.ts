import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { statusMoveOf, type OrderEvent, type OrderStatus } from '@orders/domain';
import { createEventStore, eventStoreTestTemplate } from '@orders/event-store';
import { createTestDatabase, type TestDatabase } from '@orders/testing';
import { Kysely, PostgresDialect } from 'kysely';
import pg from 'pg';
import { migrateConnector } from '../db/migrations.ts';
import type { ConnectorTables } from '../db/schema.ts';
import { statusRank } from '../status-mapping.ts';
import { vigoOrderBody } from './bodies.ts';
import {
  createOrderApiClient,
  freePort,
  startOrderApi,
  startSandbox,
  type RunningProcess,
} from './processes.ts';

const eventStoreTemplate = eventStoreTestTemplate();
const migrationsSource = readFileSync(
  resolve(fileURLToPath(import.meta.url), '../../db/migrations.ts'),
  'utf8',
);

/** A template with the event store's and the connector's migrations (order-api migrates its own at start). */
export const connectorTemplate = {
  name: `tpl_vigo_connector_${createHash('sha256')
    .update(eventStoreTemplate.name + migrationsSource)
    .digest('hex')
    .slice(0, 12)}`,
  migrate: async (url: string) => {
    await eventStoreTemplate.migrate(url);
    const pool = new pg.Pool({ connectionString: url, max: 1 });
    await migrateConnector(new Kysely({ dialect: new PostgresDialect({ pool }) }));
    await pool.end();
  },
};

export const tenant = 'demo';
export const demoClient = {
  'x-client-id': 'demo-shop',
  'x-client-secret': 'demo-shop-secret-0123456789',
  'x-user-id': '00000000-0000-4000-8000-00000000aaaa',
};
export { vigoOrderBody };
export const connectorUserId = '00000000-0000-4000-8000-00000000c0c0';
export const callbackToken = 'callback-token-0123456789abcdef';

/** The Vigo sandbox's control endpoints (`/_sandbox`). */
export function sandboxControl(controlUrl: string) {
  const call = async <T>(method: string, path: string, body?: unknown): Promise<T> => {
    const response = await fetch(controlUrl + path, {
      method,
      ...(body !== undefined
        ? { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }
        : {}),
    });
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
    return (await response.json()) as T;
  };
  type SandboxOrder = {
    id: string;
    orderNumber: string;
    state: string;
    prepared: boolean;
    pickupPointId: string | null;
    request: Record<string, unknown>;
  };
  return {
    orders: async () => (await call<{ orders: SandboxOrder[] }>('GET', '/orders')).orders,
    ordersNumbered: async (orderNumber: string) =>
      (await call<{ orders: SandboxOrder[] }>('GET', '/orders')).orders.filter(
        (o) => o.orderNumber === orderNumber,
      ),
    advance: (ref: string, to?: string) => call('POST', `/orders/${ref}/advance`, to ? { to } : {}),
    faults: (patch: Record<string, unknown>) => call('PATCH', '/faults', patch),
    clearFaults: () => call('PUT', '/faults', {}),
    expireTokens: () => call('POST', '/tokens/expire'),
    reset: () => call('POST', '/reset'),
    approve: (pickupPointId: string) => call('POST', `/pickup-points/${pickupPointId}/approve`),
    callbacks: async () =>
      (
        await call<{ deliveries: { key: string; status: number | null; body: unknown }[] }>(
          'GET',
          '/callbacks',
        )
      ).deliveries,
  };
}

/** order-api as a user of the demo client would call it. */
export function orderApiUser(url: string) {
  const call = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(url + path, {
      method,
      headers: { ...demoClient, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const json = (await response.json()) as {
      success: boolean;
      data: Record<string, unknown>;
      error: unknown;
    };
    if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${JSON.stringify(json.error)}`);
    return json.data;
  };
  return {
    create: async (body: Record<string, unknown> = vigoOrderBody()) => {
      const data = await call('POST', '/v3/orders', body);
      return { orderId: data['order_id'] as string, orderNo: data['order_no'] as string };
    },
    get: async (orderId: string) => call('GET', `/v3/orders/${orderId}`),
    status: async (orderId: string) =>
      (await call('GET', `/v3/orders/${orderId}`))['order_status'] as OrderStatus,
    cancel: (orderId: string) => call('GET', `/v3/orders/${orderId}/cancel`),
    setStatus: (orderId: string, status: OrderStatus) =>
      call('PUT', `/v3/orders/${orderId}`, { order_status: status }),
  };
}

/** Polls `probe` until it returns something other than undefined/false, or fails after `timeoutMs`. */
export async function waitFor<T>(
  what: string,
  probe: () => Promise<T | undefined | false>,
  timeoutMs = 20_000,
  everyMs = 50,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined && value !== false) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) {
      throw new Error(`timed out waiting for ${what}${last ? `: ${(last as Error).message}` : ''}`);
    }
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

/** Everything a connector test runs against: a database, the sandbox and order-api as processes. */
export interface Harness {
  database: TestDatabase;
  db: Kysely<ConnectorTables>;
  sandbox: Awaited<ReturnType<typeof startSandbox>>;
  control: ReturnType<typeof sandboxControl>;
  orderApi: Awaited<ReturnType<typeof startOrderApi>>;
  user: ReturnType<typeof orderApiUser>;
  connectorPort: number;
  /** The connector's settings (as environment variables) for this harness. */
  connectorEnv: Record<string, string>;
  /** Statuses the order went through, read from its event stream (each status change in order). */
  statusHistory(orderId: string): Promise<OrderStatus[]>;
  /** Events in the order's stream: every command order-api carried out for it added some. */
  eventCount(orderId: string): Promise<number>;
  /** The sum of the connector's `/metrics` samples named `name` whose labels contain `labels`. */
  connectorMetric(name: string, labels?: string): Promise<number>;
  close(): Promise<void>;
}

export async function startHarness(
  options: { sandboxEnv?: Record<string, string>; connectorEnv?: Record<string, string> } = {},
): Promise<Harness> {
  const database = await createTestDatabase({ template: connectorTemplate });
  const processes: RunningProcess[] = [];
  try {
    const connectorPort = await freePort();
    const callbackUrl = `http://127.0.0.1:${connectorPort}/vigo/callbacks`;
    const [sandboxStart, orderApiStart] = await Promise.allSettled([
      startSandbox({
        VIGO_SANDBOX_AUTO_ADVANCE: 'manual',
        VIGO_SANDBOX_STEP_INTERVAL_MS: '30',
        VIGO_SANDBOX_CALLBACK_RETRY_DELAY_MS: '50',
        VIGO_SANDBOX_PICKUP_POINT_CALLBACK_URL: callbackUrl,
        VIGO_SANDBOX_PICKUP_POINT_CALLBACK_TOKEN: callbackToken,
        VIGO_SANDBOX_PICKUP_POINT_CALLBACK_TOKEN_HEADER: 'x-api-key',
        ...options.sandboxEnv,
      }),
      startOrderApi(database.url, {
        ORDERS_DEMO_CLIENT_ID: demoClient['x-client-id'],
        ORDERS_DEMO_CLIENT_SECRET: demoClient['x-client-secret'],
        ORDERS_DEMO_TENANT: tenant,
      }),
    ]);
    if (sandboxStart.status === 'fulfilled') processes.push(sandboxStart.value.process);
    if (orderApiStart.status === 'fulfilled') processes.push(orderApiStart.value.process);
    if (sandboxStart.status === 'rejected') throw sandboxStart.reason;
    if (orderApiStart.status === 'rejected') throw orderApiStart.reason;
    const sandbox = sandboxStart.value;
    const orderApi = orderApiStart.value;
    const client = await createOrderApiClient(database.url, tenant);
    const pool = new pg.Pool({ connectionString: database.url, max: 3 });
    const db = new Kysely<ConnectorTables>({ dialect: new PostgresDialect({ pool }) });
    const eventStore = createEventStore({ connectionString: database.url, poolSize: 2 });
    const connectorEnv: Record<string, string> = {
      HOST: '127.0.0.1',
      PORT: String(connectorPort),
      LOG_LEVEL: 'warn',
      DATABASE_URL: database.url,
      DATABASE_POOL_SIZE: '4',
      DATABASE_LOCK_POOL_SIZE: '4',
      VIGO_BASE_URL: sandbox.baseUrl,
      VIGO_CLIENT_ID: 'sandbox-client',
      VIGO_CLIENT_SECRET: 'sandbox-secret',
      VIGO_TIMEOUT_MS: '1000',
      VIGO_RETRY_BASE_MS: '20',
      VIGO_RETRY_MAX_MS: '200',
      VIGO_BREAKER_COOLDOWN_MS: '300',
      CALLBACK_PUBLIC_URL: callbackUrl,
      CALLBACK_TOKEN: callbackToken,
      CALLBACK_TOKEN_HEADER: 'x-api-key',
      ADMIN_TOKEN: 'admin-token-0123456789',
      ORDER_API_URL: orderApi.url,
      ORDER_API_CLIENT_ID: client.clientId,
      ORDER_API_CLIENT_SECRET: client.clientSecret,
      ORDER_API_USER_ID: connectorUserId,
      ORDER_API_TENANT_ID: tenant,
      SOURCE: 'event-store',
      RESUME_INTERVAL_MS: '300',
      RESUME_AFTER_MS: '500',
      ...options.connectorEnv,
    };
    return {
      database,
      db,
      sandbox,
      control: sandboxControl(sandbox.controlUrl),
      orderApi,
      user: orderApiUser(orderApi.url),
      connectorPort,
      connectorEnv,
      async statusHistory(orderId) {
        const { events } = await eventStore.readStream(`order-${orderId}`);
        const history: OrderStatus[] = ['created'];
        for (const e of events) {
          const move = statusMoveOf({ type: e.type, data: e.data } as OrderEvent);
          if (move) history.push(move.to);
        }
        return history;
      },
      async eventCount(orderId) {
        return (await eventStore.readStream(`order-${orderId}`)).events.length;
      },
      async connectorMetric(name, labels = '') {
        const text = await (await fetch(`http://127.0.0.1:${connectorPort}/metrics`)).text();
        return text
          .split('\n')
          .filter((l) => l.startsWith(`${name}{`) && l.includes(labels))
          .reduce((sum, l) => sum + Number(l.split(' ').at(-1)), 0);
      },
      async close() {
        await Promise.all(processes.map((p) => p.stop()));
        await eventStore.close();
        await db.destroy();
        await database.drop();
      },
    };
  } catch (error) {
    await Promise.all(processes.map((p) => p.stop()));
    await database.drop();
    throw error;
  }
}

/** True when every step of `history` goes forward in the delivery (never back). */
export function onlyForward(history: readonly OrderStatus[]): boolean {
  return history.every((status, i) => i === 0 || statusRank[status] > statusRank[history[i - 1]!]);
}
