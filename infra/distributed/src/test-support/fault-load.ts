// The steady load of the fault runs: a few concurrent HTTP clients, each creating an order
// (every fourth one with `third_party_channel: "vigo"`) and sending commands on it, over both
// order-api replicas as a load balancer would: a request that finds its replica dead is sent
// once more to the other one (the same Idempotency-Key on a POST, the same If-Match on a PUT).
// Every acknowledged (2xx) command is recorded with its ETag version and x-event-position:
// what the fault run later proves was stored.
import { randomUUID } from 'node:crypto';
import { orderParties, vigoOrderBody } from './order.ts';

/** One command order-api acknowledged with a 2xx. */
export interface Ack {
  /** e.g. `PUT /v3/orders/:order_id order_status=assigned` */
  command: string;
  orderId: string;
  /** The order's stream version after the command (ETag). */
  version: number;
  /** The global position of the command's last event (x-event-position). */
  position: string;
  /** The replica that answered (0 or 1). */
  replica: number;
  at: number;
}

export interface CreatedOrder {
  orderId: string;
  orderNo: string;
  vigo: boolean;
}

export interface LoadResult {
  acks: Ack[];
  orders: CreatedOrder[];
  requests: number;
  /** Requests that got no 2xx, by `<command> <status>` (status 0: no answer). */
  refused: Record<string, number>;
  /** Requests retried on the other replica after a network error. */
  failedOver: number;
}

export interface LoadOptions {
  apis: readonly [string, string];
  credentials: { clientId: string; secret: string };
  clients: number;
  /** Pause between two requests of one client. */
  pauseMs: number;
}

interface Answer {
  status: number;
  version: number | undefined;
  position: string | undefined;
  body: unknown;
}

const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));
const isoDate = (daysFromNow: number) =>
  new Date(Date.now() + daysFromNow * 86_400_000).toISOString().slice(0, 10);

/** A small pool of customers and branches, so that balances and reports add orders up. */
const parties = Array.from({ length: 6 }, () => orderParties());

function plainOrderBody(index: number) {
  const { third_party_channel: _channel, ...body } = vigoOrderBody(parties[index % parties.length]!);
  return { ...body, receipt_number: `FİŞ-F-${index}` };
}

const payment = { payment_method: 'card', amount: '45.50' };
const invoice = () => ({
  issue_date: isoDate(0),
  quantity: 1,
  unit_price: 100,
  vat: 20,
  title: 'Kurye teslimat bedeli',
  invoice_platform: 'parasut',
});
const expense = () => ({
  supplier_id: '00000000-0000-4000-8000-00000000f00d',
  expense_type: 'porterage',
  description: 'Hammaliye (yükleme/boşaltma)',
  date: isoDate(0),
  pricing: { unit_type: 'saat', quantity: 2, unit_price: '150.00', vat: 20, currency: 'TRY' },
});
const deliverLoads = {
  loads: ['P-1', 'P-2'],
  recipient_name: 'Işık Öztürk',
  recipient_phone: '0533 765 43 21',
};

type Step =
  { kind: 'status'; to: string } | { kind: 'post'; name: string; path: string; body: () => unknown };

/** What a client does to an order after creating it. Vigo orders are moved by the connector only. */
const plainSteps: Step[] = [
  { kind: 'status', to: 'assigned' },
  { kind: 'post', name: 'payments', path: 'payments', body: () => payment },
  { kind: 'status', to: 'to-picking' },
  { kind: 'post', name: 'expenses', path: 'expenses', body: expense },
  { kind: 'status', to: 'picked' },
  { kind: 'status', to: 'on-delivery' },
  { kind: 'post', name: 'deliver-loads', path: 'deliver-loads', body: () => deliverLoads },
  { kind: 'post', name: 'invoices', path: 'invoices', body: invoice },
];
const vigoSteps: Step[] = [
  { kind: 'post', name: 'payments', path: 'payments', body: () => payment },
  { kind: 'post', name: 'invoices', path: 'invoices', body: invoice },
  { kind: 'post', name: 'expenses', path: 'expenses', body: expense },
];

