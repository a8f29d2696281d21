// Documents — dokümanlar (spec 30): doc_status created → approved | rejected, rejected → created; approved is final.
import {
  eventOf,
  isSameData,
  payloadOf,
  type CommandContext,
  type Deciders,
  type DomainEvent,
  type Evolvers,
} from './context.ts';
import type { DocStatus } from './enums.ts';
import { DomainError } from './errors.ts';
import { assertIdFree, findBy, putBy, removeBy } from './guards.ts';
import type { OrderDocument } from './state.ts';
import { check, checkText, validate } from './validate.ts';

type DocumentFields = Omit<OrderDocument, 'documentId'>;

export interface CreateDocument extends CommandContext, Omit<DocumentFields, 'docStatus' | 'userTypes'> {
  type: 'CreateDocument';
  documentId: string;
  /** Default created. */
  docStatus?: DocStatus;
  /** Default ["admin"]. */
  userTypes?: string[];
}
export interface UpdateDocument extends CommandContext, Partial<DocumentFields> {
  type: 'UpdateDocument';
  documentId: string;
}
export interface DeleteDocument extends CommandContext {
  type: 'DeleteDocument';
  documentId: string;
}
export type DocumentCommand = CreateDocument | UpdateDocument | DeleteDocument;

export type DocumentCreated = DomainEvent<'DocumentCreated', { document: OrderDocument }>;
export type DocumentUpdated = DomainEvent<'DocumentUpdated', { document: OrderDocument }>;
export type DocumentDeleted = DomainEvent<'DocumentDeleted', { documentId: string }>;
export type DocumentEvent = DocumentCreated | DocumentUpdated | DocumentDeleted;

/** The doc_status moves UpdateDocument may make. */
export const docStatusMoves = {
  created: ['approved', 'rejected'],
  rejected: ['created'],
  approved: [],
} as const satisfies Record<DocStatus, readonly DocStatus[]>;

function assertDocument(document: OrderDocument): void {
  validate((problems) => {
    checkText(problems, document.title, 'title');
    checkText(problems, document.description, 'description');
    check(problems, document.userTypes.length > 0, 'userTypes', 'name at least one user type');
    document.userTypes.forEach((userType, i) => checkText(problems, userType, `userTypes[${i}]`));
  });
}

/** DOC_STATUS_INVALID: an approved document is final, other moves follow {@link docStatusMoves}. */
function assertDocStatusMove(current: OrderDocument, to: DocStatus): void {
  const moves: readonly DocStatus[] = docStatusMoves[current.docStatus];
  if (current.docStatus !== 'approved' && (to === current.docStatus || moves.includes(to))) return;
  const from = current.docStatus;
  throw new DomainError(
    'DOC_STATUS_INVALID',
    `Document ${current.documentId} cannot move from ${from} to ${to}`,
    [{ path: 'docStatus', reason: `not allowed from ${from}` }],
    { documentId: current.documentId, from, to },
  );
}

export const documentDeciders: Deciders<DocumentCommand, DocumentEvent> = {
  CreateDocument(command, order) {
    assertIdFree(order.documents, 'documentId', command.documentId);
    const document: OrderDocument = { docStatus: 'created', userTypes: ['admin'], ...payloadOf(command) };
    assertDocument(document);
    return [eventOf(command, 'DocumentCreated', { document })];
  },
  UpdateDocument(command, order) {
    const current = findBy(order.documents, 'documentId', command.documentId, 'DOCUMENT_NOT_FOUND');
    const document: OrderDocument = { ...current, ...payloadOf(command) };
    assertDocStatusMove(current, document.docStatus);
    assertDocument(document);
    return isSameData(document, current) ? [] : [eventOf(command, 'DocumentUpdated', { document })];
  },
  DeleteDocument(command, order) {
    findBy(order.documents, 'documentId', command.documentId, 'DOCUMENT_NOT_FOUND');
    return [eventOf(command, 'DocumentDeleted', { documentId: command.documentId })];
  },
};

export const documentEvolvers: Evolvers<DocumentEvent> = {
  DocumentCreated: (order, { data }) => ({
    ...order,
    documents: putBy(order.documents, 'documentId', data.document),
  }),
  DocumentUpdated: (order, { data }) => ({
    ...order,
    documents: putBy(order.documents, 'documentId', data.document),
  }),
  DocumentDeleted: (order, { data }) => ({
    ...order,
    documents: removeBy(order.documents, 'documentId', data.documentId),
  }),
};
