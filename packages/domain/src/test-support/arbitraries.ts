// fast-check generators of order histories. A step is a command chosen partly from the state it
// meets (a move of the table from the current status, the loads the order has, its total), so
// that random sequences reach every status and sub-resource; invalid commands are mixed in.
import * as fc from 'fast-check';
import type { OrderCommand } from '../order/commands.ts';
import {
  docStatuses,
  driverStatuses,
  offerStatuses,
  orderStatuses,
  paymentMethods,
  paymentStatuses,
} from '../order/enums.ts';
import type { OrderState } from '../order/state.ts';
import { transitions } from '../order/status.ts';
import { computeLedgerPricing, computeOrderPricing, type OrderPricing } from '../pricing.ts';
import { command, createOrder, load } from './fixtures.ts';

/** A command built from the state it meets. */
export type Step = (state: OrderState) => OrderCommand;

/** A step that prints as its label in counterexamples. */
function step(label: string, build: Step): Step {
  return Object.assign(build, { [fc.toStringMethod]: () => label });
}
const fixed = (next: OrderCommand): Step => step(`${next.type} ${JSON.stringify(next)}`, () => next);

const loadNos = ['L1', 'L2', 'L3'] as const;
const loadNo = fc.constantFrom(...loadNos);
const userId = fc.constantFrom('d1', 'd2', 'd3');
const offerId = fc.constantFrom('o1', 'o2', 'o3');
const paymentId = fc.constantFrom('p1', 'p2');
const smallId = fc.constantFrom('x1', 'x2');
const status = fc.constantFrom(...orderStatuses);
const mostly = <T>(usual: fc.Arbitrary<T>, odd: fc.Arbitrary<T>) =>
  fc.oneof({ arbitrary: usual, weight: 5 }, { arbitrary: odd, weight: 1 });

/** A consistent pricing block at a VAT rate in force; now and then one off by a kuruş or at 18%. */
const orderPricing: fc.Arbitrary<OrderPricing> = fc
  .record({
    baseAmount: fc.integer({ min: 0, max: 5_000_000 }),
    commission: fc.integer({ min: 0, max: 100_000 }),
    deliveryAmount: fc.integer({ min: 0, max: 100_000 }),
    vat: mostly(fc.constantFrom(0, 1, 10, 20), fc.constant(18)),
    broken: mostly(fc.constant(false), fc.constant(true)),
  })
  .map(({ broken, ...parts }) => {
    const block = computeOrderPricing(parts);
    return broken ? { ...block, totalAmount: block.totalAmount + 1 } : block;
  });

const loads = fc.subarray([...loadNos]).map((numbers) => numbers.map((no) => load(no)));

const create: fc.Arbitrary<Step> = fc
  .record({
    orderStatus: mostly(fc.constantFrom('created', 'pending', 'offering', 'assigned'), status),
    isDraft: mostly(fc.constant(false), fc.constant(true)),
    pricing: fc.option(orderPricing, { nil: undefined }),
    loads,
  })
  .map(({ pricing, ...rest }) => fixed(createOrder(pricing ? { ...rest, pricing } : rest)));

/** A CreateOrder that succeeds: a draft stays in created, the pricing adds up. */
const validCreate: fc.Arbitrary<Step> = fc
  .record({
    orderStatus: fc.constantFrom('created', 'pending', 'offering', 'assigned'),
    isDraft: mostly(fc.constant(false), fc.constant(true)),
    pricing: fc.option(
      orderPricing.map((block) => computeOrderPricing({ ...block, vat: block.vat === 18 ? 20 : block.vat })),
      { nil: undefined },
    ),
    loads,
  })
  .map(({ pricing, isDraft, orderStatus, ...rest }) =>
    fixed(
      createOrder({
        ...rest,
        isDraft,
        orderStatus: isDraft ? 'created' : orderStatus,
        ...(pricing ? { pricing } : {}),
      }),
    ),
  );

/**
 * A move of the table from the current status: mostly the one deepest into the lifecycle, else any
 * of the row (a cancellation rarely); out of delivered or cancelled, any status (refused).
 */
const move: fc.Arbitrary<Step> = fc.nat().map((seed) =>
  step(`move(${seed})`, (state) => {
    const from = state.exists ? state.status : 'created';
    const row = transitions[from].filter((to) => to !== 'cancelled' || seed % 8 === 0);
    const deepest = row.toSorted((a, b) => orderStatuses.indexOf(b) - orderStatuses.indexOf(a))[0];
    const to = seed % 3 === 0 ? row[seed % Math.max(row.length, 1)] : deepest;
    return command('ChangeStatus', { to: to ?? orderStatuses[seed % orderStatuses.length]! });
  }),
);

