import { describe, expect, it } from 'vitest';
import { command, historyTo, orderOf } from '../test-support/fixtures.ts';
import { given } from '../test-support/given-when-then.ts';
import { orderStatuses, type OrderStatus } from './enums.ts';
import type { DomainErrorCode } from './errors.ts';
import { statusMoveOf } from './events.ts';
import { canCancel, canTransition, cancellableStatuses, deliverableStatuses, transitions } from './status.ts';

const pairs = orderStatuses.flatMap((from) => orderStatuses.map((to) => [from, to] as const));
const allowed = pairs.filter(([from, to]) => canTransition(from, to));
const forbidden = pairs.filter(([from, to]) => !canTransition(from, to));

/** The code a forbidden move to `to` is refused with. */
function refusal(from: OrderStatus, to: OrderStatus): DomainErrorCode {
  if (to === 'cancelled' && from === 'delivered') return 'ORDER_DELIVERED';
  if (to === 'cancelled' && from === 'cancelled') return 'ORDER_ALREADY_CANCELLED';
  return 'INVALID_TRANSITION';
}

describe('the transition table', () => {
  it('has a row for each of the 14 statuses and only names statuses', () => {
    expect(Object.keys(transitions).toSorted()).toEqual([...orderStatuses].toSorted());
    for (const row of Object.values(transitions)) for (const to of row) expect(orderStatuses).toContain(to);
  });

  it('never moves to created, nor out of delivered or cancelled', () => {
    expect(allowed.filter(([, to]) => to === 'created')).toEqual([]);
    expect(transitions.delivered).toEqual([]);
    expect(transitions.cancelled).toEqual([]);
  });

  it('allows CancelOrder exactly where the row lists cancelled', () => {
    expect(cancellableStatuses).toEqual([
      'created',
      'offering',
      'pending',
      'assigned',
      'to-picking',
      'picked',
      'to-departure',
      'handover',
    ]);
    for (const status of orderStatuses) expect(canCancel(status)).toBe(canTransition(status, 'cancelled'));
  });

  it('delivers loads in in-arrival, handover and on-delivery', () =>
    expect(deliverableStatuses.toSorted()).toEqual(['handover', 'in-arrival', 'on-delivery']));

  it.each(orderStatuses)('is walkable from created to %s', (status) =>
    expect(orderOf(historyTo(status)).status).toBe(status),
  );
});

describe('every allowed move is made by ChangeStatus', () => {
  it.each(allowed)('%s → %s', (from, to) => {
    const events = given(...historyTo(from))
      .when(command('ChangeStatus', { to }))
      .events();
    expect(events.map(statusMoveOf).filter((move) => move !== null)).toEqual([{ from, to }]);
  });
});

describe('every forbidden move is refused', () => {
  it.each(forbidden)('ChangeStatus %s → %s', (from, to) => {
    const code = refusal(from, to);
    given(...historyTo(from))
      .when(command('ChangeStatus', { to }))
      .thenThrows(code, { data: code === 'INVALID_TRANSITION' ? { from, to } : {} });
  });

  it.each(forbidden.filter(([from, to]) => from !== to))('UpdateOrder order_status %s → %s', (from, to) =>
    given(...historyTo(from))
      .when(command('UpdateOrder', { orderStatus: to }))
      .thenThrows(refusal(from, to)),
  );

  it.each(orderStatuses.filter((status) => !canCancel(status)))('CancelOrder from %s', (from) =>
    given(...historyTo(from))
      .when(command('CancelOrder', {}))
      .thenThrows(refusal(from, 'cancelled')),
  );
});
