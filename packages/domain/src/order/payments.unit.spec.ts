import { describe, expect, it } from 'vitest';
import { command, createOrder, event, eventsOf, pricing } from '../test-support/fixtures.ts';
import { given } from '../test-support/given-when-then.ts';
import { paidTotal } from './payments.ts';
import type { Payment } from './state.ts';

const priced = eventsOf(createOrder({ pricing }));
const card = {
  holder: 'ALI YILMAZ',
  number: '4111 1111 1111 1111',
  expireYear: '2030',
  expireMonth: '12',
  code: '123',
};
const cardPayment: Payment = {
  paymentId: 'payment-1',
  paymentMethod: 'card',
  paymentStatus: 'pending',
  currency: 'TRY',
  amount: 162_000,
  card: { holder: 'ALI YILMAZ', last4: '1111' },
};
const pending = [...priced, event('PaymentCreated', { payment: cardPayment })];
const succeed = (amount = 162_000) =>
  command('RecordPaymentSuccess', {
    paymentId: 'payment-1',
    authCode: 'AUTH-1',
    referenceCode: 'REF-1',
    amount,
  });
const paid = [
  ...pending,
  event('PaymentSucceeded', {
    paymentId: 'payment-1',
    authCode: 'AUTH-1',
    referenceCode: 'REF-1',
    amount: 162_000,
  }),
];

describe('CreatePayment', () => {
  it('keeps only the holder and the last four digits of a card', () => {
    given(...priced)
      .when(
        command('CreatePayment', { paymentId: 'payment-1', paymentMethod: 'card', amount: 162_000, card }),
      )
      .then(event('PaymentCreated', { payment: cardPayment }));
    const state = given(...priced)
      .when(
        command('CreatePayment', { paymentId: 'payment-1', paymentMethod: 'card', amount: 162_000, card }),
      )
      .state();
    expect(JSON.stringify(state)).not.toContain('4111111111111111');
    expect(JSON.stringify(state)).not.toContain('"123"');
  });

  it('needs an amount for card and online payments', () => {
    given(...priced)
      .when(command('CreatePayment', { paymentId: 'p', paymentMethod: 'online' }))
      .thenThrows('VALIDATION_FAILED', { details: [{ path: 'amount' }] });
    expect(
      given(...priced)
        .when(command('CreatePayment', { paymentId: 'p', paymentMethod: 'transfer', dueDate: '2024-02-15' }))
        .events(),
    ).toHaveLength(1);
  });

  it('refuses a bad card, amount, date or currency', () => {
    given(...priced)
      .when(
        command('CreatePayment', {
          paymentId: 'p',
          paymentMethod: 'card',
          amount: 1,
          card: { ...card, number: '4111 1111 1111 1112', holder: '' },
        }),
      )
      .thenThrows('VALIDATION_FAILED', { details: [{ path: 'card.holder' }, { path: 'card.number' }] });
    given(...priced)
      .when(command('CreatePayment', { paymentId: 'p', paymentMethod: 'cash', amount: 10.5 }))
      .thenThrows('INVALID_AMOUNT');
    given(...priced)
      .when(
        command('CreatePayment', {
          paymentId: 'p',
          paymentMethod: 'cash',
          dueDate: '15.02.2024',
          currency: 'lira',
        }),
      )
      .thenThrows('VALIDATION_FAILED', { details: [{ path: 'dueDate' }, { path: 'currency' }] });
  });

  it('never lets paid payments exceed the order total', () => {
    given(...priced)
      .when(
        command('CreatePayment', {
          paymentId: 'p',
          paymentMethod: 'cash',
          amount: 162_001,
          paymentStatus: 'paid',
        }),
      )
      .thenThrows('PAYMENT_EXCEEDS_TOTAL', { data: { paid: 162_001, total: 162_000 } });
    expect(
      given(...eventsOf(createOrder()))
        .when(
          command('CreatePayment', {
            paymentId: 'p',
            paymentMethod: 'cash',
            amount: 999_999_999,
            paymentStatus: 'paid',
          }),
        )
        .events(),
    ).toHaveLength(1);
  });

  it('refuses a used payment id', () =>
    given(...pending)
      .when(command('CreatePayment', { paymentId: 'payment-1', paymentMethod: 'cash' }))
      .thenThrows('ID_ALREADY_USED'));
});

