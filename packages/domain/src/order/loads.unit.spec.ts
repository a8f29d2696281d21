import { describe, expect, it } from 'vitest';
import { command, createOrder, event, eventsOf, historyTo, load, orderOf } from '../test-support/fixtures.ts';
import { given } from '../test-support/given-when-then.ts';

const withLoads = eventsOf(createOrder({ loads: [load('YUK-001'), load('YUK-002')] }));
const loadPricing = {
  baseAmount: 10_000,
  postalServiceAmount: 1_000,
  subTotalAmount: 11_000,
  vat: 20,
  vatAmount: 2_200,
  totalAmount: 13_200,
};

describe('CreateLoad', () => {
  it('adds a load', () =>
    given(...withLoads)
      .when(command('CreateLoad', { ...load('YUK-003'), pricing: loadPricing }))
      .then(event('LoadCreated', { load: { ...load('YUK-003'), pricing: loadPricing } })));

  it('keeps load numbers unique within the order', () =>
    given(...withLoads)
      .when(command('CreateLoad', load('YUK-001', 'load-new')))
      .thenThrows('LOAD_NO_TAKEN', { data: { loadNo: 'YUK-001' }, details: [{ path: 'loadNo' }] }));

  it('refuses a load id already used', () =>
    given(...withLoads)
      .when(command('CreateLoad', load('YUK-009', 'load-YUK-001')))
      .thenThrows('ID_ALREADY_USED'));

  it('checks fields and pricing, naming the body field', () => {
    given(...withLoads)
      .when(command('CreateLoad', { ...load('YUK-003'), loadNo: '' }))
      .thenThrows('VALIDATION_FAILED', { details: [{ path: 'loadNo' }] });
    given(...withLoads)
      .when(command('CreateLoad', { ...load('YUK-003'), pricing: { ...loadPricing, vat: 18 } }))
      .thenThrows('VAT_RATE_INVALID', { details: [{ path: 'pricing.vat' }] });
  });

  it('not on a cancelled or delivered order', () => {
    given(...historyTo('cancelled'))
      .when(command('CreateLoad', load('YUK-003')))
      .thenThrows('ORDER_ALREADY_CANCELLED');
    given(...historyTo('delivered'))
      .when(command('CreateLoad', load('YUK-003')))
      .thenThrows('ORDER_DELIVERED');
  });
});

describe('UpdateLoad', () => {
  it('writes the load with its changes', () =>
    given(...withLoads)
      .when(command('UpdateLoad', { loadId: 'load-YUK-002', weight: 30, stackable: true }))
      .then(event('LoadUpdated', { load: { ...load('YUK-002'), weight: 30, stackable: true } })));

  it('may keep its own number but not take another', () => {
    expect(
      given(...withLoads)
        .when(command('UpdateLoad', { loadId: 'load-YUK-001', loadNo: 'YUK-001' }))
        .events(),
    ).toHaveLength(1);
    given(...withLoads)
      .when(command('UpdateLoad', { loadId: 'load-YUK-001', loadNo: 'YUK-002' }))
      .thenThrows('LOAD_NO_TAKEN');
  });

  it('refuses an unknown load', () =>
    given(...withLoads)
      .when(command('UpdateLoad', { loadId: 'load-404' }))
      .thenThrows('LOAD_NOT_FOUND', { data: { loadId: 'load-404' } }));
});

