import { describe, expect, it } from 'vitest';
import { command, createOrder, event, eventsOf, historyTo } from '../test-support/fixtures.ts';
import { given } from '../test-support/given-when-then.ts';
import type { OrderEvent } from './events.ts';
import type { Offer, OfferUser } from './state.ts';

const users: OfferUser[] = [
  { userId: 'shipper-1', userType: 'shipper', side: 'sender' },
  { userId: 'admin-1', userType: 'admin', side: 'receiver' },
];
const createOffer = (offerId: string, price = 120_000) =>
  command('CreateOffer', { offerId, prevPrice: 100_000, price, users });
const offer = (offerId: string, price = 120_000): Offer => ({
  offerId,
  prevPrice: 100_000,
  price,
  users,
  offerStatus: 'created',
});
const offering: OrderEvent[] = [
  ...historyTo('created'),
  event('OfferCreated', { offer: offer('offer-1') }),
  event('OrderStatusChanged', { from: 'created', to: 'offering' }),
  event('OfferCreated', { offer: offer('offer-2', 110_000) }),
  event('OfferCreated', { offer: offer('offer-3', 130_000) }),
  event('OfferUpdated', { offerId: 'offer-3', offerStatus: 'cancelled' }),
];
const approve = (offerId: string) => command('UpdateOffer', { offerId, offerStatus: 'approved' });

describe('CreateOffer', () => {
  it.each(['created', 'pending'] as const)('puts an order in %s in offering', (from) =>
    given(...historyTo(from))
      .when(createOffer('offer-1'))
      .then(
        event('OfferCreated', { offer: offer('offer-1') }),
        event('OrderStatusChanged', { from, to: 'offering' }),
      ),
  );

  it('adds further offers while offering', () =>
    given(...offering)
      .when(createOffer('offer-4'))
      .then(event('OfferCreated', { offer: offer('offer-4') })));

  it('needs exactly two users, a sender side and a receiver side', () => {
    const order = historyTo('created');
    for (const wrong of [
      [users[0]!],
      [...users, users[0]!],
      [users[0]!, users[0]!],
      [users[0]!, { ...users[1]!, userId: ' ' }],
    ]) {
      given(...order)
        .when(command('CreateOffer', { offerId: 'o', price: 1, users: wrong }))
        .thenThrows('OFFER_USERS_INVALID', { details: [{ path: 'users' }] });
    }
  });

  it('checks the prices', () => {
    given(...historyTo('created'))
      .when(createOffer('o', 1.5))
      .thenThrows('INVALID_AMOUNT', { details: [{ path: 'price' }] });
    given(...historyTo('created'))
      .when(command('CreateOffer', { offerId: 'o', prevPrice: -1, price: 1, users }))
      .thenThrows('INVALID_AMOUNT', { details: [{ path: 'prevPrice' }] });
  });

  it('not once the order is assigned, nor on a draft, a closed order or with a used id', () => {
    given(...historyTo('assigned'))
      .when(createOffer('o'))
      .thenThrows('INVALID_TRANSITION', { data: { from: 'assigned', to: 'offering' } });
    given(...eventsOf(createOrder({ isDraft: true })))
      .when(createOffer('o'))
      .thenThrows('ORDER_IS_DRAFT');
    given(...historyTo('cancelled'))
      .when(createOffer('o'))
      .thenThrows('ORDER_ALREADY_CANCELLED');
    given(...offering)
      .when(createOffer('offer-1'))
      .thenThrows('ID_ALREADY_USED');
  });
});

describe('UpdateOffer', () => {
  it('approving one rejects the other open offers, records the price and moves offering → pending', () => {
    given(...offering)
      .when(approve('offer-2'))
      .then(
        event('OfferApproved', { offerId: 'offer-2', price: 110_000, rejectedOfferIds: ['offer-1'] }),
        event('OrderStatusChanged', { from: 'offering', to: 'pending' }),
      );
    const state = given(...offering)
      .when(approve('offer-2'))
      .state();
    expect(state).toMatchObject({ status: 'pending', approvedOffer: { offerId: 'offer-2', price: 110_000 } });
    expect(state.exists && state.offers.map((o) => [o.offerId, o.offerStatus])).toEqual([
      ['offer-1', 'rejected'],
      ['offer-2', 'approved'],
      ['offer-3', 'cancelled'],
    ]);
  });

  it('records the price without a move when the order already left offering', () => {
    const moved = [...offering, event('OrderStatusChanged', { from: 'offering', to: 'assigned' })];
    given(...moved)
      .when(approve('offer-1'))
      .then(event('OfferApproved', { offerId: 'offer-1', price: 120_000, rejectedOfferIds: ['offer-2'] }));
    given(...moved, event('OrderCancelled', { from: 'assigned' }))
      .when(approve('offer-1'))
      .thenThrows('ORDER_ALREADY_CANCELLED');
  });

  it('rejects or cancels an open offer', () =>
    given(...offering)
      .when(command('UpdateOffer', { offerId: 'offer-1', offerStatus: 'rejected' }))
      .then(event('OfferUpdated', { offerId: 'offer-1', offerStatus: 'rejected' })));

  it('only an open offer changes, and never back to created', () => {
    given(...offering)
      .when(approve('offer-3'))
      .thenThrows('OFFER_STATUS_INVALID', { data: { from: 'cancelled', to: 'approved' } });
    given(...offering)
      .when(command('UpdateOffer', { offerId: 'offer-1', offerStatus: 'created' }))
      .thenThrows('OFFER_STATUS_INVALID');
  });

  it('refuses an unknown offer', () =>
    given(...offering)
      .when(approve('x'))
      .thenThrows('OFFER_NOT_FOUND', { data: { offerId: 'x' } }));
});

describe('DeleteOffer', () => {
  it('deletes an offer that is not approved', () =>
    given(...offering)
      .when(command('DeleteOffer', { offerId: 'offer-1' }))
      .then(event('OfferDeleted', { offerId: 'offer-1' })));

  it('keeps the approved offer: it is the price agreement', () => {
    const approved = [
      ...offering,
      event('OfferApproved', { offerId: 'offer-1', price: 120_000, rejectedOfferIds: ['offer-2'] }),
    ];
    given(...approved)
      .when(command('DeleteOffer', { offerId: 'offer-1' }))
      .thenThrows('OFFER_STATUS_INVALID');
    given(...approved)
      .when(command('DeleteOffer', { offerId: 'x' }))
      .thenThrows('OFFER_NOT_FOUND');
  });
});
