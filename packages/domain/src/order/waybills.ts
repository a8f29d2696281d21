// Waybills — irsaliyeler (spec 20).
import { assertKurus } from '../money.ts';
import {
  eventOf,
  isSameData,
  payloadOf,
  type CommandContext,
  type Deciders,
  type DomainEvent,
  type Evolvers,
} from './context.ts';
import type { WaybillType } from './enums.ts';
import { assertIdFree, findBy, putBy, removeBy } from './guards.ts';
import type { Waybill } from './state.ts';
import { checkCurrency, checkDate, checkHour, checkText, validate } from './validate.ts';

type WaybillFields = Omit<Waybill, 'waybillId'>;

export interface CreateWaybill extends CommandContext, Omit<WaybillFields, 'waybillType' | 'currency'> {
  type: 'CreateWaybill';
  waybillId: string;
  /** Default shipment. */
  waybillType?: WaybillType;
  /** Default TRY. */
  currency?: string;
}
export interface UpdateWaybill extends CommandContext, Partial<WaybillFields> {
  type: 'UpdateWaybill';
  waybillId: string;
}
export interface DeleteWaybill extends CommandContext {
  type: 'DeleteWaybill';
  waybillId: string;
}
export type WaybillCommand = CreateWaybill | UpdateWaybill | DeleteWaybill;

export type WaybillCreated = DomainEvent<'WaybillCreated', { waybill: Waybill }>;
export type WaybillUpdated = DomainEvent<'WaybillUpdated', { waybill: Waybill }>;
export type WaybillDeleted = DomainEvent<'WaybillDeleted', { waybillId: string }>;
export type WaybillEvent = WaybillCreated | WaybillUpdated | WaybillDeleted;

function assertWaybill(waybill: Waybill): void {
  validate((problems) => {
    checkText(problems, waybill.sequenceNo, 'sequenceNo');
    checkText(problems, waybill.serialNo, 'serialNo');
    checkDate(problems, waybill.shipmentDate, 'shipmentDate');
    checkHour(problems, waybill.shipmentHour, 'shipmentHour');
    checkCurrency(problems, waybill.currency, 'currency');
  });
  if (waybill.amount !== undefined) assertKurus(waybill.amount, { path: 'amount' });
}

export const waybillDeciders: Deciders<WaybillCommand, WaybillEvent> = {
  CreateWaybill(command, order) {
    assertIdFree(order.waybills, 'waybillId', command.waybillId);
    const waybill: Waybill = { waybillType: 'shipment', currency: 'TRY', ...payloadOf(command) };
    assertWaybill(waybill);
    return [eventOf(command, 'WaybillCreated', { waybill })];
  },
  UpdateWaybill(command, order) {
    const current = findBy(order.waybills, 'waybillId', command.waybillId, 'WAYBILL_NOT_FOUND');
    const waybill: Waybill = { ...current, ...payloadOf(command) };
    assertWaybill(waybill);
    return isSameData(waybill, current) ? [] : [eventOf(command, 'WaybillUpdated', { waybill })];
  },
  DeleteWaybill(command, order) {
    findBy(order.waybills, 'waybillId', command.waybillId, 'WAYBILL_NOT_FOUND');
    return [eventOf(command, 'WaybillDeleted', { waybillId: command.waybillId })];
  },
};

export const waybillEvolvers: Evolvers<WaybillEvent> = {
  WaybillCreated: (order, { data }) => ({
    ...order,
    waybills: putBy(order.waybills, 'waybillId', data.waybill),
  }),
  WaybillUpdated: (order, { data }) => ({
    ...order,
    waybills: putBy(order.waybills, 'waybillId', data.waybill),
  }),
  WaybillDeleted: (order, { data }) => ({
    ...order,
    waybills: removeBy(order.waybills, 'waybillId', data.waybillId),
  }),
};