describe('DeleteLoad', () => {
  it('removes the load and its logs', () => {
    const loadLog = {
      loadLogId: 'log-1',
      loadId: 'load-YUK-001',
      loadNo: 'YUK-001',
      loadType: 'parcel' as const,
      loadStatus: 'loaded' as const,
      loadActionType: 'load' as const,
    };
    const history = [...withLoads, event('LoadLogCreated', { loadLog })];
    given(...history)
      .when(command('DeleteLoad', { loadId: 'load-YUK-001' }))
      .then(event('LoadDeleted', { loadId: 'load-YUK-001' }));
    expect(
      given(...history)
        .when(command('DeleteLoad', { loadId: 'load-YUK-001' }))
        .state(),
    ).toMatchObject({
      loads: [{ loadNo: 'YUK-002' }],
      loadLogs: [],
    });
  });

  it('refuses an unknown load, and loads of a closed order', () => {
    given(...withLoads)
      .when(command('DeleteLoad', { loadId: 'load-404' }))
      .thenThrows('LOAD_NOT_FOUND');
    given(...historyTo('delivered'))
      .when(command('DeleteLoad', { loadId: 'load-YUK-001' }))
      .thenThrows('ORDER_DELIVERED');
  });
});

describe('load logs', () => {
  const log = {
    loadLogId: 'log-1',
    loadId: 'load-YUK-001',
    loadNo: 'YUK-001',
    loadType: 'parcel' as const,
    loadStatus: 'loaded' as const,
    loadActionType: 'load' as const,
    legId: 'leg-1',
  };
  const logged = [...withLoads, event('LoadLogCreated', { loadLog: log })];

  it('CreateLoadLog records a movement of a load', () =>
    given(...withLoads)
      .when(command('CreateLoadLog', log))
      .then(event('LoadLogCreated', { loadLog: log })));

  it("needs the load's own number, an existing load and a free id", () => {
    given(...withLoads)
      .when(command('CreateLoadLog', { ...log, loadNo: 'YUK-002' }))
      .thenThrows('VALIDATION_FAILED', {
        details: [{ path: 'loadNo', reason: "the load's number is YUK-001" }],
      });
    given(...withLoads)
      .when(command('CreateLoadLog', { ...log, loadId: 'load-404' }))
      .thenThrows('LOAD_NOT_FOUND');
    given(...logged)
      .when(command('CreateLoadLog', log))
      .thenThrows('ID_ALREADY_USED');
  });

  it('UpdateLoadLog writes the log with its changes', () => {
    given(...logged)
      .when(
        command('UpdateLoadLog', {
          loadId: 'load-YUK-001',
          loadLogId: 'log-1',
          loadStatus: 'unloaded',
          loadActionType: 'unload',
        }),
      )
      .then(
        event('LoadLogUpdated', { loadLog: { ...log, loadStatus: 'unloaded', loadActionType: 'unload' } }),
      );
    given(...logged)
      .when(command('UpdateLoadLog', { loadId: 'load-YUK-001', loadLogId: 'log-1', loadStatus: 'loaded' }))
      .then();
    given(...logged)
      .when(command('UpdateLoadLog', { loadId: 'load-YUK-001', loadLogId: 'log-1', loadNo: 'YUK-002' }))
      .thenThrows('VALIDATION_FAILED');
    given(...logged)
      .when(command('UpdateLoadLog', { loadId: 'load-YUK-001', loadLogId: 'log-1', legId: '' }))
      .thenThrows('VALIDATION_FAILED');
  });

  it('finds a log only under its own load', () => {
    given(...logged)
      .when(command('UpdateLoadLog', { loadId: 'load-YUK-002', loadLogId: 'log-1' }))
      .thenThrows('LOAD_LOG_NOT_FOUND', { data: { loadLogId: 'log-1' } });
    given(...logged)
      .when(command('DeleteLoadLog', { loadId: 'load-404', loadLogId: 'log-1' }))
      .thenThrows('LOAD_NOT_FOUND');
  });

  it('DeleteLoadLog removes it', () => {
    given(...logged)
      .when(command('DeleteLoadLog', { loadId: 'load-YUK-001', loadLogId: 'log-1' }))
      .then(event('LoadLogDeleted', { loadId: 'load-YUK-001', loadLogId: 'log-1' }));
    expect(
      orderOf([...logged, event('LoadLogDeleted', { loadId: 'load-YUK-001', loadLogId: 'log-1' })]).loadLogs,
    ).toEqual([]);
  });
});