/** Delivers some of the order's loads (a wrong number now and then). */
const deliver: fc.Arbitrary<Step> = fc
  .record({ seed: fc.nat(), unknown: mostly(fc.constant(false), fc.constant(true)) })
  .map(({ seed, unknown }) =>
    step(`deliver(${seed}, ${unknown})`, (state) => {
      const numbers = state.exists
        ? state.loads.map((l) => l.loadNo).filter((_, i) => (seed >> i) % 2 === 1)
        : [];
      const all = state.exists && seed % 3 === 0 ? state.loads.map((l) => l.loadNo) : numbers;
      return command('DeliverLoads', {
        loadNos: unknown ? [...all, 'L404'] : all,
        recipientPhone: '5551234567',
      });
    }),
  );

/** The id of one of the order's items (by `seed`), or `fallback` when it has none. */
function existing<T>(
  state: OrderState,
  items: (order: Extract<OrderState, { exists: true }>) => T[],
  id: (item: T) => string,
  seed: number,
  fallback: string,
): string {
  const list = state.exists ? items(state) : [];
  const item = list[seed % Math.max(list.length, 1)];
  return item === undefined ? fallback : id(item);
}

/** An amount against the order's total: all of it, part of it, more than it, or a fraction of a kuruş. */
const amountFor = (seed: number) => (state: OrderState) => {
  const total = state.exists && state.pricing ? state.pricing.totalAmount : 100_000;
  return [total, Math.floor(total / 3), total + 1, 0, 1.5][seed % 5]!;
};

const lifecycle: fc.Arbitrary<Step>[] = [
  create,
  fc
    .record({
      isDraft: fc.option(fc.boolean(), { nil: undefined }),
      orderStatus: fc.option(status, { nil: undefined }),
      loads: fc.option(loads, { nil: undefined }),
      pricing: fc.option(orderPricing, { nil: undefined }),
    })
    .map((changes) => fixed(command('UpdateOrder', JSON.parse(JSON.stringify(changes)) as object))),
  status.map((to) => fixed(command('ChangeStatus', { to }))),
  fc.constant(fixed(command('CancelOrder', {}))),
  fc.constant(fixed(command('CancelDelivery', { cancelReason: 'Geri alındı' }))),
  deliver,
  fc
    .record({ id: smallId, numbers: fc.subarray([...loadNos, 'L404']) })
    .map(({ id, numbers }) =>
      fixed(command('NoticeLoads', { noticeId: id, loadNos: numbers, noticeReason: 'missing' })),
    ),
  smallId.map((id) => fixed(command('CreateHandover', { handoverId: id, handoverReason: 'away' }))),
];

const loadSteps = fc.oneof(
  loadNo.map((no) => fixed(command('CreateLoad', load(no)))),
  fc
    .record({ no: loadNo, other: loadNo })
    .map(({ no, other }) => fixed(command('UpdateLoad', { loadId: `load-${no}`, loadNo: other }))),
  loadNo.map((no) => fixed(command('DeleteLoad', { loadId: `load-${no}` }))),
);

const driverSteps = fc.oneof(
  fc
    .record({ userId, driverStatus: fc.constantFrom(...driverStatuses) })
    .map((driver) => fixed(command('AssignDriver', driver))),
  fc
    .record({ seed: fc.nat(), driverStatus: fc.constantFrom(...driverStatuses) })
    .map(({ seed, driverStatus }) =>
      step(`UpdateDriver(${seed}, ${driverStatus})`, (state) =>
        command('UpdateDriver', {
          userId: existing(
            state,
            (o) => o.drivers,
            (d) => d.userId,
            seed,
            'd1',
          ),
          driverStatus,
        }),
      ),
    ),
  userId.map((id) => fixed(command('RemoveDriver', { userId: id }))),
);

