// Incomes — gelirler (spec 22).
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
import type { Income } from './state.ts';

type IncomeFields = Omit<Income, 'incomeId' | 'incomeType' | 'pricing'>;

export interface CreateIncome extends CommandContext, IncomeFields {
  type: 'CreateIncome';
  incomeId: string;
  /** Default freight. */
  incomeType?: LedgerEntryType;
  pricing: LedgerPricingInput;
}
export interface UpdateIncome extends CommandContext, Partial<IncomeFields> {
  type: 'UpdateIncome';
  incomeId: string;
  incomeType?: LedgerEntryType;
  /** Replaces the whole block. */
  pricing?: LedgerPricingInput;
}
export interface DeleteIncome extends CommandContext {
  type: 'DeleteIncome';
  incomeId: string;
}
export type IncomeCommand = CreateIncome | UpdateIncome | DeleteIncome;

export type IncomeCreated = DomainEvent<'IncomeCreated', { income: Income }>;
export type IncomeUpdated = DomainEvent<'IncomeUpdated', { income: Income }>;
export type IncomeDeleted = DomainEvent<'IncomeDeleted', { incomeId: string }>;
export type IncomeEvent = IncomeCreated | IncomeUpdated | IncomeDeleted;

export const incomeDeciders: Deciders<IncomeCommand, IncomeEvent> = {
  CreateIncome(command, order) {
    assertIdFree(order.incomes, 'incomeId', command.incomeId);
    const { pricing, ...fields } = payloadOf(command);
    const income: Income = { incomeType: 'freight', ...fields, pricing: ledgerPricingOf(pricing) };
    assertLedgerEntry(income, order);
    return [eventOf(command, 'IncomeCreated', { income })];
  },
  UpdateIncome(command, order) {
    const current = findBy(order.incomes, 'incomeId', command.incomeId, 'INCOME_NOT_FOUND');
    const { pricing, ...fields } = payloadOf(command);
    const income: Income = {
      ...current,
      ...fields,
      pricing: pricing ? ledgerPricingOf(pricing) : current.pricing,
    };
    assertLedgerEntry(income, order);
    return isSameData(income, current) ? [] : [eventOf(command, 'IncomeUpdated', { income })];
  },
  DeleteIncome(command, order) {
    findBy(order.incomes, 'incomeId', command.incomeId, 'INCOME_NOT_FOUND');
    return [eventOf(command, 'IncomeDeleted', { incomeId: command.incomeId })];
  },
};

export const incomeEvolvers: Evolvers<IncomeEvent> = {
  IncomeCreated: (order, { data }) => ({ ...order, incomes: putBy(order.incomes, 'incomeId', data.income) }),
  IncomeUpdated: (order, { data }) => ({ ...order, incomes: putBy(order.incomes, 'incomeId', data.income) }),
  IncomeDeleted: (order, { data }) => ({
    ...order,
    incomes: removeBy(order.incomes, 'incomeId', data.incomeId),
  }),
};
