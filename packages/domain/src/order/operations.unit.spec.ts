import { describe, it } from 'vitest';
import { command, createOrder, event, eventsOf } from '../test-support/fixtures.ts';
import { given } from '../test-support/given-when-then.ts';

const created = eventsOf(createOrder());
const operation = {
  operationId: 'operation-1',
  operationType: 'transport' as const,
  sourceType: 'outsource' as const,
  vehicleId: 'vehicle-1',
  supplierId: 'supplier-1',
};
const withOperation = [...created, event('OperationCreated', { operation })];

describe('operations', () => {
  it('CreateOperation records picking, transport or delivery work', () =>
    given(...created)
      .when(command('CreateOperation', operation))
      .then(event('OperationCreated', { operation })));

  it('checks ids and refuses a used operation id', () => {
    given(...created)
      .when(command('CreateOperation', { ...operation, vehicleId: '', userId: ' ', supplierId: '' }))
      .thenThrows('VALIDATION_FAILED', {
        details: [{ path: 'vehicleId' }, { path: 'userId' }, { path: 'supplierId' }],
      });
    given(...withOperation)
      .when(command('CreateOperation', operation))
      .thenThrows('ID_ALREADY_USED');
  });

  it('UpdateOperation writes the changes, nothing when there are none', () => {
    given(...withOperation)
      .when(
        command('UpdateOperation', { operationId: 'operation-1', sourceType: 'insource', userId: 'user-9' }),
      )
      .then(
        event('OperationUpdated', { operation: { ...operation, sourceType: 'insource', userId: 'user-9' } }),
      );
    given(...withOperation)
      .when(command('UpdateOperation', { operationId: 'operation-1', operationType: 'transport' }))
      .then();
  });

  it('DeleteOperation removes it; unknown ids → OPERATION_NOT_FOUND', () => {
    given(...withOperation)
      .when(command('DeleteOperation', { operationId: 'operation-1' }))
      .then(event('OperationDeleted', { operationId: 'operation-1' }));
    given(...withOperation)
      .when(command('UpdateOperation', { operationId: 'x' }))
      .thenThrows('OPERATION_NOT_FOUND');
    given(...withOperation)
      .when(command('DeleteOperation', { operationId: 'x' }))
      .thenThrows('OPERATION_NOT_FOUND');
  });
});
