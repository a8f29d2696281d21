import { describe, expect, it } from 'vitest';
import { command, context, createOrder, event, eventsOf, orderOf } from '../test-support/fixtures.ts';
import { given } from '../test-support/given-when-then.ts';
import { sampleCommands } from '../test-support/samples.ts';
import { orderCommandTypes } from './commands.ts';

const created = eventsOf(createOrder());

describe('DeleteOrder', () => {
  const afterDelete = [...created, event('OrderDeleted', {})];

  it('soft-deletes the order', () => {
    given(...created)
      .when(command('DeleteOrder', {}))
      .then(event('OrderDeleted', {}));
    expect(orderOf(afterDelete)).toMatchObject({ deletedAt: context.at, orderNo: 'ORD-0001' });
  });

  it.each(orderCommandTypes)('afterwards refuses %s with ORDER_DELETED', (type) =>
    given(...afterDelete)
      .when(sampleCommands[type])
      .thenThrows('ORDER_DELETED'),
  );
});

describe('commands on a missing order', () => {
  it.each(orderCommandTypes.filter((type) => type !== 'CreateOrder'))('%s → ORDER_NOT_FOUND', (type) =>
    given().when(sampleCommands[type]).thenThrows('ORDER_NOT_FOUND'),
  );

  it("hides another tenant's order", () =>
    given(...created)
      .when(command('CancelOrder', {}, { tenantId: 'tenant-2' }))
      .thenThrows('ORDER_NOT_FOUND'));

  it('refuses a command for another order id', () =>
    given(...created)
      .when(command('CancelOrder', {}, { orderId: 'other-order' }))
      .thenThrows('ORDER_NOT_FOUND'));
});
