// Drivers (spec 27), keyed by user_id. Assigning an active driver moves a created/offering/pending
// order to assigned; losing the last active driver moves an assigned order back to pending.
import { eventOf, type CommandContext, type Deciders, type DomainEvent, type Evolvers } from './context.ts';
import type { DriverStatus, OrderStatus } from './enums.ts';
import { DomainError } from './errors.ts';
import { findBy, putBy, removeBy, requireOpen } from './guards.ts';
import { assertNotDraft, statusChanged, type OrderStatusChanged } from './moves.ts';
import type { Driver, Order } from './state.ts';
import { checkText, validate } from './validate.ts';

export interface AssignDriver extends CommandContext {
  type: 'AssignDriver';
  userId: string;
  /** Default approved. */
  driverStatus?: DriverStatus;
}
export interface UpdateDriver extends CommandContext {
  type: 'UpdateDriver';
  userId: string;
  driverStatus: DriverStatus;
}
export interface RemoveDriver extends CommandContext {
  type: 'RemoveDriver';
  userId: string;
}
export type DriverCommand = AssignDriver | UpdateDriver | RemoveDriver;

export type DriverAssigned = DomainEvent<'DriverAssigned', { driver: Driver }>;
export type DriverUpdated = DomainEvent<'DriverUpdated', { driver: Driver }>;
export type DriverRemoved = DomainEvent<'DriverRemoved', { userId: string }>;
export type DriverEvent = DriverAssigned | DriverUpdated | DriverRemoved;

/** Driver statuses that count as a driver on the job (cancelled and rejected do not). */
export const activeDriverStatuses: readonly DriverStatus[] = ['atandı', 'approved', 'completed'];
/** The statuses an order leaves for `assigned` when it gains an active driver. */
const awaitingDriver: readonly OrderStatus[] = ['created', 'offering', 'pending'];

const isActive = (driver: Driver | undefined): boolean =>
  driver !== undefined && activeDriverStatuses.includes(driver.driverStatus);

/** The status move that follows a driver change from `before` to `after` (undefined = no such driver). */
function followUp(
  order: Order,
  before: Driver | undefined,
  after: Driver | undefined,
  command: CommandContext,
): OrderStatusChanged[] {
  if (isActive(after) && !isActive(before) && awaitingDriver.includes(order.status)) {
    assertNotDraft(order);
    return [statusChanged(command, order.status, 'assigned')];
  }
  const othersActive = order.drivers.some((driver) => driver.userId !== before?.userId && isActive(driver));
  if (isActive(before) && !isActive(after) && !othersActive && order.status === 'assigned') {
    return [statusChanged(command, 'assigned', 'pending')];
  }
  return [];
}

export const driverDeciders: Deciders<DriverCommand, DriverEvent | OrderStatusChanged> = {
  AssignDriver(command, order) {
    requireOpen(order);
    if (order.drivers.some((driver) => driver.userId === command.userId)) {
      throw new DomainError(
        'DRIVER_ALREADY_ASSIGNED',
        `User ${command.userId} is already a driver of this order`,
        [{ path: 'userId', reason: 'already assigned' }],
        { userId: command.userId },
      );
    }
    validate((problems) => checkText(problems, command.userId, 'userId'));
    const driver: Driver = { userId: command.userId, driverStatus: command.driverStatus ?? 'approved' };
    return [eventOf(command, 'DriverAssigned', { driver }), ...followUp(order, undefined, driver, command)];
  },
  UpdateDriver(command, order) {
    const current = findBy(order.drivers, 'userId', command.userId, 'DRIVER_NOT_FOUND');
    if (current.driverStatus === command.driverStatus) return [];
    const driver: Driver = { userId: current.userId, driverStatus: command.driverStatus };
    return [eventOf(command, 'DriverUpdated', { driver }), ...followUp(order, current, driver, command)];
  },
  RemoveDriver(command, order) {
    requireOpen(order);
    const current = findBy(order.drivers, 'userId', command.userId, 'DRIVER_NOT_FOUND');
    const removed = eventOf(command, 'DriverRemoved', { userId: current.userId });
    return [removed, ...followUp(order, current, undefined, command)];
  },
};

export const driverEvolvers: Evolvers<DriverEvent> = {
  DriverAssigned: (order, { data }) => ({ ...order, drivers: putBy(order.drivers, 'userId', data.driver) }),
  DriverUpdated: (order, { data }) => ({ ...order, drivers: putBy(order.drivers, 'userId', data.driver) }),
  DriverRemoved: (order, { data }) => ({ ...order, drivers: removeBy(order.drivers, 'userId', data.userId) }),
};