describe('the virtual POS callbacks', () => {
  it('RecordPaymentSuccess pays the payment', () => {
    given(...pending)
      .when(succeed())
      .then(
        event('PaymentSucceeded', {
          paymentId: 'payment-1',
          authCode: 'AUTH-1',
          referenceCode: 'REF-1',
          amount: 162_000,
        }),
      );
    expect(
      given(...pending)
        .when(succeed())
        .state(),
    ).toMatchObject({ payments: [{ paymentStatus: 'paid', authCode: 'AUTH-1', referenceCode: 'REF-1' }] });
  });

  it('pays only the payment named', () => {
    const two = [
      ...pending,
      event('PaymentCreated', { payment: { ...cardPayment, paymentId: 'payment-2', amount: 0 } }),
    ];
    const state = given(...two)
      .when(succeed())
      .state();
    expect(state.exists && state.payments.map((p) => p.paymentStatus)).toEqual(['paid', 'pending']);
    expect(paidTotal(state.exists ? state.payments : [])).toBe(162_000);
  });

  it('counts a paid payment without an amount as nothing', () =>
    expect(
      paidTotal([{ paymentId: 'p', paymentMethod: 'cash', paymentStatus: 'paid', currency: 'TRY' }]),
    ).toBe(0));

  it('a payment cannot succeed twice', () =>
    given(...paid)
      .when(succeed())
      .thenThrows('PAYMENT_ALREADY_SUCCEEDED', { data: { paymentId: 'payment-1', from: 'paid' } }));

  it('the amount must be the payment’s', () =>
    given(...pending)
      .when(succeed(100_000))
      .thenThrows('PAYMENT_AMOUNT_MISMATCH', { data: { expected: 162_000, actual: 100_000 } }));

  it('takes the amount of a payment created without one, within the total', () => {
    const cash = [
      ...priced,
      event('PaymentCreated', {
        payment: { paymentId: 'payment-1', paymentMethod: 'cash', paymentStatus: 'pending', currency: 'TRY' },
      }),
    ];
    expect(
      given(...cash)
        .when(succeed(50_000))
        .state(),
    ).toMatchObject({ payments: [{ amount: 50_000, paymentStatus: 'paid' }] });
    given(...cash)
      .when(succeed(162_001))
      .thenThrows('PAYMENT_EXCEEDS_TOTAL');
    given(...cash)
      .when(succeed(-1))
      .thenThrows('INVALID_AMOUNT');
  });

  it('needs the codes of the bank', () =>
    given(...pending)
      .when({ ...succeed(), authCode: '' })
      .thenThrows('VALIDATION_FAILED', { details: [{ path: 'authCode' }] }));

  it('RecordPaymentFailure fails a pending payment, keeping the code, and a failed one may still succeed', () => {
    given(...pending)
      .when(command('RecordPaymentFailure', { paymentId: 'payment-1', errorCode: '05' }))
      .then(event('PaymentFailed', { paymentId: 'payment-1', errorCode: '05' }));
    const failed = [...pending, event('PaymentFailed', { paymentId: 'payment-1', errorCode: '05' })];
    expect(
      given(...failed)
        .when(succeed())
        .state(),
    ).toMatchObject({ payments: [{ paymentStatus: 'paid' }] });
    expect(
      given(...failed)
        .when(succeed())
        .state(),
    ).not.toMatchObject({ payments: [{ errorCode: '05' }] });
    given(...failed)
      .when(command('RecordPaymentFailure', { paymentId: 'payment-1' }))
      .then(event('PaymentFailed', { paymentId: 'payment-1' }));
  });

  it('a payment cannot fail after success, nor after it was cancelled', () => {
    given(...paid)
      .when(command('RecordPaymentFailure', { paymentId: 'payment-1' }))
      .thenThrows('PAYMENT_ALREADY_SUCCEEDED');
    const cancelled = [
      ...pending,
      event('PaymentUpdated', { payment: { ...cardPayment, paymentStatus: 'cancelled' } }),
    ];
    given(...cancelled)
      .when(command('RecordPaymentFailure', { paymentId: 'payment-1' }))
      .thenThrows('PAYMENT_STATUS_INVALID');
    given(...cancelled)
      .when(succeed())
      .thenThrows('PAYMENT_STATUS_INVALID');
  });

  it('refuses unknown payments', () => {
    given(...pending)
      .when({ ...succeed(), paymentId: 'x' })
      .thenThrows('PAYMENT_NOT_FOUND', { data: { paymentId: 'x' } });
    given(...pending)
      .when(command('RecordPaymentFailure', { paymentId: 'x', errorCode: ' ' }))
      .thenThrows('PAYMENT_NOT_FOUND');
    given(...pending)
      .when(command('RecordPaymentFailure', { paymentId: 'payment-1', errorCode: ' ' }))
      .thenThrows('VALIDATION_FAILED');
  });
});

