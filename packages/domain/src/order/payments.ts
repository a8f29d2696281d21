// Payments (spec 28), including the virtual POS success and fail callbacks.
import { assertKurus, type Kurus } from '../money.ts';
import { isValidCardNumber } from '../validators/text.ts';
import {
  eventOf,
  isSameData,
  optional,
  payloadOf,
  type CommandContext,
  type Deciders,
  type DomainEvent,
  type Evolvers,
} from './context.ts';
import type { PaymentMethod, PaymentStatus } from './enums.ts';
import { DomainError } from './errors.ts';
import { assertIdFree, findBy, putBy, removeBy } from './guards.ts';
import type { Payment } from './state.ts';
import { check, checkCurrency, checkDate, checkText, validate, type Problems } from './validate.ts';

/** The card as the body sends it; only `holder` and the last four digits of `number` are kept. */
export interface CardInput {
  holder: string;
  number: string;
  expireYear?: string;
  expireMonth?: string;
  code?: string;
}

export interface CreatePayment extends CommandContext {
  type: 'CreatePayment';
  paymentId: string;
  paymentMethod: PaymentMethod;
  dueDate?: string;
  /** Default pending. */
  paymentStatus?: PaymentStatus;
  /** Kuruş; required for card and online payments, whose POS callback is checked against it. */
  amount?: Kurus;
  /** Default TRY. */
  currency?: string;
  card?: CardInput;
}
export interface UpdatePayment extends CommandContext {
  type: 'UpdatePayment';
  paymentId: string;
  paymentStatus?: PaymentStatus;
  amount?: Kurus;
  dueDate?: string;
}
export interface DeletePayment extends CommandContext {
  type: 'DeletePayment';
  paymentId: string;
}
/** The virtual POS success callback (AUTH_CODE, CLIENT_REFERANCE_CODE, TRANSACTION_AMOUNT). */
export interface RecordPaymentSuccess extends CommandContext {
  type: 'RecordPaymentSuccess';
  paymentId: string;
  authCode: string;
  referenceCode: string;
  amount: Kurus;
}
/** The virtual POS fail callback. */
export interface RecordPaymentFailure extends CommandContext {
  type: 'RecordPaymentFailure';
  paymentId: string;
  errorCode?: string;
}
export type PaymentCommand =
  CreatePayment | UpdatePayment | DeletePayment | RecordPaymentSuccess | RecordPaymentFailure;

/** Schema v2 added `payment.currency` (v1 events are upcast with TRY). */
export type PaymentCreated = DomainEvent<'PaymentCreated', { payment: Payment }>;
export type PaymentUpdated = DomainEvent<'PaymentUpdated', { payment: Payment }>;
export type PaymentDeleted = DomainEvent<'PaymentDeleted', { paymentId: string }>;
export type PaymentSucceeded = DomainEvent<
  'PaymentSucceeded',
  { paymentId: string; authCode: string; referenceCode: string; amount: Kurus }
>;
export type PaymentFailed = DomainEvent<'PaymentFailed', { paymentId: string; errorCode?: string }>;
export type PaymentEvent =
  PaymentCreated | PaymentUpdated | PaymentDeleted | PaymentSucceeded | PaymentFailed;

/** The payment_status moves UpdatePayment may make; a paid payment can only be cancelled (voided). */
export const paymentStatusMoves = {
  pending: ['paid', 'fail', 'cancelled'],
  fail: ['pending', 'paid', 'cancelled'],
  paid: ['cancelled'],
  cancelled: [],
} as const satisfies Record<PaymentStatus, readonly PaymentStatus[]>;

/** The sum of the amounts of paid payments. */
export function paidTotal(payments: readonly Payment[]): Kurus {
  return payments.filter((p) => p.paymentStatus === 'paid').reduce((sum, p) => sum + (p.amount ?? 0), 0);
}

/** PAYMENT_EXCEEDS_TOTAL when paid payments would add up to more than the order's total. */
export function assertPaidWithinTotal(
  payments: readonly Payment[],
  total: Kurus | undefined,
  path: string,
): void {
  const paid = paidTotal(payments);
  if (total === undefined || paid <= total) return;
  const reason = `paid payments (${paid}) would exceed the order total (${total})`;
  throw new DomainError('PAYMENT_EXCEEDS_TOTAL', reason, [{ path, reason }], { paid, total });
}

function paymentStatusError(payment: Payment, to: PaymentStatus): DomainError {
  const from = payment.paymentStatus;
  const code = from === 'paid' ? 'PAYMENT_ALREADY_SUCCEEDED' : 'PAYMENT_STATUS_INVALID';
  return new DomainError(code, `Payment ${payment.paymentId} cannot move from ${from} to ${to}`, [], {
    paymentId: payment.paymentId,
    from,
    to,
  });
}

function checkPayment(problems: Problems, payment: Payment): void {
  const needsAmount = ['card', 'online'].includes(payment.paymentMethod) || payment.paymentStatus === 'paid';
  check(
    problems,
    !needsAmount || payment.amount !== undefined,
    'amount',
    'required for card, online and paid payments',
  );
  checkDate(problems, payment.dueDate, 'dueDate');
  checkCurrency(problems, payment.currency, 'currency');
}

/** Throws unless the payment may be stored as it would be (amount, fields, paid total). */
function assertWritable(payment: Payment, others: readonly Payment[], total: Kurus | undefined): void {
  if (payment.amount !== undefined) assertKurus(payment.amount, { path: 'amount' });
  validate((problems) => checkPayment(problems, payment));
  assertPaidWithinTotal([...others, payment], total, 'amount');
}

