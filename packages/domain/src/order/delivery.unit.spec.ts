import { describe, expect, it } from 'vitest';
import {
  command,
  context,
  createOrder,
  event,
  eventsOf,
  historyTo,
  orderOf,
} from '../test-support/fixtures.ts';
import { given } from '../test-support/given-when-then.ts';
import type { OrderEvent } from './events.ts';

const onDelivery = historyTo('on-delivery');
const deliver = (loadNos: string[], recipient: { recipientName?: string; recipientPhone?: string } = {}) =>
  command('DeliverLoads', { loadNos, ...recipient });
const after = (history: OrderEvent[], ...events: OrderEvent[]) => [...history, ...events];

describe('DeliverLoads', () => {
  it('records a partial delivery with its recipient, the status unchanged', () => {
    given(...onDelivery)
      .when(deliver(['YUK-001'], { recipientName: 'Ayşe Kaya', recipientPhone: '0555 123 45 67' }))
      .then(
        event('LoadsDelivered', {
          loadNos: ['YUK-001'],
          recipientName: 'Ayşe Kaya',
          recipientPhone: '+905551234567',
        }),
      );
    const state = given(...onDelivery)
      .when(deliver(['YUK-001'], { recipientName: 'Ayşe Kaya' }))
      .state();
    expect(state).toMatchObject({
      status: 'on-delivery',
      loads: [
        { loadNo: 'YUK-001', delivery: { at: context.at, recipientName: 'Ayşe Kaya' } },
        { loadNo: 'YUK-002', delivery: null },
      ],
    });
  });

  it('delivers the order with its last load', () => {
    const partly = after(onDelivery, event('LoadsDelivered', { loadNos: ['YUK-001'] }));
    given(...partly)
      .when(deliver(['YUK-002'], { recipientName: 'Ayşe Kaya' }))
      .then(
        event('LoadsDelivered', { loadNos: ['YUK-002'], recipientName: 'Ayşe Kaya' }),
        event('OrderDelivered', { from: 'on-delivery', recipientName: 'Ayşe Kaya' }),
      );
    expect(
      given(...partly)
        .when(deliver(['YUK-002']))
        .state(),
    ).toMatchObject({
      status: 'delivered',
      statusBeforeDelivery: 'on-delivery',
      delivery: { at: context.at },
    });
  });

  it('ignores loads already delivered', () => {
    const partly = after(onDelivery, event('LoadsDelivered', { loadNos: ['YUK-001'] }));
    given(...partly)
      .when(deliver(['YUK-001']))
      .then();
  });

  it.each(['in-arrival', 'handover'] as const)('delivers in %s', (from) =>
    given(...historyTo(from))
      .when(deliver(['YUK-002', 'YUK-001']))
      .then(event('LoadsDelivered', { loadNos: ['YUK-001', 'YUK-002'] }), event('OrderDelivered', { from })),
  );

  it('refuses an unknown load number', () =>
    given(...onDelivery)
      .when(deliver(['YUK-001', 'YUK-404']))
      .thenThrows('LOAD_NOT_FOUND', { data: { loadNo: 'YUK-404' } }));

  it('needs load numbers while loads remain undelivered', () =>
    given(...onDelivery)
      .when(deliver([]))
      .thenThrows('VALIDATION_FAILED', { details: [{ path: 'loadNos' }] }));

  it('delivers an order without loads by an empty call', () => {
    const history = eventsOf(
      createOrder(),
      ...['assigned', 'to-picking', 'picked', 'on-delivery'].map((to) =>
        command('ChangeStatus', { to: to as 'picked' }),
      ),
    );
    given(...history)
      .when(deliver([]))
      .then(event('OrderDelivered', { from: 'on-delivery' }));
  });

  it('only in on-delivery, handover and in-arrival', () => {
    given(...historyTo('picked'))
      .when(deliver(['YUK-001']))
      .thenThrows('INVALID_TRANSITION', { data: { from: 'picked', to: 'delivered' } });
    given(...historyTo('cancelled'))
      .when(deliver(['YUK-001']))
      .thenThrows('ORDER_ALREADY_CANCELLED');
    given(...historyTo('delivered'))
      .when(deliver(['YUK-001']))
      .thenThrows('ORDER_DELIVERED');
  });

  it('refuses a recipient phone that is not a Turkish mobile, and a blank name', () =>
    given(...onDelivery)
      .when(deliver(['YUK-001'], { recipientName: ' ', recipientPhone: '212 123 45 67' }))
      .thenThrows('VALIDATION_FAILED', { details: [{ path: 'recipientName' }, { path: 'recipientPhone' }] }));
});

