import { describe, expect, it } from 'vitest';
import { command, createOrder, event, eventsOf, historyTo } from '../test-support/fixtures.ts';
import { given } from '../test-support/given-when-then.ts';
import type { OrderEvent } from './events.ts';

const assign = (userId: string, driverStatus?: 'rejected' | 'atandı' | 'approved') =>
  command('AssignDriver', { userId, ...(driverStatus ? { driverStatus } : {}) });
const withDrivers = (history: OrderEvent[], ...commands: ReturnType<typeof assign>[]): OrderEvent[] => {
  let events = history;
  for (const next of commands)
    events = [
      ...events,
      ...given(...events)
        .when(next)
        .events(),
    ];
  return events;
};
const assigned = withDrivers(historyTo('created'), assign('driver-1'));

describe('AssignDriver', () => {
  it.each(['created', 'offering', 'pending'] as const)('moves an order in %s to assigned', (from) =>
    given(...historyTo(from))
      .when(assign('driver-1'))
      .then(
        event('DriverAssigned', { driver: { userId: 'driver-1', driverStatus: 'approved' } }),
        event('OrderStatusChanged', { from, to: 'assigned' }),
      ),
  );

  it('adds a further driver without a move', () => {
    given(...assigned)
      .when(assign('driver-2', 'atandı'))
      .then(event('DriverAssigned', { driver: { userId: 'driver-2', driverStatus: 'atandı' } }));
    given(...historyTo('to-picking'))
      .when(assign('driver-2'))
      .then(event('DriverAssigned', { driver: { userId: 'driver-2', driverStatus: 'approved' } }));
  });

  it('does not move the order for a driver who rejected', () =>
    given(...historyTo('pending'))
      .when(assign('driver-1', 'rejected'))
      .then(event('DriverAssigned', { driver: { userId: 'driver-1', driverStatus: 'rejected' } })));

  it('cannot assign the same user twice', () =>
    given(...assigned)
      .when(assign('driver-1', 'atandı'))
      .thenThrows('DRIVER_ALREADY_ASSIGNED', { data: { userId: 'driver-1' } }));

  it('cannot take a draft out of created', () => {
    const draft = eventsOf(createOrder({ isDraft: true }));
    given(...draft)
      .when(assign('driver-1'))
      .thenThrows('ORDER_IS_DRAFT');
    expect(
      given(...draft)
        .when(assign('driver-1', 'rejected'))
        .events(),
    ).toHaveLength(1);
  });

  it('not on a closed order, nor with a blank user id', () => {
    given(...historyTo('cancelled'))
      .when(assign('driver-1'))
      .thenThrows('ORDER_ALREADY_CANCELLED');
    given(...historyTo('delivered'))
      .when(assign('driver-1'))
      .thenThrows('ORDER_DELIVERED');
    given(...historyTo('created'))
      .when(assign(' '))
      .thenThrows('VALIDATION_FAILED', { details: [{ path: 'userId' }] });
  });
});

describe('UpdateDriver', () => {
  it('returns an assigned order to pending when its last active driver rejects', () =>
    given(...assigned)
      .when(command('UpdateDriver', { userId: 'driver-1', driverStatus: 'rejected' }))
      .then(
        event('DriverUpdated', { driver: { userId: 'driver-1', driverStatus: 'rejected' } }),
        event('OrderStatusChanged', { from: 'assigned', to: 'pending' }),
      ));

  it('assigns a pending order when a driver accepts', () => {
    const rejected = withDrivers(historyTo('pending'), assign('driver-1', 'rejected'));
    given(...rejected)
      .when(command('UpdateDriver', { userId: 'driver-1', driverStatus: 'approved' }))
      .then(
        event('DriverUpdated', { driver: { userId: 'driver-1', driverStatus: 'approved' } }),
        event('OrderStatusChanged', { from: 'pending', to: 'assigned' }),
      );
  });

  it('keeps the order assigned while another driver is active', () => {
    const two = withDrivers(assigned, assign('driver-2'));
    given(...two)
      .when(command('UpdateDriver', { userId: 'driver-1', driverStatus: 'cancelled' }))
      .then(event('DriverUpdated', { driver: { userId: 'driver-1', driverStatus: 'cancelled' } }));
  });

  it('emits nothing for the same status', () =>
    given(...assigned)
      .when(command('UpdateDriver', { userId: 'driver-1', driverStatus: 'approved' }))
      .then());

  it('completes a driver after delivery', () => {
    const delivered = [
      ...historyTo('delivered'),
      event('DriverAssigned', { driver: { userId: 'd', driverStatus: 'approved' } }),
    ];
    given(...delivered)
      .when(command('UpdateDriver', { userId: 'd', driverStatus: 'completed' }))
      .then(event('DriverUpdated', { driver: { userId: 'd', driverStatus: 'completed' } }));
  });

  it('refuses an unknown driver', () =>
    given(...assigned)
      .when(command('UpdateDriver', { userId: 'nobody', driverStatus: 'approved' }))
      .thenThrows('DRIVER_NOT_FOUND', { data: { userId: 'nobody' } }));
});

describe('RemoveDriver', () => {
  it('returns an assigned order to pending when no active driver remains', () =>
    given(...assigned)
      .when(command('RemoveDriver', { userId: 'driver-1' }))
      .then(
        event('DriverRemoved', { userId: 'driver-1' }),
        event('OrderStatusChanged', { from: 'assigned', to: 'pending' }),
      ));

  it('keeps the status when an active driver remains, or the removed one was not active', () => {
    const two = withDrivers(assigned, assign('driver-2', 'rejected'), assign('driver-3'));
    given(...two)
      .when(command('RemoveDriver', { userId: 'driver-1' }))
      .then(event('DriverRemoved', { userId: 'driver-1' }));
    given(...two)
      .when(command('RemoveDriver', { userId: 'driver-2' }))
      .then(event('DriverRemoved', { userId: 'driver-2' }));
  });

  it('leaves later statuses alone', () => {
    const picking = [...assigned, event('OrderStatusChanged', { from: 'assigned', to: 'to-picking' })];
    given(...picking)
      .when(command('RemoveDriver', { userId: 'driver-1' }))
      .then(event('DriverRemoved', { userId: 'driver-1' }));
  });

  it('refuses an unknown driver and a closed order', () => {
    given(...assigned)
      .when(command('RemoveDriver', { userId: 'nobody' }))
      .thenThrows('DRIVER_NOT_FOUND');
    given(...assigned, event('OrderCancelled', { from: 'assigned' }))
      .when(command('RemoveDriver', { userId: 'driver-1' }))
      .thenThrows('ORDER_ALREADY_CANCELLED');
  });
});
