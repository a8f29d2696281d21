import { canTransition, orderStatuses, type OrderStatus } from '@orders/domain';
import { orderStates } from '@orders/contracts/vigo';
import { describe, expect, it } from 'vitest';
import { movesFor, needsReconcile, planPath, statusRank, vigoStateRank } from './status-mapping.ts';

describe('movesFor', () => {
  it.each<[string, OrderStatus, OrderStatus[]]>([
    ['inQueue', 'created', []],
    ['onTheWayForPickUp', 'created', ['assigned', 'to-picking']],
    ['onPickUpAddress', 'assigned', ['to-picking']],
    ['onDelivery', 'to-picking', ['picked', 'on-delivery']],
    ['onDeliveryAddress', 'created', ['assigned', 'to-picking', 'picked', 'on-delivery']],
    ['delivered', 'on-delivery', ['delivered']],
    ['delivered', 'to-picking', ['picked', 'on-delivery', 'delivered']],
    ['returning', 'on-delivery', ['handover']],
    ['returned', 'on-delivery', ['handover', 'cancelled']],
    ['returned', 'handover', ['cancelled']],
    ['cancelled', 'created', ['cancelled']],
    ['cancelled', 'to-picking', ['cancelled']],
    ['cancelled', 'picked', ['cancelled']],
    ['cancelled', 'on-delivery', ['handover']],
    ['onTheWayForPickUp', 'offering', ['assigned', 'to-picking']],
    ['transferred', 'to-picking', []],
  ])('%s with the order in %s moves %j', (state, current, moves) => {
    expect(movesFor(state as never, current)).toEqual(moves);
  });

  it('never moves an order backwards, whatever the state and the status', () => {
    for (const state of orderStates) {
      for (const current of orderStatuses) {
        let at = current;
        for (const next of movesFor(state, current)) {
          expect(canTransition(at, next), `${state}: ${at} → ${next}`).toBe(true);
          expect(statusRank[next]).toBeGreaterThan(statusRank[at]);
          at = next;
        }
      }
    }
  });

  it('does nothing for a state the order is already past', () => {
    expect(movesFor('onPickUpAddress', 'on-delivery')).toEqual([]);
    expect(movesFor('onDelivery', 'delivered')).toEqual([]);
    expect(movesFor('delivered', 'cancelled')).toEqual([]);
    expect(movesFor('cancelled', 'delivered')).toEqual([]);
  });
});

describe('planPath', () => {
  it('finds the shortest forward chain through the status table', () => {
    expect(planPath('created', 'to-picking')).toEqual(['assigned', 'to-picking']);
    expect(planPath('picked', 'handover')).toEqual(['on-delivery', 'handover']);
    expect(planPath('on-delivery', 'on-delivery')).toEqual([]);
    expect(planPath('on-delivery', 'assigned')).toBeNull();
  });
});

describe('vigo state ranks', () => {
  it('follow the walk of a delivery', () => {
    const walk = [
      'waiting',
      'inQueue',
      'onTheWayForPickUp',
      'onPickUpAddress',
      'onDelivery',
      'onDeliveryAddress',
      'delivered',
    ] as const;
    for (let i = 1; i < walk.length; i++)
      expect(vigoStateRank[walk[i]!]).toBeGreaterThan(vigoStateRank[walk[i - 1]!]);
  });
  it('ask Vigo when callbacks were skipped or the order ends other than delivered', () => {
    expect(needsReconcile(vigoStateRank.inQueue, 'onTheWayForPickUp')).toBe(false);
    expect(needsReconcile(vigoStateRank.inQueue, 'onDelivery')).toBe(true);
    expect(needsReconcile(vigoStateRank.onDeliveryAddress, 'delivered')).toBe(false);
    expect(needsReconcile(vigoStateRank.onDelivery, 'cancelled')).toBe(true);
    expect(needsReconcile(vigoStateRank.onDelivery, 'returning')).toBe(true);
  });
});
