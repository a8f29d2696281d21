// Expenses — giderler (spec 21).
import {
  eventOf,
  isSameData,
  payloadOf,
  type CommandContext,
  type Deciders,
  type DomainEvent,
  type Evolvers,
} from './context.ts';
import type { LedgerEntryType } from './enums.ts';
import { assertIdFree, findBy, putBy, removeBy } from './guards.ts';
import { assertLedgerEntry, ledgerPricingOf, type LedgerPricingInput } from './ledger.ts';
import type { Expense } from './state.ts';

type ExpenseFields = Omit<Expense, 'expenseId' | 'expenseType' | 'pricing'>;

export interface CreateExpense extends CommandContext, ExpenseFields {
  type: 'CreateExpense';
  expenseId: string;
  /** Default freight. */
  expenseType?: LedgerEntryType;
  pricing: LedgerPricingInput;
}
export interface UpdateExpense extends CommandContext, Partial<ExpenseFields> {
  type: 'UpdateExpense';
  expenseId: string;
  expenseType?: LedgerEntryType;
  /** Replaces the whole block. */
  pricing?: LedgerPricingInput;
}
export interface DeleteExpense extends CommandContext {
  type: 'DeleteExpense';
  expenseId: string;
}
export type ExpenseCommand = CreateExpense | UpdateExpense | DeleteExpense;

export type ExpenseCreated = DomainEvent<'ExpenseCreated', { expense: Expense }>;
export type ExpenseUpdated = DomainEvent<'ExpenseUpdated', { expense: Expense }>;
export type ExpenseDeleted = DomainEvent<'ExpenseDeleted', { expenseId: string }>;
export type ExpenseEvent = ExpenseCreated | ExpenseUpdated | ExpenseDeleted;

export const expenseDeciders: Deciders<ExpenseCommand, ExpenseEvent> = {
  CreateExpense(command, order) {
    assertIdFree(order.expenses, 'expenseId', command.expenseId);
    const { pricing, ...fields } = payloadOf(command);
    const expense: Expense = { expenseType: 'freight', ...fields, pricing: ledgerPricingOf(pricing) };
    assertLedgerEntry(expense, order);
    return [eventOf(command, 'ExpenseCreated', { expense })];
  },
  UpdateExpense(command, order) {
    const current = findBy(order.expenses, 'expenseId', command.expenseId, 'EXPENSE_NOT_FOUND');
    const { pricing, ...fields } = payloadOf(command);
    const expense: Expense = {
      ...current,
      ...fields,
      pricing: pricing ? ledgerPricingOf(pricing) : current.pricing,
    };
    assertLedgerEntry(expense, order);
    return isSameData(expense, current) ? [] : [eventOf(command, 'ExpenseUpdated', { expense })];
  },
  DeleteExpense(command, order) {
    findBy(order.expenses, 'expenseId', command.expenseId, 'EXPENSE_NOT_FOUND');
    return [eventOf(command, 'ExpenseDeleted', { expenseId: command.expenseId })];
  },
};

export const expenseEvolvers: Evolvers<ExpenseEvent> = {
  ExpenseCreated: (order, { data }) => ({
    ...order,
    expenses: putBy(order.expenses, 'expenseId', data.expense),
  }),
  ExpenseUpdated: (order, { data }) => ({
    ...order,
    expenses: putBy(order.expenses, 'expenseId', data.expense),
  }),
  ExpenseDeleted: (order, { data }) => ({
    ...order,
    expenses: removeBy(order.expenses, 'expenseId', data.expenseId),
  }),
};
