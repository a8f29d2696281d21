import { describe, expect, it } from 'vitest';
import {
  command,
  context,
  createOrder,
  event,
  eventsOf,
  historyTo,
  load,
  pricing,
  senderRoute,
} from '../test-support/fixtures.ts';
import { given } from '../test-support/given-when-then.ts';

const created = eventsOf(createOrder());

describe('UpdateOrder', () => {
  it('records only the fields that changed', () =>
    given(...created)
      .when(command('UpdateOrder', { note: 'Yeni not', orderType: 'delivery', routes: [] }))
      .then(event('OrderUpdated', { changes: { note: 'Yeni not' } })));

  it('emits nothing when nothing changes', () =>
    given(...created)
      .when(command('UpdateOrder', { orderType: 'delivery', orderStatus: 'created' }))
      .then());

  it('replaces collections', () => {
    const withRoute = eventsOf(
      createOrder({ routes: [senderRoute], customers: [{ customerId: 'c-1', customerType: 'sender' }] }),
    );
    const state = given(...withRoute)
      .when(command('UpdateOrder', { routes: [{ routeType: 'destination' }], customers: [] }))
      .state();
    expect(state).toMatchObject({ routes: [{ routeType: 'destination' }], customers: [] });
  });

  it('replaces the loads: deletes the missing, updates the changed, creates the new', () => {
    const history = eventsOf(createOrder({ loads: [load('A'), load('B'), load('C')] }));
    given(...history)
      .when(command('UpdateOrder', { loads: [{ ...load('A'), weight: 20 }, load('C'), load('D')] }))
      .then(
        event('LoadDeleted', { loadId: 'load-B' }),
        event('LoadUpdated', { load: { ...load('A'), weight: 20 } }),
        event('LoadCreated', { load: load('D') }),
      );
  });

  it('renumbers kept loads before it creates new ones, so a freed number can be taken', () => {
    // load-B carries number A; the update gives it back B and adds a new load A.
    const history = eventsOf(createOrder({ loads: [load('A', 'load-B')] }));
    given(...history)
      .when(command('UpdateOrder', { loads: [load('A'), load('B')] }))
      .then(event('LoadUpdated', { load: load('B') }), event('LoadCreated', { load: load('A') }));
  });

  it('keeps the delivery marks of kept loads', () => {
    const history = historyTo('on-delivery');
    const delivered = [
      ...history,
      ...given(...history)
        .when(command('DeliverLoads', { loadNos: ['YUK-001'] }))
        .events(),
    ];
    const state = given(...delivered)
      .when(command('UpdateOrder', { loads: [{ ...load('YUK-001'), weight: 11 }, load('YUK-003')] }))
      .state();
    expect(state.exists && state.loads.map((l) => [l.loadNo, l.delivery?.at ?? null])).toEqual([
      ['YUK-001', context.at],
      ['YUK-003', null],
    ]);
  });

  it('refuses duplicate load numbers and load changes on a closed order', () => {
    given(...created)
      .when(command('UpdateOrder', { loads: [load('A'), load('A', 'x')] }))
      .thenThrows('LOAD_NO_TAKEN');
    given(...historyTo('cancelled'))
      .when(command('UpdateOrder', { loads: [] }))
      .thenThrows('ORDER_ALREADY_CANCELLED');
    given(...historyTo('delivered'))
      .when(command('UpdateOrder', { loads: [] }))
      .thenThrows('ORDER_DELIVERED');
  });

  it('moves the status through the table, after the other changes', () => {
    given(...historyTo('on-delivery'))
      .when(command('UpdateOrder', { note: 'Teslim', orderStatus: 'delivered' }))
      .then(
        event('OrderUpdated', { changes: { note: 'Teslim' } }),
        event('LoadsDelivered', { loadNos: ['YUK-001', 'YUK-002'] }),
        event('OrderDelivered', { from: 'on-delivery' }),
      );
    given(...created)
      .when(command('UpdateOrder', { orderStatus: 'cancelled' }))
      .then(event('OrderCancelled', { from: 'created' }));
  });

  it('releases a draft when isDraft becomes false, in the same command as its move', () => {
    const draft = eventsOf(createOrder({ isDraft: true }));
    given(...draft)
      .when(command('UpdateOrder', { orderStatus: 'pending' }))
      .thenThrows('ORDER_IS_DRAFT');
    given(...draft)
      .when(command('UpdateOrder', { isDraft: false, orderStatus: 'pending' }))
      .then(
        event('OrderUpdated', { changes: { isDraft: false } }),
        event('OrderStatusChanged', { from: 'created', to: 'pending' }),
      );
  });

  it('makes only an order in created a draft', () => {
    expect(
      given(...created)
        .when(command('UpdateOrder', { isDraft: true }))
        .events(),
    ).toHaveLength(1);
    given(...historyTo('pending'))
      .when(command('UpdateOrder', { isDraft: true }))
      .thenThrows('VALIDATION_FAILED', { details: [{ path: 'isDraft' }] });
  });

  it('checks suborders and pricing on the order as it would be', () => {
    given(...created)
      .when(command('UpdateOrder', { isSuborder: true }))
      .thenThrows('VALIDATION_FAILED', { details: [{ path: 'prevOrderId' }] });
    given(...created)
      .when(command('UpdateOrder', { pricing: { ...pricing, totalAmount: 1 } }))
      .thenThrows('PRICING_MISMATCH', { data: { field: 'pricing.totalAmount' } });
  });

  it('re-checks VAT rates when the departure date moves', () => {
    const legacy = { ...pricing, vat: 18, vatAmount: 24_300, totalAmount: 159_300 };
    const history = eventsOf(createOrder({ pricing: legacy, dates: { departureDate: '2023-07-01' } }));
    given(...history)
      .when(command('UpdateOrder', { dates: { departureDate: '2024-01-01' } }))
      .thenThrows('VAT_RATE_INVALID', { details: [{ path: 'pricing.vat' }] });
  });

  it('cannot lower the total below what is already paid', () => {
    const history = eventsOf(
      createOrder({ pricing }),
      command('CreatePayment', {
        paymentId: 'p-1',
        paymentMethod: 'cash',
        amount: 162_000,
        paymentStatus: 'paid',
      }),
    );
    const cheaper = {
      ...pricing,
      baseAmount: 50_000,
      subTotalAmount: 85_000,
      vatAmount: 17_000,
      totalAmount: 102_000,
    };
    given(...history)
      .when(command('UpdateOrder', { pricing: cheaper }))
      .thenThrows('PAYMENT_EXCEEDS_TOTAL', {
        data: { paid: 162_000, total: 102_000 },
        details: [{ path: 'pricing.totalAmount' }],
      });
  });
});
