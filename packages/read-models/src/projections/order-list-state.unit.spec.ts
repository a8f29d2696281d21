import type { OrderEvent } from '@orders/domain';
import { describe, expect, it } from 'vitest';
import { generateOrders, seedEvents } from '../test-support/seed.ts';
import { describeEvent } from './order-logs.ts';
import { foldOrderList, orderListRow, type OrderListState } from './order-list-state.ts';
import type { ProjectedEvent } from './types.ts';

const [order] = generateOrders({ count: 1, seed: 2 });
const at = (event: OrderEvent, version: number): ProjectedEvent => ({
  event,
  orderId: event.data.orderId,
  position: BigInt(version),
  version,
  tenantId: 'tenant-a',
  actor: event.data.actorId,
  correlationId: undefined,
  recordedAt: new Date(0),
});
const ctx = (hour: number) => ({
  orderId: order!.orderId,
  actorId: order!.createdBy,
  at: `2025-02-01T${String(hour).padStart(2, '0')}:00:00.000Z`,
});
const fold = (events: OrderEvent[]): OrderListState | undefined =>
  events.reduce<OrderListState | undefined>((s, e, i) => foldOrderList(s, at(e, i + 1)), undefined);
const created = seedEvents(order!)[0]!;
/** A uuid made of one digit (n ≤ 9), so that each id of a test is easy to tell apart. */
const uuidOf = (n: number) => `${String(n).repeat(8)}-aaaa-4bbb-8ccc-${String(n).repeat(12)}`;

describe('the order list fold', () => {
  it('ignores events of an order it has not seen created', () => {
    expect(fold([{ type: 'OrderDeleted', data: ctx(1) }])).toBeUndefined();
  });

  it('delivery, then its cancellation, restores the status and clears delivered_at', () => {
    const delivered = fold([created, { type: 'OrderDelivered', data: { ...ctx(2), from: 'on-delivery' } }])!;
    expect(orderListRow(order!.orderId, 2, delivered)).toMatchObject({
      status: 'delivered',
      delivered_at: ctx(2).at,
    });
    const restored = foldOrderList(
      delivered,
      at({ type: 'DeliveryCancelled', data: { ...ctx(3), restoredStatus: 'on-delivery' } }, 3),
    )!;
    expect(orderListRow(order!.orderId, 3, restored)).toMatchObject({
      status: 'on-delivery',
      delivered_at: null,
      status_changed_at: ctx(3).at,
    });
  });

  it('collection: unpaid, partial, paid; a failed payment stops counting', () => {
    const total = order!.attributes.pricing?.totalAmount ?? 0;
    expect(total).toBeGreaterThan(0);
    const pay = (id: string, amount: number, hour: number): OrderEvent => ({
      type: 'PaymentCreated',
      data: {
        ...ctx(hour),
        payment: { paymentId: id, paymentMethod: 'cash', paymentStatus: 'paid', currency: 'TRY', amount },
      },
    });
    const row = (events: OrderEvent[]) => orderListRow(order!.orderId, events.length, fold(events)!);
    expect(row([created]).collection_status).toBe('unpaid');
    expect(row([created, pay('p1', 100, 2)])).toMatchObject({
      collection_status: 'partial',
      paid_amount: 100,
    });
    expect(row([created, pay('p1', 100, 2), pay('p2', total - 100, 3)]).collection_status).toBe('paid');
    expect(
      row([created, pay('p1', 100, 2), { type: 'PaymentFailed', data: { ...ctx(3), paymentId: 'p1' } }])
        .paid_amount,
    ).toBe(0);
  });

  it('search columns are folded text without ids, and deep-search parts stand in search_text', () => {
    const r = orderListRow(order!.orderId, 1, fold([created])!);
    expect(r.search_text).toBe(r.search_text.toLocaleLowerCase('tr-TR'));
    const uuid = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/;
    expect(r.search_text).not.toMatch(uuid);
    for (const column of [
      'sender_search',
      'receiver_search',
      'origin_branch_search',
      'destination_branch_search',
      'invoice_customer_search',
    ] as const) {
      expect(r[column], column).not.toMatch(uuid);
      for (const word of r[column].split(' ').filter(Boolean)) expect(r.search_text, column).toContain(word);
    }
  });

  it('ids go to the id arrays of their side (lower-cased), never into the text columns', () => {
    const state: OrderListState = {
      tenantId: 'tenant-a',
      orderNo: 'ORD-1',
      status: 'created',
      createdAt: ctx(1).at,
      createdBy: uuidOf(7).toUpperCase(),
      updatedAt: ctx(1).at,
      updatedBy: uuidOf(7),
      statusChangedAt: ctx(1).at,
      attrs: { orderType: 'delivery', isDraft: false, isSuborder: false },
      routes: [
        {
          type: 'origin',
          name: 'Ayşe Yılmaz',
          phone: '+905321234567',
          address: 'Şişli',
          customerId: uuidOf(1),
        },
        { type: 'destination', company: 'IŞIK AŞ', address: 'Kadıköy', customerId: uuidOf(2) },
        { type: 'transfer', addressId: uuidOf(6) },
      ],
      customers: [
        { id: uuidOf(1).toUpperCase(), type: 'sender', invoice: true },
        { id: uuidOf(2), type: 'receiver', invoice: false },
      ],
      branches: [
        { id: uuidOf(3), type: 'origin' },
        { id: uuidOf(4), type: 'destination' },
      ],
      invoices: { i1: { total: 100, title: 'Fatura Ünvanı' } },
    };
    const r = orderListRow(uuidOf(9), 1, state);
    expect(r).toMatchObject({
      customer_ids: [uuidOf(1), uuidOf(2)],
      sender_customer_ids: [uuidOf(1)],
      receiver_customer_ids: [uuidOf(2)],
      invoice_customer_ids: [uuidOf(1)],
      branch_ids: [uuidOf(3), uuidOf(4)],
      origin_branch_ids: [uuidOf(3)],
      destination_branch_ids: [uuidOf(4)],
      user_ids: [uuidOf(7)],
      transfer_center_ids: [uuidOf(6)],
      search_text: 'ord-1 ayşe yılmaz +905321234567 şişli ışık aş kadıköy fatura ünvanı',
      sender_search: 'ayşe yılmaz +905321234567',
      receiver_search: 'ışık aş',
      origin_branch_search: 'şişli',
      destination_branch_search: 'kadıköy',
      invoice_customer_search: 'ayşe yılmaz fatura ünvanı',
    });
    expect(Object.keys(r)).not.toContain('id_text');
  });

  it('every event of a seeded history has a Turkish log sentence', () => {
    for (const o of generateOrders({ count: 30, seed: 9 })) {
      for (const event of seedEvents(o)) expect(describeEvent(event).message.length).toBeGreaterThan(5);
    }
    expect(
      describeEvent({ type: 'OrderStatusChanged', data: { ...ctx(1), from: 'assigned', to: 'to-picking' } })
        .message,
    ).toBe('Durum değişti: Atandı → Toplama aşamasında');
  });
});