function cardOf(card: CardInput | undefined): Pick<Payment, 'card'> {
  if (card === undefined) return {};
  validate((problems) => {
    checkText(problems, card.holder, 'card.holder');
    check(problems, isValidCardNumber(card.number), 'card.number', 'expected a valid card number');
  });
  return { card: { holder: card.holder, last4: card.number.replace(/ /g, '').slice(-4) } };
}

function assertCallbackAllowed(payment: Payment, to: PaymentStatus): void {
  if (payment.paymentStatus === 'paid' || payment.paymentStatus === 'cancelled')
    throw paymentStatusError(payment, to);
}

export const paymentDeciders: Deciders<PaymentCommand, PaymentEvent> = {
  CreatePayment(command, order) {
    const { card, paymentStatus = 'pending', currency = 'TRY', ...fields } = payloadOf(command);
    assertIdFree(order.payments, 'paymentId', fields.paymentId);
    const payment: Payment = { ...fields, paymentStatus, currency, ...cardOf(card) };
    assertWritable(payment, order.payments, order.pricing?.totalAmount);
    return [eventOf(command, 'PaymentCreated', { payment })];
  },
  UpdatePayment(command, order) {
    const current = findBy(order.payments, 'paymentId', command.paymentId, 'PAYMENT_NOT_FOUND');
    const { paymentStatus = current.paymentStatus, ...changes } = payloadOf(command);
    const moves: readonly PaymentStatus[] = paymentStatusMoves[current.paymentStatus];
    if (paymentStatus !== current.paymentStatus && !moves.includes(paymentStatus)) {
      throw paymentStatusError(current, paymentStatus);
    }
    const payment: Payment = { ...current, ...changes, paymentStatus };
    if (current.paymentStatus === 'paid' && payment.amount !== current.amount) {
      throw paymentStatusError(current, 'paid');
    }
    const others = order.payments.filter((p) => p.paymentId !== current.paymentId);
    assertWritable(payment, others, order.pricing?.totalAmount);
    return isSameData(payment, current) ? [] : [eventOf(command, 'PaymentUpdated', { payment })];
  },
  DeletePayment(command, order) {
    const payment = findBy(order.payments, 'paymentId', command.paymentId, 'PAYMENT_NOT_FOUND');
    if (payment.paymentStatus === 'paid') throw paymentStatusError(payment, 'cancelled');
    return [eventOf(command, 'PaymentDeleted', { paymentId: payment.paymentId })];
  },
  RecordPaymentSuccess(command, order) {
    const { paymentId, authCode, referenceCode, amount } = command;
    const payment = findBy(order.payments, 'paymentId', paymentId, 'PAYMENT_NOT_FOUND');
    assertCallbackAllowed(payment, 'paid');
    assertKurus(amount, { path: 'amount' });
    if (payment.amount !== undefined && payment.amount !== amount) {
      throw new DomainError(
        'PAYMENT_AMOUNT_MISMATCH',
        `Payment ${paymentId} expects ${payment.amount}, got ${amount}`,
        [{ path: 'amount', reason: `expected ${payment.amount}` }],
        { paymentId, expected: payment.amount, actual: amount },
      );
    }
    validate((problems) => {
      checkText(problems, authCode, 'authCode');
      checkText(problems, referenceCode, 'referenceCode');
    });
    const others = order.payments.filter((p) => p.paymentId !== paymentId);
    assertPaidWithinTotal(
      [...others, { ...payment, amount, paymentStatus: 'paid' }],
      order.pricing?.totalAmount,
      'amount',
    );
    return [eventOf(command, 'PaymentSucceeded', { paymentId, authCode, referenceCode, amount })];
  },
  RecordPaymentFailure(command, order) {
    const payment = findBy(order.payments, 'paymentId', command.paymentId, 'PAYMENT_NOT_FOUND');
    assertCallbackAllowed(payment, 'fail');
    validate((problems) => checkText(problems, command.errorCode, 'errorCode'));
    return [
      eventOf(command, 'PaymentFailed', {
        paymentId: payment.paymentId,
        ...optional('errorCode', command.errorCode),
      }),
    ];
  },
};

function withPayment(
  payments: readonly Payment[],
  paymentId: string,
  change: (p: Payment) => Payment,
): Payment[] {
  return payments.map((payment) => (payment.paymentId === paymentId ? change(payment) : payment));
}

export const paymentEvolvers: Evolvers<PaymentEvent> = {
  PaymentCreated: (order, { data }) => ({
    ...order,
    payments: putBy(order.payments, 'paymentId', data.payment),
  }),
  PaymentUpdated: (order, { data }) => ({
    ...order,
    payments: putBy(order.payments, 'paymentId', data.payment),
  }),
  PaymentDeleted: (order, { data }) => ({
    ...order,
    payments: removeBy(order.payments, 'paymentId', data.paymentId),
  }),
  PaymentSucceeded: (order, { data }) => ({
    ...order,
    payments: withPayment(order.payments, data.paymentId, ({ errorCode: _errorCode, ...payment }) => ({
      ...payment,
      paymentStatus: 'paid',
      amount: data.amount,
      authCode: data.authCode,
      referenceCode: data.referenceCode,
    })),
  }),
  PaymentFailed: (order, { data }) => ({
    ...order,
    payments: withPayment(order.payments, data.paymentId, (payment) => ({
      ...payment,
      paymentStatus: 'fail',
      ...optional('errorCode', data.errorCode),
    })),
  }),
};