/** Starts the clients; `stop()` lets each finish its request in flight and returns what happened. */
export function startFaultLoad(options: LoadOptions): {
  stop(): Promise<LoadResult>;
  /** Commands acknowledged so far (by one replica only, when given). */
  acks(replica?: number): number;
} {
  const result: LoadResult = { acks: [], orders: [], requests: 0, refused: {}, failedOver: 0 };
  const state = { running: true };
  let created = 0;

  const refuse = (name: string, status: number) => {
    const key = `${name} ${status}`;
    result.refused[key] = (result.refused[key] ?? 0) + 1;
  };

  async function send(
    replica: number,
    method: 'GET' | 'POST' | 'PUT',
    path: string,
    userId: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ): Promise<Answer> {
    result.requests += 1;
    try {
      const response = await fetch(`${options.apis[replica]}${path}`, {
        method,
        headers: {
          'x-client-id': options.credentials.clientId,
          'x-client-secret': options.credentials.secret,
          'x-user-id': userId,
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          ...headers,
        },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
        signal: AbortSignal.timeout(20_000),
      });
      const text = await response.text();
      const etag = response.headers.get('etag');
      return {
        status: response.status,
        version: etag ? Number(etag.replaceAll('"', '')) : undefined,
        position: response.headers.get('x-event-position') ?? undefined,
        body: text ? (JSON.parse(text) as unknown) : null,
      };
    } catch {
      return { status: 0, version: undefined, position: undefined, body: null };
    }
  }

  /** Sends a command; on no answer at all, once more to the other replica. */
  async function command(
    name: string,
    preferred: number,
    method: 'GET' | 'POST' | 'PUT',
    path: string,
    userId: string,
    orderId: string | undefined,
    body: unknown,
    headers: Record<string, string>,
  ): Promise<Answer & { replica: number }> {
    let replica = preferred;
    let answer = await send(replica, method, path, userId, body, headers);
    if (answer.status === 0 && state.running) {
      result.failedOver += 1;
      replica = 1 - replica;
      answer = await send(replica, method, path, userId, body, headers);
    }
    if (answer.status >= 200 && answer.status < 300) {
      const id = orderId ?? dataOf(answer.body)?.['order_id'];
      if (typeof id === 'string' && answer.version !== undefined && answer.position !== undefined) {
        result.acks.push({
          command: name,
          orderId: id,
          version: answer.version,
          position: answer.position,
          replica,
          at: Date.now(),
        });
      } else {
        refuse(`${name} (2xx without ETag or x-event-position)`, answer.status);
      }
    } else {
      refuse(name, answer.status);
    }
    return { ...answer, replica };
  }

  async function client(index: number): Promise<void> {
    const userId = randomUUID();
    let replica = index % 2;
    while (state.running) {
      const n = created++;
      const vigo = n % 4 === 0;
      const body = vigo ? vigoOrderBody(parties[n % parties.length]!) : plainOrderBody(n);
      const creation = await command(
        'POST /v3/orders',
        replica,
        'POST',
        '/v3/orders',
        userId,
        undefined,
        body,
        {
          'idempotency-key': randomUUID(),
        },
      );
      const data = dataOf(creation.body);
      if (creation.status !== 201 || !data) {
        await sleep(options.pauseMs);
        continue;
      }
      const orderId = String(data['order_id']);
      result.orders.push({ orderId, orderNo: String(data['order_no']), vigo });
      let version = creation.version ?? 0;
      for (const step of vigo ? vigoSteps : plainSteps) {
        if (!state.running) break;
        await sleep(options.pauseMs);
        replica = 1 - replica;
        const path = `/v3/orders/${orderId}`;
        const answer =
          step.kind === 'status'
            ? await command(
                `PUT /v3/orders/:order_id order_status=${step.to}`,
                replica,
                'PUT',
                path,
                userId,
                orderId,
                { order_status: step.to },
                { 'if-match': String(version) },
              )
            : await command(
                `POST /v3/orders/:order_id/${step.name}`,
                replica,
                'POST',
                `${path}/${step.path}`,
                userId,
                orderId,
                step.body(),
                { 'idempotency-key': randomUUID() },
              );
        if (answer.version !== undefined && answer.status < 300) {
          version = answer.version;
        } else {
          // A conflict, or a command whose answer was lost: read where the order is now.
          const current = await send(replica, 'GET', path, userId);
          if (current.version !== undefined) version = current.version;
        }
      }
      await sleep(options.pauseMs);
    }
  }

  const clients = Array.from({ length: options.clients }, (_, i) => client(i));
  return {
    acks: (replica) =>
      replica === undefined ? result.acks.length : result.acks.filter((a) => a.replica === replica).length,
    async stop() {
      state.running = false;
      await Promise.all(clients);
      return result;
    },
  };
}

function dataOf(body: unknown): Record<string, unknown> | undefined {
  if (typeof body !== 'object' || body === null || !('data' in body)) return undefined;
  const data = (body as { data: unknown }).data;
  return typeof data === 'object' && data !== null ? (data as Record<string, unknown>) : undefined;
}
