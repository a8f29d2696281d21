import { describe, expect, it } from 'vitest';
import { createOrder, event, eventsOf, historyTo, orderOf, stateOf } from '../test-support/fixtures.ts';
import { isSameData, withoutUndefined } from './context.ts';
import { decider } from './decider.ts';
import { DomainError, domainErrorCodes, isDomainError } from './errors.ts';
import { eventSchemaVersions, orderEventTypes, statusMoveOf, type OrderEvent } from './events.ts';
import { evolve } from './evolve.ts';
import { orderCommandTypes } from './commands.ts';
import { initialState } from './state.ts';

describe('the decider', () => {
  it('is { initialState, decide, evolve }', () => {
    const events = decider.decide(createOrder(), decider.initialState());
    expect(events.reduce(decider.evolve, decider.initialState())).toMatchObject({
      exists: true,
      status: 'created',
    });
    expect(initialState()).toEqual({ exists: false });
  });

  it('lists its command and event types', () => {
    expect(orderCommandTypes).toHaveLength(44);
    expect(orderEventTypes).toEqual(Object.keys(eventSchemaVersions));
    expect(new Set(domainErrorCodes).size).toBe(domainErrorCodes.length);
  });

  it('stamps every event on the order as its last update', () => {
    const history = [
      ...eventsOf(createOrder()),
      event('OrderUpdated', { changes: { note: 'x' } }, { at: '2024-03-02T00:00:00Z', actorId: 'user-2' }),
    ];
    expect(orderOf(history)).toMatchObject({
      updatedAt: '2024-03-02T00:00:00Z',
      updatedBy: 'user-2',
      createdBy: 'user-1',
    });
  });

  it('evolve ignores events before OrderCreated and of unknown types, and never mutates', () => {
    expect(evolve(initialState(), event('OrderDeleted', {}))).toEqual({ exists: false });
    const state = stateOf(historyTo('assigned'));
    const frozen = JSON.parse(JSON.stringify(state)) as typeof state;
    const unknown = {
      type: 'OrderTeleported',
      data: event('OrderDeleted', {}).data,
    } as unknown as OrderEvent;
    expect(evolve(state, unknown)).toBe(state);
    evolve(state, event('OrderCancelled', { from: 'assigned' }));
    expect(state).toEqual(frozen);
  });

  it('statusMoveOf reads the five status events and nothing else', () => {
    expect(statusMoveOf(event('OrderStatusChanged', { from: 'created', to: 'pending' }))).toEqual({
      from: 'created',
      to: 'pending',
    });
    expect(statusMoveOf(event('OrderCancelled', { from: 'pending' }))).toEqual({
      from: 'pending',
      to: 'cancelled',
    });
    expect(statusMoveOf(event('OrderDelivered', { from: 'handover' }))).toEqual({
      from: 'handover',
      to: 'delivered',
    });
    expect(
      statusMoveOf(event('HandoverCreated', { handoverId: 'h', handoverReason: 'away', from: 'in-arrival' })),
    ).toEqual({ from: 'in-arrival', to: 'handover' });
    expect(statusMoveOf(event('DeliveryCancelled', { restoredStatus: 'in-arrival' }))).toEqual({
      from: 'delivered',
      to: 'in-arrival',
    });
    expect(statusMoveOf(event('OrderDeleted', {}))).toBeNull();
  });

  it('emits no undefined members, whatever the caller left in the command', () => {
    const events = decider.decide(
      { ...createOrder(), note: undefined } as unknown as ReturnType<typeof createOrder>,
      initialState(),
    );
    expect(JSON.parse(JSON.stringify(events))).toStrictEqual(events);
  });
});

describe('helpers', () => {
  it('withoutUndefined drops undefined members deeply, keeping null', () =>
    expect(withoutUndefined({ a: undefined, b: null, c: [{ d: undefined, e: 1 }], f: 'x' })).toStrictEqual({
      b: null,
      c: [{ e: 1 }],
      f: 'x',
    }));

  it('isSameData compares JSON data deeply, ignoring key order', () => {
    expect(isSameData({ a: 1, b: [1, { c: 2 }] }, { b: [1, { c: 2 }], a: 1 })).toBe(true);
    expect(isSameData({ a: 1 }, { a: 2 })).toBe(false);
    expect(isSameData({ a: 1 }, { b: 1 })).toBe(false);
    expect(isSameData({ a: 1 }, { a: 1, b: 2 })).toBe(false);
    expect(isSameData([1], { 0: 1 })).toBe(false);
    expect(isSameData(null, {})).toBe(false);
    expect(isSameData('a', 'a')).toBe(true);
  });

  it('isDomainError narrows by code', () => {
    const error = new DomainError('ORDER_DELETED', 'gone');
    expect(isDomainError(error)).toBe(true);
    expect(isDomainError(error, 'ORDER_DELETED')).toBe(true);
    expect(isDomainError(error, 'ORDER_NOT_FOUND')).toBe(false);
    expect(isDomainError(new Error('x'))).toBe(false);
    expect(error).toMatchObject({ name: 'DomainError', details: [], data: {} });
  });
});
