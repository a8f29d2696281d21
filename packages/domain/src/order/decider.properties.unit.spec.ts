// Properties of the order decider over random command sequences (valid and invalid commands mixed).
import * as fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { assertLedgerPricing, assertLoadPricing, assertOrderPricing } from '../pricing.ts';
import { stepSequence, type Step } from '../test-support/arbitraries.ts';
import { stateOf } from '../test-support/fixtures.ts';
import { decide } from './decide.ts';
import { DomainError } from './errors.ts';
import { eventSchemaVersions, statusMoveOf, type OrderEvent } from './events.ts';
import { evolve } from './evolve.ts';
import { orderVatDate } from './order-date.ts';
import { paidTotal } from './payments.ts';
import { initialState, type Order, type OrderState } from './state.ts';
import { canTransition } from './status.ts';
import { upcastOrderEvent } from './upcast.ts';

const runs = { numRuns: 500 };

/** Fails the property (fast-check then shrinks the sequence) unless `holds`. */
function invariant(holds: boolean, message: string): void {
  if (!holds) throw new Error(message);
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const member of Object.values(value)) deepFreeze(member);
  }
  return value;
}

interface Applied {
  before: OrderState;
  event: OrderEvent;
  after: OrderState;
}

/**
 * Runs the steps on frozen states (so evolve and decide cannot mutate them), keeping the events
 * of the commands accepted; `onEvent` sees every event applied. Only DomainErrors may refuse a
 * command, and after DeleteOrder every command is refused with ORDER_DELETED.
 */
function run(
  steps: readonly Step[],
  onEvent: (applied: Applied) => void = () => {},
  onCommand: (after: OrderState) => void = () => {},
) {
  let state = initialState();
  const events: OrderEvent[] = [];
  for (const next of steps) {
    const deleted = state.exists && state.deletedAt !== null;
    let produced: OrderEvent[];
    try {
      produced = decide(next(state), deepFreeze(state));
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      invariant(!deleted || error.code === 'ORDER_DELETED', `a deleted order refused with ${error.code}`);
      continue;
    }
    invariant(!deleted, 'a deleted order accepted a command');
    for (const event of produced) {
      const after = evolve(deepFreeze(state), deepFreeze(event));
      onEvent({ before: state, event, after });
      state = after;
    }
    onCommand(state);
    events.push(...produced);
  }
  return { state, events };
}

/** Every stored pricing block adds up; paid payments have amounts and stay within the total. */
function checkMoney(order: Order): void {
  const date = orderVatDate(order);
  if (order.pricing) assertOrderPricing(order.pricing, { path: 'pricing', date });
  for (const load of order.loads) if (load.pricing) assertLoadPricing(load.pricing, { path: 'loads', date });
  for (const expense of order.expenses)
    assertLedgerPricing(expense.pricing, { path: 'pricing', date: expense.date ?? date });
  for (const payment of order.payments) {
    invariant(
      payment.amount === undefined || Number.isSafeInteger(payment.amount),
      'a payment amount is not kuruş',
    );
    invariant(
      payment.paymentStatus !== 'paid' || payment.amount !== undefined,
      'a paid payment has no amount',
    );
  }
  const total = order.pricing?.totalAmount;
  invariant(
    total === undefined || paidTotal(order.payments) <= total,
    'paid payments exceed the order total',
  );
}

/** Delivery marks, drafts, unique load numbers and drivers, the approved offer. */
function checkCoherence(event: OrderEvent, order: Order): void {
  const delivered = order.status === 'delivered';
  const undelivered = order.loads.filter((load) => load.delivery === null).map((load) => load.loadNo);
  invariant(!delivered || undelivered.length === 0, 'a delivered order has undelivered loads');
  invariant(
    (order.statusBeforeDelivery !== null) === delivered,
    'statusBeforeDelivery is set exactly while delivered',
  );
  invariant(
    (order.delivery !== null) === delivered,
    'the order delivery is recorded exactly while delivered',
  );
  invariant(
    event.type !== 'DeliveryCancelled' || undelivered.length === order.loads.length,
    'CancelDelivery left marks',
  );
  if (event.type === 'LoadsDelivered') {
    invariant(
      event.data.loadNos.every((loadNo) => !undelivered.includes(loadNo)),
      'LoadsDelivered left loads unmarked',
    );
  }
  invariant(!order.isDraft || order.status === 'created', 'a draft left created');
  invariant(
    new Set(order.drivers.map((driver) => driver.userId)).size === order.drivers.length,
    'duplicate drivers',
  );
  const approved = order.approvedOffer;
  const offer = order.offers.find((candidate) => candidate.offerId === approved?.offerId);
  invariant(approved === null || offer?.offerStatus === 'approved', 'the approved offer is not approved');
}

describe('random command sequences', () => {
  it('never make a move the transition table forbids', () =>
    fc.assert(
      fc.property(stepSequence, (steps) => {
        run(steps, ({ before, event, after }) => {
          if (!before.exists || !after.exists) return;
          const move = statusMoveOf(event) ?? { from: before.status, to: before.status };
          invariant(
            move.from === before.status,
            `${event.type} moves from ${move.from}, not ${before.status}`,
          );
          invariant(after.status === move.to, `${event.type} leaves ${after.status}, not ${move.to}`);
          if (move.from === move.to) return;
          const allowed =
            event.type === 'DeliveryCancelled'
              ? move.to === before.statusBeforeDelivery
              : canTransition(move.from, move.to);
          invariant(allowed, `${event.type}: ${move.from} → ${move.to}`);
        });
      }),
      runs,
    ));

  it('rebuild the same state when their events are replayed, through JSON and upcasting', () =>
    fc.assert(
      fc.property(stepSequence, (steps) => {
        const { state, events } = run(steps);
        expect(stateOf(events)).toEqual(state);
        expect(stateOf(events)).toEqual(stateOf(events));
        expect(JSON.parse(JSON.stringify(state))).toStrictEqual(state);
        const stored = JSON.parse(JSON.stringify(events)) as OrderEvent[];
        const read = stored.map((event) =>
          upcastOrderEvent({ ...event, schemaVersion: eventSchemaVersions[event.type] }),
        );
        expect(stateOf(read)).toStrictEqual(state);
      }),
      runs,
    ));

  it('keep money consistent: pricing blocks add up and paid payments stay within the total', () =>
    fc.assert(
      fc.property(stepSequence, (steps) => {
        run(steps, ({ after }) => after.exists && checkMoney(after));
      }),
      runs,
    ));

  it('keep the order coherent: delivery marks, drafts, load numbers, drivers and offers', () =>
    fc.assert(
      fc.property(stepSequence, (steps) => {
        run(
          steps,
          ({ event, after }) => after.exists && checkCoherence(event, after),
          // A command's events are appended together: load numbers are unique once all are
          // applied (a swap of numbers between two loads passes through a duplicate).
          (after) =>
            after.exists &&
            invariant(
              new Set(after.loads.map((load) => load.loadNo)).size === after.loads.length,
              'duplicate load numbers',
            ),
        );
      }),
      runs,
    ));
});
