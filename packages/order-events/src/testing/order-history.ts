// Realistic order events for tests and benchmarks: the commands order-api would run for one
// order (create with routes, people and loads; driver; expenses; payment; status moves;
// delivery), decided by the real domain, as the NewEvents order-api appends to `order-<uuid>`.
import { randomUUID } from 'node:crypto';
import {
  computeLedgerPricing,
  computeOrderPricing,
  decider,
  eventSchemaVersions,
  isDomainError,
  type OrderCommand,
  type OrderEvent,
  type OrderState,
} from '@orders/domain';
import type { NewEvent } from '@orders/event-store';

export interface OrderHistoryOptions {
  orderId?: string;
  tenantId?: string;
  /** How many events (at least 1); after the delivery, expenses and incomes are added until there are enough. */
  events: number;
  /** Sequence number for order_no and names. */
  seq?: number;
  /** The first command's time; each next command is a second later. */
  startAt?: Date;
}

export interface OrderHistory {
  orderId: string;
  streamId: string;
  tenantId: string;
  events: NewEvent[];
}

const names = ['Ayşe Yılmaz', 'Mehmet Kaya', 'Zeynep Demir', 'Emre Şahin', 'Gülşen Çelik', 'İsmail Öztürk'];

function createCommand(
  seq: number,
): Omit<Extract<OrderCommand, { type: 'CreateOrder' }>, 'orderId' | 'tenantId' | 'actorId' | 'at'> {
  const sender = names[seq % names.length]!;
  const receiver = names[(seq + 3) % names.length]!;
  return {
    type: 'CreateOrder',
    orderNo: `ORD-${String(seq).padStart(7, '0')}`,
    orderType: 'delivery',
    thirdPartyChannel: seq % 3 === 0 ? 'vigo' : 'web',
    vehicleType: 'motorbike',
    paymentType: 'cash',
    paymentMethod: 'cash',
    note: `${sender} arayacak`,
    pricing: computeOrderPricing({ baseAmount: 10_000 + (seq % 500) * 100, deliveryAmount: 2_500, vat: 20 }),
    routes: [
      {
        routeType: 'origin',
        address: {
          cityId: 34,
          districtId: 3410,
          latitude: 40.9876,
          longitude: 29.0246,
          fullAddress: 'Moda Cad. No: 12 Kadıköy/İstanbul',
        },
        person: { fullname: sender, phone: '+905321234567', email: 'gonderen@example.com' },
      },
      {
        routeType: 'destination',
        address: { cityId: 6, districtId: 601, fullAddress: 'Atatürk Blv. No: 5 Çankaya/Ankara' },
        person: { fullname: receiver, phone: '+905559876543' },
      },
    ],
    customers: [{ customerId: `cust-${seq % 97}`, customerType: 'sender' }],
    loads: [
      { loadId: randomUUID(), loadNo: `YUK-${seq}-1`, loadType: 'parcel', weight: 3, quantity: 1 },
      { loadId: randomUUID(), loadNo: `YUK-${seq}-2`, loadType: 'envelope', weight: 1, quantity: 2 },
    ],
  };
}

/** The commands of one order's life, in order; `filler(i)` after them, as many as needed. */
function lifeOf(seq: number): {
  steps: Omit<OrderCommand, 'orderId' | 'tenantId' | 'actorId' | 'at'>[];
  filler: (i: number) => Omit<OrderCommand, 'orderId' | 'tenantId' | 'actorId' | 'at'>;
} {
  const ledger = computeLedgerPricing({ unitType: 'trip', unitPrice: 1_500, quantity: 1, vat: 20 });
  return {
    steps: [
      createCommand(seq),
      { type: 'ChangeStatus', to: 'pending' },
      { type: 'AssignDriver', userId: `driver-${seq % 41}` },
      {
        type: 'CreateExpense',
        expenseId: randomUUID(),
        supplierId: 'sup-1',
        description: 'Yakıt',
        pricing: ledger,
      },
      { type: 'CreatePayment', paymentId: randomUUID(), paymentMethod: 'cash', amount: 1_000 },
      { type: 'UpdateOrder', note: `${names[(seq + 1) % names.length]} teslim alacak` },
      { type: 'ChangeStatus', to: 'to-picking' },
      { type: 'ChangeStatus', to: 'picked' },
      { type: 'ChangeStatus', to: 'on-delivery' },
      {
        type: 'DeliverLoads',
        loadNos: [`YUK-${seq}-1`],
        recipientName: names[(seq + 3) % names.length]!,
        recipientPhone: '+905559876543',
      },
      { type: 'DeliverLoads', loadNos: [`YUK-${seq}-2`], recipientName: names[(seq + 3) % names.length]! },
    ] as Omit<OrderCommand, 'orderId' | 'tenantId' | 'actorId' | 'at'>[],
    filler: (i) =>
      i % 2 === 0
        ? { type: 'CreateExpense', expenseId: randomUUID(), supplierId: `sup-${i % 7}`, pricing: ledger }
        : { type: 'CreateIncome', incomeId: randomUUID(), customerId: `cust-${i % 5}`, pricing: ledger },
  };
}

/**
 * `options.events` events of one order's life, decided by the domain and shaped as order-api
 * appends them (type, stored schema version, data, metadata with tenant, actor, correlation and
 * causation ids). Personal data (names, phones, addresses) is in them, as in real orders.
 */
export function orderHistory(options: OrderHistoryOptions): OrderHistory {
  const orderId = options.orderId ?? randomUUID();
  const tenantId = options.tenantId ?? 'tenant-1';
  const seq = options.seq ?? 1;
  const start = options.startAt?.getTime() ?? Date.UTC(2025, 2, 14, 9, 0, 0);
  const actorId = `user-${seq % 13}`;
  const { steps, filler } = lifeOf(seq);
  const events: NewEvent[] = [];
  let state: OrderState = decider.initialState();
  for (let i = 0; events.length < options.events; i += 1) {
    if (i > steps.length + options.events * 2)
      throw new Error('orderHistory: the commands stopped producing events');
    const step = i < steps.length ? steps[i]! : filler(i);
    const command = {
      ...step,
      orderId,
      tenantId,
      actorId,
      at: new Date(start + i * 1_000).toISOString(),
    } as OrderCommand;
    let decided: OrderEvent[];
    try {
      decided = decider.decide(command, state);
    } catch (error) {
      if (isDomainError(error) && i > 0) continue;
      throw error;
    }
    const requestId = `req-${randomUUID().slice(0, 8)}`;
    for (const event of decided) {
      state = decider.evolve(state, event);
      if (events.length === options.events) break;
      events.push({
        eventId: randomUUID(),
        type: event.type,
        schemaVersion: eventSchemaVersions[event.type],
        data: event.data,
        metadata: {
          tenantId,
          actor: actorId,
          clientId: 'client-1',
          correlationId: requestId,
          causationId: requestId,
          commandId: randomUUID(),
        },
      });
    }
  }
  return { orderId, streamId: `order-${orderId}`, tenantId, events };
}
