// Operations — picking, transport, delivery (spec 25).
import {
  eventOf,
  isSameData,
  payloadOf,
  type CommandContext,
  type Deciders,
  type DomainEvent,
  type Evolvers,
} from './context.ts';
import { assertIdFree, findBy, putBy, removeBy } from './guards.ts';
import type { Operation } from './state.ts';
import { checkText, validate } from './validate.ts';

export interface CreateOperation extends CommandContext, Operation {
  type: 'CreateOperation';
}
export interface UpdateOperation extends CommandContext, Partial<Omit<Operation, 'operationId'>> {
  type: 'UpdateOperation';
  operationId: string;
}
export interface DeleteOperation extends CommandContext {
  type: 'DeleteOperation';
  operationId: string;
}
export type OperationCommand = CreateOperation | UpdateOperation | DeleteOperation;

export type OperationCreated = DomainEvent<'OperationCreated', { operation: Operation }>;
export type OperationUpdated = DomainEvent<'OperationUpdated', { operation: Operation }>;
export type OperationDeleted = DomainEvent<'OperationDeleted', { operationId: string }>;
export type OperationEvent = OperationCreated | OperationUpdated | OperationDeleted;

function assertOperation(operation: Operation): void {
  validate((problems) => {
    checkText(problems, operation.vehicleId, 'vehicleId');
    checkText(problems, operation.userId, 'userId');
    checkText(problems, operation.supplierId, 'supplierId');
  });
}

export const operationDeciders: Deciders<OperationCommand, OperationEvent> = {
  CreateOperation(command, order) {
    assertIdFree(order.operations, 'operationId', command.operationId);
    const operation: Operation = payloadOf(command);
    assertOperation(operation);
    return [eventOf(command, 'OperationCreated', { operation })];
  },
  UpdateOperation(command, order) {
    const current = findBy(order.operations, 'operationId', command.operationId, 'OPERATION_NOT_FOUND');
    const operation: Operation = { ...current, ...payloadOf(command) };
    assertOperation(operation);
    return isSameData(operation, current) ? [] : [eventOf(command, 'OperationUpdated', { operation })];
  },
  DeleteOperation(command, order) {
    findBy(order.operations, 'operationId', command.operationId, 'OPERATION_NOT_FOUND');
    return [eventOf(command, 'OperationDeleted', { operationId: command.operationId })];
  },
};

export const operationEvolvers: Evolvers<OperationEvent> = {
  OperationCreated: (order, { data }) => ({
    ...order,
    operations: putBy(order.operations, 'operationId', data.operation),
  }),
  OperationUpdated: (order, { data }) => ({
    ...order,
    operations: putBy(order.operations, 'operationId', data.operation),
  }),
  OperationDeleted: (order, { data }) => ({
    ...order,
    operations: removeBy(order.operations, 'operationId', data.operationId),
  }),
};
