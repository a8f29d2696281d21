import { describe, expect, it } from 'vitest';
import {
  context,
  createOrder,
  event,
  eventsOf,
  load,
  orderId,
  orderOf,
  pricing,
  senderRoute,
  tenantId,
} from '../test-support/fixtures.ts';
import { given } from '../test-support/given-when-then.ts';
import type { Route } from './attributes.ts';

const defaults = { isSuborder: false, isDraft: false, services: [], routes: [], customers: [], branches: [] };
const created = eventsOf(createOrder());

describe('CreateOrder', () => {
  it('creates an order in created with the defaults of the spec', () => {
    given()
      .when(createOrder())
      .then(
        event('OrderCreated', {
          orderNo: 'ORD-0001',
          tenantId,
          attributes: { orderType: 'delivery', ...defaults },
        }),
      );
  });

  it('records who created it and when', () =>
    expect(orderOf(created)).toMatchObject({
      orderId,
      status: 'created',
      createdAt: context.at,
      createdBy: context.actorId,
      deletedAt: null,
      loads: [],
    }));

  it('keeps every field of the body, normalising phones and defaulting flags', () => {
    const body = {
      transportMode: 'partial' as const,
      vehicleType: 'van' as const,
      note: 'Sipariş notu',
      receiptNumber: 'R'.repeat(51),
      sendSmsToSender: true,
      paymentType: 'prepaid' as const,
      dates: {
        departureDate: '2024-03-02',
        departureHour: '08:00',
        arrivalDate: '2024-03-03',
        arrivalHour: '18:00',
      },
      pricing,
      services: [
        {
          serviceType: 'insurance' as const,
          pricing: { baseAmount: 5_000, quantity: 1, vat: 20, vatAmount: 1_000, totalAmount: 6_000 },
        },
      ],
      routes: [senderRoute],
      customers: [{ customerId: 'customer-1', customerType: 'sender' as const }],
      branches: [{ branchId: 'branch-1', routeType: 'origin' as const, inBranch: true }],
    };
    const [orderCreated, ...loads] = given()
      .when(createOrder({ ...body, loads: [load('YUK-001'), load('YUK-002')] }))
      .events();
    expect(orderCreated).toEqual(
      event('OrderCreated', {
        orderNo: 'ORD-0001',
        tenantId,
        attributes: {
          orderType: 'delivery',
          ...defaults,
          ...body,
          routes: [{ ...senderRoute, person: { ...senderRoute.person, phone: '+905551234567' } }],
          customers: [{ customerId: 'customer-1', customerType: 'sender', hasInvoice: false }],
        },
      }),
    );
    expect(loads).toEqual([
      event('LoadCreated', { load: load('YUK-001') }),
      event('LoadCreated', { load: load('YUK-002') }),
    ]);
  });

  it('creates in another status by the move created → order_status', () =>
    given()
      .when(createOrder({ orderStatus: 'pending' }))
      .then(
        event('OrderCreated', {
          orderNo: 'ORD-0001',
          tenantId,
          attributes: { orderType: 'delivery', ...defaults },
        }),
        event('OrderStatusChanged', { from: 'created', to: 'pending' }),
      ));

  it('cannot be created in a status created does not move to', () =>
    given()
      .when(createOrder({ orderStatus: 'delivered' }))
      .thenThrows('INVALID_TRANSITION', { data: { from: 'created', to: 'delivered' } }));

  it('cannot create a draft outside created', () =>
    given()
      .when(createOrder({ isDraft: true, orderStatus: 'assigned' }))
      .thenThrows('ORDER_IS_DRAFT'));

  it('cannot create an order twice', () =>
    given(...created)
      .when(createOrder())
      .thenThrows('ORDER_ALREADY_EXISTS'));

  it('needs prevOrderId for a suborder, and not its own id', () => {
    given()
      .when(createOrder({ isSuborder: true }))
      .thenThrows('VALIDATION_FAILED', {
        details: [{ path: 'prevOrderId', reason: 'a suborder needs prevOrderId' }],
      });
    given()
      .when(createOrder({ prevOrderId: orderId }))
      .thenThrows('VALIDATION_FAILED', { details: [{ path: 'prevOrderId' }] });
    expect(
      given()
        .when(createOrder({ isSuborder: true, prevOrderId: 'parent-1' }))
        .events(),
    ).toHaveLength(1);
  });

  it('names every invalid field at once', () => {
    const { details } = given()
      .when(
        createOrder({
          orderNo: ' ',
          receiptNumber: 'R'.repeat(52),
          vehicleQuantity: 0,
          distance: -1,
          thirdPartyChannel: '',
          dates: {
            departureDate: '2024-02-30',
            departureHour: '8:00',
            arrivalDate: '2024-01-01',
            arrivalHour: '25:00',
          },
          customers: [{ customerId: '', customerType: 'sender' }],
          branches: [{ branchId: '', routeType: 'destination' }],
          routes: [
            {
              routeType: 'destination',
              address: { latitude: 95, longitude: -190 },
              person: {
                identity: '10000000147',
                phone: '212 123 45 67',
                email: 'ali@',
                company: { taxNo: '4540536921' },
              },
            },
          ],
        }),
      )
      .error();
    expect(details.map((detail) => detail.path)).toEqual([
      'orderNo',
      'thirdPartyChannel',
      'vehicleQuantity',
      'distance',
      'receiptNumber',
      'dates.departureDate',
      'dates.departureHour',
      'dates.arrivalHour',
      'customers[0].customerId',
      'branches[0].branchId',
      'routes[0].address.latitude',
      'routes[0].address.longitude',
      'routes[0].person.identity',
      'routes[0].person.email',
      'routes[0].person.company.taxNo',
      'routes[0].person.phone',
    ]);
  });

  it('accepts a 10-digit VKN as identity and refuses arrival before departure', () => {
    const route: Route = { routeType: 'destination', person: { identity: '4540536920' } };
    const sparse: Route[] = [
      { routeType: 'transfer', address: { tag: 'Depo' }, person: { company: {} } },
      { routeType: 'arrival' },
    ];
    expect(
      given()
        .when(createOrder({ routes: [route, ...sparse], services: [{ serviceType: 'porterage' }] }))
        .events(),
    ).toHaveLength(1);
    given()
      .when(createOrder({ dates: { departureDate: '2024-03-02', arrivalDate: '2024-03-01' } }))
      .thenThrows('VALIDATION_FAILED', { details: [{ path: 'dates.arrivalDate' }] });
  });

  it('checks the pricing block', () => {
    given()
      .when(createOrder({ pricing: { ...pricing, vatAmount: 24_300, totalAmount: 159_300 } }))
      .thenThrows('PRICING_MISMATCH', {
        data: { field: 'pricing.vatAmount', expected: 27_000, actual: 24_300 },
      });
    given()
      .when(
        createOrder({
          services: [
            {
              serviceType: 'duty',
              pricing: { baseAmount: 100, quantity: 2, vat: 20, vatAmount: 40, totalAmount: 200 },
            },
          ],
        }),
      )
      .thenThrows('PRICING_MISMATCH', { data: { field: 'services[0].pricing.totalAmount' } });
  });

  it('dates VAT rates by the departure date, else by the day of the command', () => {
    const legacy = { ...pricing, vat: 18, vatAmount: 24_300, totalAmount: 159_300 };
    given()
      .when(createOrder({ pricing: legacy }))
      .thenThrows('VAT_RATE_INVALID', { details: [{ path: 'pricing.vat' }] });
    expect(
      given()
        .when(createOrder({ pricing: legacy, dates: { departureDate: '2023-07-09' } }))
        .events(),
    ).toHaveLength(1);
    expect(
      given()
        .when({ ...createOrder({ pricing: legacy }), at: '2023-07-09T20:00:00Z' })
        .events(),
    ).toHaveLength(1);
  });

  it('checks the loads: numbers unique, ids unique, fields and pricing', () => {
    given()
      .when(createOrder({ loads: [load('YUK-001'), load('YUK-001', 'other-id')] }))
      .thenThrows('LOAD_NO_TAKEN', { data: { loadNo: 'YUK-001' }, details: [{ path: 'loads[1].loadNo' }] });
    given()
      .when(createOrder({ loads: [load('YUK-001', 'same'), load('YUK-002', 'same')] }))
      .thenThrows('ID_ALREADY_USED', { details: [{ path: 'loadId' }] });
    given()
      .when(createOrder({ loads: [{ ...load('YUK-001'), quantity: 1.5, weight: -1, density: '' }] }))
      .thenThrows('VALIDATION_FAILED', {
        details: [{ path: 'loads[0].density' }, { path: 'loads[0].weight' }, { path: 'loads[0].quantity' }],
      });
    const loadPricing = {
      baseAmount: 10_000,
      postalServiceAmount: 1_000,
      subTotalAmount: 11_000,
      vat: 20,
      vatAmount: 1_980,
      totalAmount: 12_980,
    };
    given()
      .when(createOrder({ loads: [{ ...load('YUK-001'), pricing: loadPricing }] }))
      .thenThrows('PRICING_MISMATCH', { data: { field: 'loads[0].pricing.vatAmount' } });
  });

  it('needs an ISO-8601 time on the command', () =>
    given()
      .when({ ...createOrder(), at: '01.03.2024 09:00' })
      .thenThrows('VALIDATION_FAILED', { details: [{ path: 'at' }] }));
});
