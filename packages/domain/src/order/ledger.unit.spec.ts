// Expenses (spec 21) and incomes (spec 22): the same pricing rules.
import { describe, expect, it } from 'vitest';
import { command, createOrder, event, eventsOf } from '../test-support/fixtures.ts';
import { given } from '../test-support/given-when-then.ts';

const created = eventsOf(createOrder());
const parts = {
  unitType: 'piece',
  quantity: 1,
  unitPrice: 100_000,
  vat: 20,
  vatPrice: 20_000,
  totalPrice: 120_000,
};
const stored = { ...parts, holdingPrice: 0, currency: 'TRY' };

describe('expenses', () => {
  const expense = {
    expenseId: 'expense-1',
    supplierId: 'supplier-1',
    expenseType: 'freight' as const,
    pricing: stored,
  };
  const withExpense = [...created, event('ExpenseCreated', { expense })];

  it('CreateExpense defaults the type to freight, holdingPrice to 0 and currency to TRY', () =>
    given(...created)
      .when(command('CreateExpense', { expenseId: 'expense-1', supplierId: 'supplier-1', pricing: parts }))
      .then(event('ExpenseCreated', { expense })));

  it('checks the totals of the pricing block', () =>
    given(...created)
      .when(command('CreateExpense', { expenseId: 'e', supplierId: 's', pricing: { ...parts, quantity: 2 } }))
      .thenThrows('PRICING_MISMATCH', {
        data: { field: 'pricing.vatPrice', expected: 40_000, actual: 20_000 },
      }));

  it('dates its VAT rate by its own date, else by the order', () => {
    const legacy = { ...parts, vat: 18, vatPrice: 18_000, totalPrice: 118_000 };
    given(...created)
      .when(command('CreateExpense', { expenseId: 'e', supplierId: 's', pricing: legacy }))
      .thenThrows('VAT_RATE_INVALID', { details: [{ path: 'pricing.vat' }] });
    expect(
      given(...created)
        .when(
          command('CreateExpense', { expenseId: 'e', supplierId: 's', date: '2023-06-30', pricing: legacy }),
        )
        .events(),
    ).toHaveLength(1);
  });

  it('checks the fields', () =>
    given(...created)
      .when(
        command('CreateExpense', {
          expenseId: 'e',
          supplierId: '',
          description: ' ',
          date: '2024-13-01',
          pricing: { ...parts, unitType: '', currency: 'tl' },
        }),
      )
      .thenThrows('VALIDATION_FAILED', {
        details: [
          { path: 'description' },
          { path: 'supplierId' },
          { path: 'date' },
          { path: 'pricing.unitType' },
          { path: 'pricing.currency' },
        ],
      }));

  it('UpdateExpense merges fields and replaces the pricing block', () => {
    given(...withExpense)
      .when(
        command('UpdateExpense', {
          expenseId: 'expense-1',
          expenseType: 'porterage',
          pricing: { ...parts, holdingPrice: 5_000 },
        }),
      )
      .then(
        event('ExpenseUpdated', {
          expense: { ...expense, expenseType: 'porterage', pricing: { ...stored, holdingPrice: 5_000 } },
        }),
      );
    given(...withExpense)
      .when(command('UpdateExpense', { expenseId: 'expense-1', supplierId: 'supplier-1' }))
      .then();
  });

  it('DeleteExpense removes it; unknown ids → EXPENSE_NOT_FOUND', () => {
    given(...withExpense)
      .when(command('DeleteExpense', { expenseId: 'expense-1' }))
      .then(event('ExpenseDeleted', { expenseId: 'expense-1' }));
    given(...withExpense)
      .when(command('DeleteExpense', { expenseId: 'x' }))
      .thenThrows('EXPENSE_NOT_FOUND');
    given(...withExpense)
      .when(command('UpdateExpense', { expenseId: 'x' }))
      .thenThrows('EXPENSE_NOT_FOUND');
    given(...withExpense)
      .when(command('CreateExpense', { ...expense, pricing: parts }))
      .thenThrows('ID_ALREADY_USED');
  });
});

describe('incomes', () => {
  const income = { incomeId: 'income-1', incomeType: 'freight' as const, pricing: stored };
  const withIncome = [...created, event('IncomeCreated', { income })];

  it('CreateIncome needs neither supplier nor customer', () =>
    given(...created)
      .when(command('CreateIncome', { incomeId: 'income-1', pricing: parts }))
      .then(event('IncomeCreated', { income })));

  it('keeps the customer it is invoiced to', () =>
    expect(
      given(...created)
        .when(
          command('CreateIncome', {
            incomeId: 'i',
            customerId: 'customer-1',
            incomeType: 'spot',
            pricing: parts,
          }),
        )
        .state(),
    ).toMatchObject({
      incomes: [{ incomeId: 'i', customerId: 'customer-1', incomeType: 'spot' }],
    }));

  it('checks totals and fields', () => {
    given(...created)
      .when(command('CreateIncome', { incomeId: 'i', pricing: { ...parts, totalPrice: 100_000 } }))
      .thenThrows('PRICING_MISMATCH', { data: { field: 'pricing.totalPrice' } });
    given(...created)
      .when(command('CreateIncome', { incomeId: 'i', customerId: '', pricing: parts }))
      .thenThrows('VALIDATION_FAILED');
  });

  it('UpdateIncome and DeleteIncome; unknown ids → INCOME_NOT_FOUND', () => {
    given(...withIncome)
      .when(command('UpdateIncome', { incomeId: 'income-1', description: 'Navlun geliri' }))
      .then(event('IncomeUpdated', { income: { ...income, description: 'Navlun geliri' } }));
    given(...withIncome)
      .when(command('UpdateIncome', { incomeId: 'income-1', incomeType: 'freight' }))
      .then();
    given(...withIncome)
      .when(command('UpdateIncome', { incomeId: 'income-1', pricing: { ...parts, currency: 'EUR' } }))
      .then(event('IncomeUpdated', { income: { ...income, pricing: { ...stored, currency: 'EUR' } } }));
    given(...withIncome)
      .when(command('DeleteIncome', { incomeId: 'income-1' }))
      .then(event('IncomeDeleted', { incomeId: 'income-1' }));
    given(...withIncome)
      .when(command('UpdateIncome', { incomeId: 'x' }))
      .thenThrows('INCOME_NOT_FOUND');
    given(...withIncome)
      .when(command('DeleteIncome', { incomeId: 'x' }))
      .thenThrows('INCOME_NOT_FOUND');
    given(...withIncome)
      .when(command('CreateIncome', { incomeId: 'income-1', pricing: parts }))
      .thenThrows('ID_ALREADY_USED');
  });
});
