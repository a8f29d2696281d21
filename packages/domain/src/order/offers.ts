// Offers — teklifler (spec 29). An offer puts a created/pending order in offering; approving one
// rejects the others still open, records the price and moves offering → pending.
import { assertKurus, type Kurus } from '../money.ts';
import {
  eventOf,
  optional,
  type CommandContext,
  type Deciders,
  type DomainEvent,
  type Evolvers,
} from './context.ts';
import type { OfferStatus } from './enums.ts';
import { DomainError } from './errors.ts';
import { assertIdFree, findBy, putBy, removeBy, requireOpen } from './guards.ts';
import { assertNotDraft, statusChanged, type OrderStatusChanged } from './moves.ts';
import type { Offer, OfferUser, Order } from './state.ts';
import { invalidTransition } from './status.ts';

export interface CreateOffer extends CommandContext {
  type: 'CreateOffer';
  offerId: string;
  prevPrice?: Kurus;
  price: Kurus;
  /** Exactly two: one sender side, one receiver side. */
  users: OfferUser[];
}
export interface UpdateOffer extends CommandContext {
  type: 'UpdateOffer';
  offerId: string;
  offerStatus: OfferStatus;
}
export interface DeleteOffer extends CommandContext {
  type: 'DeleteOffer';
  offerId: string;
}
export type OfferCommand = CreateOffer | UpdateOffer | DeleteOffer;

export type OfferCreated = DomainEvent<'OfferCreated', { offer: Offer }>;
/** The offer is approved at `price`; `rejectedOfferIds` were still open and are now rejected. */
export type OfferApproved = DomainEvent<
  'OfferApproved',
  { offerId: string; price: Kurus; rejectedOfferIds: string[] }
>;
/** Rejected or cancelled. */
export type OfferUpdated = DomainEvent<'OfferUpdated', { offerId: string; offerStatus: OfferStatus }>;
export type OfferDeleted = DomainEvent<'OfferDeleted', { offerId: string }>;
export type OfferEvent = OfferCreated | OfferApproved | OfferUpdated | OfferDeleted;

function assertUsers(users: readonly OfferUser[]): void {
  const sides = users.map((user) => user.side).toSorted();
  const complete = users.every((user) => user.userId.trim() !== '' && user.userType.trim() !== '');
  if (users.length === 2 && sides[0] === 'receiver' && sides[1] === 'sender' && complete) return;
  const reason = 'exactly two users: one sender side and one receiver side, each with user id and type';
  throw new DomainError('OFFER_USERS_INVALID', reason, [{ path: 'users', reason }], { count: users.length });
}

function offerStatusError(offer: Offer, to: OfferStatus): DomainError {
  const from = offer.offerStatus;
  return new DomainError(
    'OFFER_STATUS_INVALID',
    `Offer ${offer.offerId} cannot move from ${from} to ${to}`,
    [{ path: 'offerStatus', reason: `not allowed from ${from}` }],
    { offerId: offer.offerId, from, to },
  );
}

function approve(command: UpdateOffer, order: Order, offer: Offer): (OfferApproved | OrderStatusChanged)[] {
  requireOpen(order);
  const rejectedOfferIds = order.offers
    .filter((other) => other.offerId !== offer.offerId && other.offerStatus === 'created')
    .map((other) => other.offerId);
  const approved = eventOf(command, 'OfferApproved', {
    offerId: offer.offerId,
    price: offer.price,
    rejectedOfferIds,
  });
  return order.status === 'offering' ? [approved, statusChanged(command, 'offering', 'pending')] : [approved];
}

export const offerDeciders: Deciders<OfferCommand, OfferEvent | OrderStatusChanged> = {
  CreateOffer(command, order) {
    requireOpen(order);
    assertIdFree(order.offers, 'offerId', command.offerId);
    const { offerId, prevPrice, price, users } = command;
    assertUsers(users);
    assertKurus(price, { path: 'price' });
    if (prevPrice !== undefined) assertKurus(prevPrice, { path: 'prevPrice' });
    if (!['created', 'pending', 'offering'].includes(order.status))
      throw invalidTransition(order.status, 'offering');
    const offer: Offer = {
      offerId,
      price,
      users,
      offerStatus: 'created',
      ...optional('prevPrice', prevPrice),
    };
    const created = eventOf(command, 'OfferCreated', { offer });
    if (order.status === 'offering') return [created];
    assertNotDraft(order);
    return [created, statusChanged(command, order.status, 'offering')];
  },
  UpdateOffer(command, order) {
    const offer = findBy(order.offers, 'offerId', command.offerId, 'OFFER_NOT_FOUND');
    if (offer.offerStatus !== 'created' || command.offerStatus === 'created') {
      throw offerStatusError(offer, command.offerStatus);
    }
    if (command.offerStatus === 'approved') return approve(command, order, offer);
    return [eventOf(command, 'OfferUpdated', { offerId: offer.offerId, offerStatus: command.offerStatus })];
  },
  DeleteOffer(command, order) {
    const offer = findBy(order.offers, 'offerId', command.offerId, 'OFFER_NOT_FOUND');
    if (offer.offerStatus === 'approved') throw offerStatusError(offer, 'cancelled');
    return [eventOf(command, 'OfferDeleted', { offerId: offer.offerId })];
  },
};

function withOfferStatus(
  offers: readonly Offer[],
  ids: readonly string[],
  offerStatus: OfferStatus,
): Offer[] {
  return offers.map((offer) => (ids.includes(offer.offerId) ? { ...offer, offerStatus } : offer));
}

export const offerEvolvers: Evolvers<OfferEvent> = {
  OfferCreated: (order, { data }) => ({ ...order, offers: putBy(order.offers, 'offerId', data.offer) }),
  OfferApproved: (order, { data }) => ({
    ...order,
    offers: withOfferStatus(
      withOfferStatus(order.offers, [data.offerId], 'approved'),
      data.rejectedOfferIds,
      'rejected',
    ),
    approvedOffer: { offerId: data.offerId, price: data.price },
  }),
  OfferUpdated: (order, { data }) => ({
    ...order,
    offers: withOfferStatus(order.offers, [data.offerId], data.offerStatus),
  }),
  OfferDeleted: (order, { data }) => ({ ...order, offers: removeBy(order.offers, 'offerId', data.offerId) }),
};
