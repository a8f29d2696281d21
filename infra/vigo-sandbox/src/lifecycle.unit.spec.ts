import { describe, expect, it } from 'vitest';
import { canMove, isCancellable, nextState, pathTo, transitions, type WalkFacts } from './lifecycle.ts';
import { orderStates, type OrderState } from './contract.ts';

const at = (state: OrderState, history: OrderState[] = [state], hasReturns = false): WalkFacts => ({
  state,
  history,
  hasReturns,
});

function walk(start: WalkFacts): OrderState[] {
  const seen: OrderState[] = [];
  let facts = start;
  for (let next = nextState(facts); next !== null; next = nextState(facts)) {
    seen.push(next);
    facts = { ...facts, state: next, history: [...facts.history, next] };
  }
  return seen;
}

describe('the delivery walk', () => {
  it('takes an order from the queue to delivered', () => {
    expect(walk(at('inQueue'))).toEqual([
      'onTheWayForPickUp',
      'onPickUpAddress',
      'onDelivery',
      'onDeliveryAddress',
      'delivered',
    ]);
  });

  it('brings returned products back to the pickup point', () => {
    expect(walk(at('inQueue', ['inQueue'], true)).slice(-3)).toEqual([
      'onDeliveryAddress',
      'returning',
      'returned',
    ]);
  });

  it('waits while the pickup point is not approved', () => {
    expect(nextState(at('waiting'))).toBeNull();
  });

  it('sends a new courier to the pickup point after a transfer before pickup, and on to the receiver after', () => {
    expect(nextState(at('transferred', ['inQueue', 'onTheWayForPickUp', 'transferred']))).toBe(
      'onTheWayForPickUp',
    );
    expect(
      nextState(
        at('transferred', ['inQueue', 'onTheWayForPickUp', 'onPickUpAddress', 'onDelivery', 'transferred']),
      ),
    ).toBe('onDelivery');
  });

  it('only ever takes moves the transition table allows', () => {
    const forbidden: string[] = [];
    for (const state of orderStates) {
      for (const hasReturns of [false, true]) {
        for (const history of [[state], [state, 'onDelivery' as const]]) {
          const next = nextState(at(state, history, hasReturns));
          if (next !== null && !canMove(state, next)) forbidden.push(`${state} → ${next}`);
        }
      }
    }
    expect(forbidden).toEqual([]);
  });

  it('ends in a state with no way out', () => {
    for (const final of ['delivered', 'returned', 'cancelled'] as const) {
      expect(transitions[final]).toEqual([]);
      expect(nextState(at(final))).toBeNull();
    }
  });
});

describe('pathTo', () => {
  it('follows the walk to a named state', () => {
    expect(pathTo(at('inQueue'), 'onDelivery')).toEqual([
      'onTheWayForPickUp',
      'onPickUpAddress',
      'onDelivery',
    ]);
  });

  it('takes a side move the table allows', () => {
    expect(pathTo(at('onDelivery'), 'transferred')).toEqual(['transferred']);
    expect(pathTo(at('inQueue'), 'cancelled')).toEqual(['cancelled']);
  });

  it('refuses what cannot be reached', () => {
    expect(pathTo(at('delivered'), 'cancelled')).toBeNull();
    expect(pathTo(at('onDelivery'), 'inQueue')).toBeNull();
  });
});

describe('cancellation', () => {
  it('is possible until the order is delivered, returned or already cancelled', () => {
    expect(isCancellable('waiting')).toBe(true);
    expect(isCancellable('onDeliveryAddress')).toBe(true);
    for (const state of ['delivered', 'returning', 'returned', 'cancelled'] as const) {
      expect(isCancellable(state)).toBe(false);
    }
  });
});
