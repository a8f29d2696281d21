import { describe, it } from 'vitest';
import { command, createOrder, event, eventsOf } from '../test-support/fixtures.ts';
import { given } from '../test-support/given-when-then.ts';

const created = eventsOf(createOrder());
const waybill = {
  waybillId: 'waybill-1',
  sequenceNo: '001',
  waybillType: 'shipment' as const,
  currency: 'TRY',
};
const withWaybill = [...created, event('WaybillCreated', { waybill })];

describe('waybills', () => {
  it('CreateWaybill defaults the type to shipment and the currency to TRY', () =>
    given(...created)
      .when(command('CreateWaybill', { waybillId: 'waybill-1', sequenceNo: '001' }))
      .then(event('WaybillCreated', { waybill })));

  it('keeps every field of the body, the amount in kuruş', () => {
    const full = {
      waybillId: 'waybill-2',
      serialNo: 'SER-001',
      sequenceNo: '002',
      waybillType: 'transportation' as const,
      shipmentDate: '2024-01-15',
      shipmentHour: '08:00',
      currency: 'EUR',
      amount: 500_000,
    };
    given(...created)
      .when(command('CreateWaybill', full))
      .then(event('WaybillCreated', { waybill: full }));
  });

  it('checks the fields and the amount', () => {
    given(...created)
      .when(
        command('CreateWaybill', {
          waybillId: 'w',
          sequenceNo: ' ',
          serialNo: '',
          shipmentDate: '15.01.2024',
          shipmentHour: '8',
          currency: 'TL',
        }),
      )
      .thenThrows('VALIDATION_FAILED', {
        details: [
          { path: 'sequenceNo' },
          { path: 'serialNo' },
          { path: 'shipmentDate' },
          { path: 'shipmentHour' },
          { path: 'currency' },
        ],
      });
    given(...created)
      .when(command('CreateWaybill', { waybillId: 'w', sequenceNo: '1', amount: 50.5 }))
      .thenThrows('INVALID_AMOUNT', { details: [{ path: 'amount' }] });
    given(...withWaybill)
      .when(command('CreateWaybill', waybill))
      .thenThrows('ID_ALREADY_USED');
  });

  it('UpdateWaybill writes the changes, nothing when there are none', () => {
    given(...withWaybill)
      .when(
        command('UpdateWaybill', { waybillId: 'waybill-1', waybillType: 'transportation', amount: 1_000 }),
      )
      .then(
        event('WaybillUpdated', { waybill: { ...waybill, waybillType: 'transportation', amount: 1_000 } }),
      );
    given(...withWaybill)
      .when(command('UpdateWaybill', { waybillId: 'waybill-1', sequenceNo: '001' }))
      .then();
    given(...withWaybill)
      .when(command('UpdateWaybill', { waybillId: 'waybill-1', sequenceNo: '' }))
      .thenThrows('VALIDATION_FAILED');
  });

  it('DeleteWaybill removes it', () =>
    given(...withWaybill)
      .when(command('DeleteWaybill', { waybillId: 'waybill-1' }))
      .then(event('WaybillDeleted', { waybillId: 'waybill-1' })));

  it.each([
    command('UpdateWaybill', { waybillId: 'waybill-404' }),
    command('DeleteWaybill', { waybillId: 'waybill-404' }),
  ])('$type of an unknown waybill → WAYBILL_NOT_FOUND', (unknown) =>
    given(...withWaybill)
      .when(unknown)
      .thenThrows('WAYBILL_NOT_FOUND', { data: { waybillId: 'waybill-404' } }),
  );
});
