// Loads (spec 23, and `loads[]` of the create/update body): load_no is unique within the order.
import { assertLoadPricing } from '../pricing.ts';
import type { LoadFields, LoadInput } from './attributes.ts';
import {
  eventOf,
  isSameData,
  payloadOf,
  type CommandContext,
  type Deciders,
  type DomainEvent,
  type Evolvers,
} from './context.ts';
import { DomainError } from './errors.ts';
import { assertIdFree, findBy, putBy, removeBy, requireOpen } from './guards.ts';
import type { Load, Order } from './state.ts';
import { orderVatDate } from './order-date.ts';
import { checkNonNegative, checkPositiveInteger, checkText, validate, type Problems } from './validate.ts';

export interface CreateLoad extends CommandContext, LoadInput {
  type: 'CreateLoad';
}
export interface UpdateLoad extends CommandContext, Partial<LoadFields> {
  type: 'UpdateLoad';
  loadId: string;
}
export interface DeleteLoad extends CommandContext {
  type: 'DeleteLoad';
  loadId: string;
}
export type LoadCommand = CreateLoad | UpdateLoad | DeleteLoad;

export type LoadCreated = DomainEvent<'LoadCreated', { load: LoadInput }>;
/** Carries the load's full fields; its delivery mark is kept. */
export type LoadUpdated = DomainEvent<'LoadUpdated', { load: LoadInput }>;
/** Also removes the load's logs. */
export type LoadDeleted = DomainEvent<'LoadDeleted', { loadId: string }>;
export type LoadEvent = LoadCreated | LoadUpdated | LoadDeleted;

const field = (prefix: string, name: string): string => (prefix === '' ? name : `${prefix}.${name}`);

function checkLoad(problems: Problems, load: LoadInput, path: string): void {
  checkText(problems, load.loadNo, field(path, 'loadNo'));
  checkText(problems, load.loadId, field(path, 'loadId'));
  checkText(problems, load.density, field(path, 'density'));
  for (const dimension of ['height', 'width', 'length', 'weight'] as const) {
    checkNonNegative(problems, load[dimension], field(path, dimension));
  }
  checkPositiveInteger(problems, load.quantity, field(path, 'quantity'));
}

/**
 * Checks loads that will sit together on one order — `paths[i]` says where `loads[i]` sits in the
 * command ('' for a Create/Update Load body): fields, load numbers unique (LOAD_NO_TAKEN), ids
 * unique (ID_ALREADY_USED) and pricing against the VAT rates of `date`.
 */
export function assertLoads(loads: readonly LoadInput[], date: string, paths: readonly string[]): void {
  validate((problems) => loads.forEach((load, i) => checkLoad(problems, load, paths[i]!)));
  loads.forEach((load, i) => {
    const earlier = loads.slice(0, i);
    if (earlier.some((other) => other.loadNo === load.loadNo)) {
      throw new DomainError(
        'LOAD_NO_TAKEN',
        `Load number ${load.loadNo} is already used on this order`,
        [{ path: field(paths[i]!, 'loadNo'), reason: 'already used on this order' }],
        { loadNo: load.loadNo },
      );
    }
    assertIdFree(earlier, 'loadId', load.loadId);
    if (load.pricing) assertLoadPricing(load.pricing, { path: field(paths[i]!, 'pricing'), date });
  });
}

/** Paths `loads[0]`, `loads[1]`, … for loads of an order body. */
export const loadPaths = (loads: readonly unknown[]): string[] => loads.map((_, i) => `loads[${i}]`);

/**
 * The events that replace the order's loads by `loads` (update body): deletions, then changes,
 * then creations, so that a number freed by a deletion or a renumbering is free before a new
 * load takes it. Load numbers are unique once all of a command's events are applied (they are
 * appended together); only a swap of numbers between kept loads has an intermediate state with
 * a number twice.
 */
export function replaceLoads(
  order: Order,
  loads: readonly LoadInput[],
  command: CommandContext,
): LoadEvent[] {
  const kept = new Set(loads.map((load) => load.loadId));
  const deleted = order.loads
    .filter((load) => !kept.has(load.loadId))
    .map((load) => eventOf(command, 'LoadDeleted', { loadId: load.loadId }));
  const changed: LoadEvent[] = [];
  const created: LoadEvent[] = [];
  for (const load of loads) {
    const current = order.loads.find((candidate) => candidate.loadId === load.loadId);
    if (!current) created.push(eventOf(command, 'LoadCreated', { load }));
    else if (!isSameData(fieldsOf(current), load)) changed.push(eventOf(command, 'LoadUpdated', { load }));
  }
  return [...deleted, ...changed, ...created];
}

/** The order's loads after `loads` replaced them (delivery marks of kept loads stay). */
export function loadsAfterReplace(order: Order, loads: readonly LoadInput[]): Load[] {
  return loads.map((load) => ({
    ...load,
    delivery: order.loads.find((current) => current.loadId === load.loadId)?.delivery ?? null,
  }));
}

/** A stored load without its delivery mark: the fields commands carry. */
export function fieldsOf(load: Load): LoadInput {
  const { delivery: _delivery, ...fields } = load;
  return fields;
}

/** Checks `load` (a Create/Update Load body) beside the order's other loads. */
function assertLoadBesideOthers(order: Order, load: LoadInput): void {
  const others = order.loads.filter((other) => other.loadId !== load.loadId).map(fieldsOf);
  assertLoads([...others, load], orderVatDate(order), [...loadPaths(others), '']);
}

export const loadDeciders: Deciders<LoadCommand, LoadEvent> = {
  CreateLoad(command, order) {
    requireOpen(order);
    const load = payloadOf(command);
    assertIdFree(order.loads, 'loadId', load.loadId);
    assertLoadBesideOthers(order, load);
    return [eventOf(command, 'LoadCreated', { load })];
  },
  UpdateLoad(command, order) {
    requireOpen(order);
    const current = findBy(order.loads, 'loadId', command.loadId, 'LOAD_NOT_FOUND');
    const load: LoadInput = { ...fieldsOf(current), ...payloadOf(command) };
    assertLoadBesideOthers(order, load);
    return [eventOf(command, 'LoadUpdated', { load })];
  },
  DeleteLoad(command, order) {
    requireOpen(order);
    findBy(order.loads, 'loadId', command.loadId, 'LOAD_NOT_FOUND');
    return [eventOf(command, 'LoadDeleted', { loadId: command.loadId })];
  },
};

export const loadEvolvers: Evolvers<LoadEvent> = {
  LoadCreated: (order, { data }) => ({ ...order, loads: [...order.loads, { ...data.load, delivery: null }] }),
  LoadUpdated: (order, { data }) => {
    const delivery = order.loads.find((load) => load.loadId === data.load.loadId)?.delivery ?? null;
    return { ...order, loads: putBy(order.loads, 'loadId', { ...data.load, delivery }) };
  },
  LoadDeleted: (order, { data }) => ({
    ...order,
    loads: removeBy(order.loads, 'loadId', data.loadId),
    loadLogs: removeBy(order.loadLogs, 'loadId', data.loadId),
  }),
};