describe('CancelDelivery', () => {
  const delivered = historyTo('delivered');

  it('returns a delivered order to the status before delivery and clears the marks', () => {
    given(...delivered)
      .when(command('CancelDelivery', { cancelReason: 'Yanlış alıcı' }))
      .then(event('DeliveryCancelled', { restoredStatus: 'on-delivery', cancelReason: 'Yanlış alıcı' }));
    const state = given(...delivered)
      .when(command('CancelDelivery', {}))
      .state();
    expect(state).toMatchObject({ status: 'on-delivery', statusBeforeDelivery: null, delivery: null });
    expect(state.exists && state.loads.every((load) => load.delivery === null)).toBe(true);
  });

  it('restores in-arrival for an order delivered there, and delivers again afterwards', () => {
    const inArrival = historyTo('in-arrival');
    const deliveredThere = after(
      inArrival,
      ...given(...inArrival)
        .when(deliver(['YUK-001', 'YUK-002']))
        .events(),
    );
    given(...deliveredThere)
      .when(command('CancelDelivery', {}))
      .then(event('DeliveryCancelled', { restoredStatus: 'in-arrival' }));
    const restored = after(deliveredThere, event('DeliveryCancelled', { restoredStatus: 'in-arrival' }));
    expect(
      given(...restored)
        .when(deliver(['YUK-001']))
        .events(),
    ).toHaveLength(1);
  });

  it('restores on-delivery when the status before delivery is unknown', () => {
    const odd = after(
      eventsOf(createOrder()),
      event('OrderStatusChanged', { from: 'on-delivery', to: 'delivered' }),
    );
    given(...odd)
      .when(command('CancelDelivery', {}))
      .then(event('DeliveryCancelled', { restoredStatus: 'on-delivery' }));
  });

  it('only for a delivered order', () => {
    given(...onDelivery)
      .when(command('CancelDelivery', {}))
      .thenThrows('ORDER_NOT_DELIVERED', { data: { status: 'on-delivery' } });
    given(...historyTo('cancelled'))
      .when(command('CancelDelivery', {}))
      .thenThrows('ORDER_NOT_DELIVERED');
  });

  it('refuses a blank reason', () =>
    given(...delivered)
      .when(command('CancelDelivery', { cancelReason: '' }))
      .thenThrows('VALIDATION_FAILED'));
});

describe('NoticeLoads', () => {
  const notice = command('NoticeLoads', {
    noticeId: 'notice-1',
    loadNos: ['YUK-001', 'YUK-001'],
    noticeReason: 'damaged',
    description: 'Koli ezik',
  });

  it('records a tutanak for existing loads, the status unchanged', () => {
    given(...onDelivery)
      .when(notice)
      .then(
        event('LoadsNoticed', {
          notice: {
            noticeId: 'notice-1',
            loadNos: ['YUK-001'],
            noticeReason: 'damaged',
            description: 'Koli ezik',
          },
        }),
      );
    expect(
      given(...onDelivery)
        .when(notice)
        .state(),
    ).toMatchObject({
      status: 'on-delivery',
      notices: [{ noticeId: 'notice-1', at: context.at }],
    });
  });

  it('also after delivery', () =>
    expect(
      given(...historyTo('delivered'))
        .when(notice)
        .events(),
    ).toHaveLength(1));

  it('refuses unknown loads, an empty list and a used id', () => {
    given(...onDelivery)
      .when({ ...notice, loadNos: ['YUK-404'] })
      .thenThrows('LOAD_NOT_FOUND', { data: { loadNo: 'YUK-404' } });
    given(...onDelivery)
      .when({ ...notice, loadNos: [] })
      .thenThrows('VALIDATION_FAILED', { details: [{ path: 'loadNos' }] });
    const noticed = after(
      onDelivery,
      ...given(...onDelivery)
        .when(notice)
        .events(),
    );
    given(...noticed)
      .when(notice)
      .thenThrows('ID_ALREADY_USED');
    expect(orderOf(noticed).notices).toHaveLength(1);
  });
});
