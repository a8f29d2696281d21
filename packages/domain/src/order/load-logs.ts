// Load logs — a load's movements and states (spec 24), under /loads/:order_load_id/logs.
import {
  eventOf,
  isSameData,
  payloadOf,
  type CommandContext,
  type Deciders,
  type DomainEvent,
  type Evolvers,
} from './context.ts';
import { notFound } from './errors.ts';
import { assertIdFree, findBy, putBy, removeBy } from './guards.ts';
import type { LoadLog, Order } from './state.ts';
import { check, checkText, validate } from './validate.ts';

type LoadLogFields = Omit<LoadLog, 'loadLogId' | 'loadId'>;

export interface CreateLoadLog extends CommandContext, LoadLog {
  type: 'CreateLoadLog';
}
export interface UpdateLoadLog extends CommandContext, Partial<LoadLogFields> {
  type: 'UpdateLoadLog';
  loadId: string;
  loadLogId: string;
}
export interface DeleteLoadLog extends CommandContext {
  type: 'DeleteLoadLog';
  loadId: string;
  loadLogId: string;
}
export type LoadLogCommand = CreateLoadLog | UpdateLoadLog | DeleteLoadLog;

export type LoadLogCreated = DomainEvent<'LoadLogCreated', { loadLog: LoadLog }>;
export type LoadLogUpdated = DomainEvent<'LoadLogUpdated', { loadLog: LoadLog }>;
export type LoadLogDeleted = DomainEvent<'LoadLogDeleted', { loadId: string; loadLogId: string }>;
export type LoadLogEvent = LoadLogCreated | LoadLogUpdated | LoadLogDeleted;

/** The log `loadLogId` of load `loadId` (LOAD_NOT_FOUND, LOAD_LOG_NOT_FOUND). */
function findLog(order: Order, loadId: string, loadLogId: string): LoadLog {
  findBy(order.loads, 'loadId', loadId, 'LOAD_NOT_FOUND');
  const log = order.loadLogs.find(
    (candidate) => candidate.loadLogId === loadLogId && candidate.loadId === loadId,
  );
  if (log === undefined) throw notFound('LOAD_LOG_NOT_FOUND', 'loadLogId', loadLogId);
  return log;
}

/** A log names its load's current load_no when it is written with one. */
function assertLoadLog(order: Order, log: LoadLog, loadNoGiven: boolean): void {
  const load = findBy(order.loads, 'loadId', log.loadId, 'LOAD_NOT_FOUND');
  validate((problems) => {
    checkText(problems, log.legId, 'legId');
    if (loadNoGiven)
      check(problems, log.loadNo === load.loadNo, 'loadNo', `the load's number is ${load.loadNo}`);
  });
}

export const loadLogDeciders: Deciders<LoadLogCommand, LoadLogEvent> = {
  CreateLoadLog(command, order) {
    assertIdFree(order.loadLogs, 'loadLogId', command.loadLogId);
    const loadLog: LoadLog = payloadOf(command);
    assertLoadLog(order, loadLog, true);
    return [eventOf(command, 'LoadLogCreated', { loadLog })];
  },
  UpdateLoadLog(command, order) {
    const current = findLog(order, command.loadId, command.loadLogId);
    const loadLog: LoadLog = { ...current, ...payloadOf(command) };
    assertLoadLog(order, loadLog, command.loadNo !== undefined);
    return isSameData(loadLog, current) ? [] : [eventOf(command, 'LoadLogUpdated', { loadLog })];
  },
  DeleteLoadLog(command, order) {
    findLog(order, command.loadId, command.loadLogId);
    return [eventOf(command, 'LoadLogDeleted', { loadId: command.loadId, loadLogId: command.loadLogId })];
  },
};

export const loadLogEvolvers: Evolvers<LoadLogEvent> = {
  LoadLogCreated: (order, { data }) => ({
    ...order,
    loadLogs: putBy(order.loadLogs, 'loadLogId', data.loadLog),
  }),
  LoadLogUpdated: (order, { data }) => ({
    ...order,
    loadLogs: putBy(order.loadLogs, 'loadLogId', data.loadLog),
  }),
  LoadLogDeleted: (order, { data }) => ({
    ...order,
    loadLogs: removeBy(order.loadLogs, 'loadLogId', data.loadLogId),
  }),
};