const offerSteps = fc.oneof(
  fc.record({ offerId, price: fc.integer({ min: 0, max: 1_000_000 }) }).map((offer) =>
    fixed(
      command('CreateOffer', {
        ...offer,
        users: [
          { userId: 's', userType: 'shipper', side: 'sender' },
          { userId: 'r', userType: 'admin', side: 'receiver' },
        ],
      }),
    ),
  ),
  fc
    .record({
      seed: fc.nat(),
      offerStatus: mostly(fc.constant('approved' as const), fc.constantFrom(...offerStatuses)),
    })
    .map(({ seed, offerStatus }) =>
      step(`UpdateOffer(${seed}, ${offerStatus})`, (state) =>
        command('UpdateOffer', {
          offerId: existing(
            state,
            (o) => o.offers,
            (offer) => offer.offerId,
            seed,
            'o1',
          ),
          offerStatus,
        }),
      ),
    ),
  offerId.map((id) => fixed(command('DeleteOffer', { offerId: id }))),
);

const paymentSteps = fc.oneof(
  fc
    .record({
      paymentId,
      paymentMethod: fc.constantFrom(...paymentMethods),
      paymentStatus: fc.constantFrom(...paymentStatuses),
      seed: fc.nat(),
    })
    .map(({ seed, ...payment }) =>
      step(`CreatePayment(${JSON.stringify(payment)}, ${seed})`, (state) =>
        command('CreatePayment', { ...payment, amount: amountFor(seed)(state) }),
      ),
    ),
  fc
    .record({ seed: fc.nat(), paymentStatus: fc.constantFrom(...paymentStatuses) })
    .map(({ seed, paymentStatus }) =>
      step(`UpdatePayment(${seed}, ${paymentStatus})`, (state) =>
        command('UpdatePayment', {
          paymentId: existing(
            state,
            (o) => o.payments,
            (p) => p.paymentId,
            seed,
            'p1',
          ),
          paymentStatus,
        }),
      ),
    ),
  fc.nat().map((seed) =>
    step(`RecordPaymentSuccess(${seed})`, (state) => {
      const id = existing(
        state,
        (o) => o.payments,
        (p) => p.paymentId,
        seed,
        'p1',
      );
      const payment = state.exists ? state.payments.find((p) => p.paymentId === id) : undefined;
      const amount =
        seed % 2 === 0 && payment?.amount !== undefined ? payment.amount : amountFor(seed)(state);
      return command('RecordPaymentSuccess', { paymentId: id, authCode: 'A', referenceCode: 'R', amount });
    }),
  ),
  fc.nat().map((seed) =>
    step(`RecordPaymentFailure(${seed})`, (state) =>
      command('RecordPaymentFailure', {
        paymentId: existing(
          state,
          (o) => o.payments,
          (p) => p.paymentId,
          seed,
          'p1',
        ),
        errorCode: '05',
      }),
    ),
  ),
  paymentId.map((id) => fixed(command('DeletePayment', { paymentId: id }))),
);

const paperworkSteps = fc.oneof(
  fc
    .record({
      id: smallId,
      unitPrice: fc.integer({ min: 0, max: 1_000_000 }),
      quantity: fc.integer({ min: 1, max: 5 }),
      broken: fc.boolean(),
    })
    .map(({ id, broken, ...parts }) => {
      const pricing = computeLedgerPricing({ unitType: 'piece', vat: 20, ...parts });
      const sent = broken ? { ...pricing, vatPrice: pricing.vatPrice + 1 } : pricing;
      return fixed(command('CreateExpense', { expenseId: id, supplierId: 's', pricing: sent }));
    }),
  smallId.map((id) => fixed(command('CreateDocument', { documentId: id, docType: 'delivery' }))),
  fc
    .record({ id: smallId, docStatus: fc.constantFrom(...docStatuses) })
    .map(({ id, docStatus }) => fixed(command('UpdateDocument', { documentId: id, docStatus }))),
);

/** One step: moves along the table most often, sub-resources and other commands too, a delete rarely. */
export const orderStep: fc.Arbitrary<Step> = fc.oneof(
  { arbitrary: move, weight: 40 },
  { arbitrary: fc.oneof(...lifecycle), weight: 30 },
  { arbitrary: loadSteps, weight: 8 },
  { arbitrary: driverSteps, weight: 10 },
  { arbitrary: offerSteps, weight: 10 },
  { arbitrary: paymentSteps, weight: 16 },
  { arbitrary: paperworkSteps, weight: 6 },
  { arbitrary: fc.constant(fixed(command('DeleteOrder', {}))), weight: 1 },
);

/** A history: usually a CreateOrder first, then random steps. */
export const stepSequence: fc.Arbitrary<Step[]> = fc
  .tuple(mostly(validCreate, orderStep), fc.array(orderStep, { minLength: 10, maxLength: 40, size: 'max' }))
  .map(([first, rest]) => [first, ...rest]);
