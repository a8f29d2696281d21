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

  it('search columns are folded the Turkish way and deep-search parts stand in search_text or id_text', () => {
    const r = orderListRow(order!.orderId, 1, fold([created])!);
    expect(r.search_text).toBe(r.search_text.toLocaleLowerCase('tr-TR'));
    for (const column of [
      'sender_search',
      'receiver_search',
      'origin_branch_search',
      'destination_branch_search',
      'invoice_customer_search',
    ] as const) {
      for (const word of r[column].split(' ').filter(Boolean))
        expect(`${r.search_text} ${r.id_text}`, column).toContain(word);
    }
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
