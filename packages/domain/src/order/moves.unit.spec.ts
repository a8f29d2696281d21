import { describe, expect, it } from 'vitest';
import {
  command,
  context,
  createOrder,
  event,
  eventsOf,
  historyTo,
  orderOf,
} from '../test-support/fixtures.ts';
import { given } from '../test-support/given-when-then.ts';
import { cancellableStatuses } from './status.ts';

const cancelOrder = command('CancelOrder', {});

describe('CancelOrder', () => {
  it.each(cancellableStatuses)('cancels an order in %s', (from) => {
    given(...historyTo(from))
      .when(cancelOrder)
      .then(event('OrderCancelled', { from }));
  });

  it('records when the order was cancelled', () =>
    expect(orderOf(historyTo('cancelled'))).toMatchObject({ status: 'cancelled', cancelledAt: context.at }));

  it('cannot cancel a delivered order', () =>
    given(...historyTo('delivered'))
      .when(cancelOrder)
      .thenThrows('ORDER_DELIVERED'));

  it('cannot cancel twice', () =>
    given(...historyTo('cancelled'))
      .when(cancelOrder)
      .thenThrows('ORDER_ALREADY_CANCELLED'));

  it('cannot cancel an order on its way between branches', () =>
    given(...historyTo('in-departure'))
      .when(cancelOrder)
      .thenThrows('INVALID_TRANSITION', { data: { from: 'in-departure', to: 'cancelled' } }));

  it('returns a handed-over order to the sender by cancelling it', () =>
    given(...historyTo('handover'))
      .when(cancelOrder)
      .then(event('OrderCancelled', { from: 'handover' })));
});

describe('drafts cannot leave created', () => {
  const draft = eventsOf(createOrder({ isDraft: true }));

  it.each(['pending', 'offering', 'assigned', 'cancelled'] as const)(
    'ChangeStatus to %s → ORDER_IS_DRAFT',
    (to) =>
      given(...draft)
        .when(command('ChangeStatus', { to }))
        .thenThrows('ORDER_IS_DRAFT'),
  );

  it('CancelOrder → ORDER_IS_DRAFT', () =>
    given(...draft)
      .when(cancelOrder)
      .thenThrows('ORDER_IS_DRAFT'));
});

describe('ChangeStatus', () => {
  it('makes a plain move', () =>
    given(...historyTo('assigned'))
      .when(command('ChangeStatus', { to: 'to-picking' }))
      .then(event('OrderStatusChanged', { from: 'assigned', to: 'to-picking' })));

  it('delivers an order without loads by moving it to delivered', () => {
    const history = eventsOf(
      createOrder(),
      ...['assigned', 'to-picking', 'picked', 'on-delivery'].map((to) =>
        command('ChangeStatus', { to: to as 'picked' }),
      ),
    );
    given(...history)
      .when(command('ChangeStatus', { to: 'delivered' }))
      .then(event('OrderDelivered', { from: 'on-delivery' }));
  });

  it('refuses to stay where it is', () =>
    given(...historyTo('pending'))
      .when(command('ChangeStatus', { to: 'pending' }))
      .thenThrows('INVALID_TRANSITION'));
});

describe('CreateHandover', () => {
  const handover = command('CreateHandover', { handoverId: 'handover-1', handoverReason: 'unreachable' });

  it.each(['on-delivery', 'in-arrival'] as const)('hands over an order in %s', (from) =>
    given(...historyTo(from))
      .when(handover)
      .then(event('HandoverCreated', { handoverId: 'handover-1', handoverReason: 'unreachable', from })),
  );

  it('records the handover on the order', () =>
    expect(
      given(...historyTo('on-delivery'))
        .when(handover)
        .state(),
    ).toMatchObject({
      status: 'handover',
      handovers: [
        { handoverId: 'handover-1', handoverReason: 'unreachable', from: 'on-delivery', at: context.at },
      ],
    }));

  it('only where the table moves to handover', () => {
    given(...historyTo('picked'))
      .when(handover)
      .thenThrows('INVALID_TRANSITION', { data: { from: 'picked', to: 'handover' } });
    given(...historyTo('handover'))
      .when({ ...handover, handoverId: 'handover-2' })
      .thenThrows('INVALID_TRANSITION');
  });

  it('refuses a handover id already used', () => {
    const handedOver = [
      ...historyTo('on-delivery'),
      ...given(...historyTo('on-delivery'))
        .when(handover)
        .events(),
    ];
    const back = [...handedOver, event('OrderStatusChanged', { from: 'handover', to: 'on-delivery' })];
    given(...back)
      .when(handover)
      .thenThrows('ID_ALREADY_USED', { details: [{ path: 'handoverId' }] });
  });
});