describe('UpdatePayment', () => {
  it('moves the status along paymentStatusMoves', () => {
    given(...pending)
      .when(command('UpdatePayment', { paymentId: 'payment-1', paymentStatus: 'paid' }))
      .then(event('PaymentUpdated', { payment: { ...cardPayment, paymentStatus: 'paid' } }));
    given(...paid)
      .when(command('UpdatePayment', { paymentId: 'payment-1', paymentStatus: 'cancelled' }))
      .then(
        event('PaymentUpdated', {
          payment: { ...cardPayment, paymentStatus: 'cancelled', authCode: 'AUTH-1', referenceCode: 'REF-1' },
        }),
      );
  });

  it('never takes a paid payment back to pending or fail, nor changes its amount', () => {
    given(...paid)
      .when(command('UpdatePayment', { paymentId: 'payment-1', paymentStatus: 'pending' }))
      .thenThrows('PAYMENT_ALREADY_SUCCEEDED');
    given(...paid)
      .when(command('UpdatePayment', { paymentId: 'payment-1', paymentStatus: 'fail' }))
      .thenThrows('PAYMENT_ALREADY_SUCCEEDED');
    given(...paid)
      .when(command('UpdatePayment', { paymentId: 'payment-1', amount: 1 }))
      .thenThrows('PAYMENT_ALREADY_SUCCEEDED');
  });

  it('a cancelled payment is final', () => {
    const cancelled = [
      ...pending,
      event('PaymentUpdated', { payment: { ...cardPayment, paymentStatus: 'cancelled' } }),
    ];
    given(...cancelled)
      .when(command('UpdatePayment', { paymentId: 'payment-1', paymentStatus: 'pending' }))
      .thenThrows('PAYMENT_STATUS_INVALID', { data: { from: 'cancelled', to: 'pending' } });
  });

  it('changes the amount or due date of an open payment; nothing when nothing changes', () => {
    given(...pending)
      .when(command('UpdatePayment', { paymentId: 'payment-1', amount: 100_000, dueDate: '2024-03-10' }))
      .then(event('PaymentUpdated', { payment: { ...cardPayment, amount: 100_000, dueDate: '2024-03-10' } }));
    given(...pending)
      .when(command('UpdatePayment', { paymentId: 'payment-1', paymentStatus: 'pending' }))
      .then();
  });

  it('needs an amount to mark a payment paid, within the total', () => {
    const cash = [
      ...priced,
      event('PaymentCreated', {
        payment: { paymentId: 'payment-1', paymentMethod: 'cash', paymentStatus: 'pending', currency: 'TRY' },
      }),
    ];
    given(...cash)
      .when(command('UpdatePayment', { paymentId: 'payment-1', paymentStatus: 'paid' }))
      .thenThrows('VALIDATION_FAILED', { details: [{ path: 'amount' }] });
    given(...cash)
      .when(command('UpdatePayment', { paymentId: 'payment-1', paymentStatus: 'paid', amount: 200_000 }))
      .thenThrows('PAYMENT_EXCEEDS_TOTAL');
  });

  it('refuses an unknown payment', () =>
    given(...pending)
      .when(command('UpdatePayment', { paymentId: 'x' }))
      .thenThrows('PAYMENT_NOT_FOUND'));
});

describe('DeletePayment', () => {
  it('deletes an unpaid payment', () =>
    given(...pending)
      .when(command('DeletePayment', { paymentId: 'payment-1' }))
      .then(event('PaymentDeleted', { paymentId: 'payment-1' })));

  it('never a paid one', () =>
    given(...paid)
      .when(command('DeletePayment', { paymentId: 'payment-1' }))
      .thenThrows('PAYMENT_ALREADY_SUCCEEDED'));

  it('refuses an unknown payment', () =>
    given(...pending)
      .when(command('DeletePayment', { paymentId: 'x' }))
      .thenThrows('PAYMENT_NOT_FOUND'));
});
