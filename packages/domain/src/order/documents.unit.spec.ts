import { describe, it } from 'vitest';
import { command, createOrder, event, eventsOf } from '../test-support/fixtures.ts';
import { given } from '../test-support/given-when-then.ts';
import type { DocStatus } from './enums.ts';
import type { OrderDocument } from './state.ts';

const created = eventsOf(createOrder());
const document = (docStatus: DocStatus = 'created'): OrderDocument => ({
  documentId: 'doc-1',
  docType: 'delivery',
  docStatus,
  userTypes: ['admin'],
});
const withDocument = (docStatus: DocStatus = 'created') => [
  ...created,
  event('DocumentCreated', { document: document(docStatus) }),
];
const moveTo = (docStatus: DocStatus) => command('UpdateDocument', { documentId: 'doc-1', docStatus });

describe('documents', () => {
  it('CreateDocument defaults the status to created and the audience to admin', () =>
    given(...created)
      .when(command('CreateDocument', { documentId: 'doc-1', docType: 'delivery' }))
      .then(event('DocumentCreated', { document: document() })));

  it('keeps title, description and user types', () => {
    const full = {
      documentId: 'doc-2',
      docType: 'vehicle-licence' as const,
      docStatus: 'created' as const,
      title: 'Ruhsat',
      description: 'Araç ruhsatı',
      userTypes: ['admin', 'driver'],
    };
    given(...created)
      .when(command('CreateDocument', full))
      .then(event('DocumentCreated', { document: full }));
  });

  it('checks the fields and refuses a used id', () => {
    given(...created)
      .when(command('CreateDocument', { documentId: 'd', docType: 'other', title: '', userTypes: [] }))
      .thenThrows('VALIDATION_FAILED', { details: [{ path: 'title' }, { path: 'userTypes' }] });
    given(...created)
      .when(
        command('CreateDocument', { documentId: 'd', docType: 'other', description: '', userTypes: [' '] }),
      )
      .thenThrows('VALIDATION_FAILED', {
        details: [{ path: 'description' }, { path: 'userTypes[0]' }],
      });
    given(...withDocument())
      .when(command('CreateDocument', { documentId: 'doc-1', docType: 'delivery' }))
      .thenThrows('ID_ALREADY_USED');
  });

  it.each([
    ['created', 'approved'],
    ['created', 'rejected'],
    ['rejected', 'created'],
  ] as const)('moves doc_status %s → %s', (from, to) =>
    given(...withDocument(from))
      .when(moveTo(to))
      .then(event('DocumentUpdated', { document: document(to) })),
  );

  it.each([
    ['approved', 'created'],
    ['approved', 'rejected'],
    ['rejected', 'approved'],
  ] as const)('refuses doc_status %s → %s', (from, to) =>
    given(...withDocument(from))
      .when(moveTo(to))
      .thenThrows('DOC_STATUS_INVALID', { data: { from, to } }),
  );

  it('an approved document is final', () =>
    given(...withDocument('approved'))
      .when(command('UpdateDocument', { documentId: 'doc-1', title: 'Yeni' }))
      .thenThrows('DOC_STATUS_INVALID'));

  it('updates other fields of an open document; nothing when nothing changes', () => {
    given(...withDocument())
      .when(command('UpdateDocument', { documentId: 'doc-1', title: 'İrsaliye' }))
      .then(event('DocumentUpdated', { document: { ...document(), title: 'İrsaliye' } }));
    given(...withDocument())
      .when(moveTo('created'))
      .then();
  });

  it('DeleteDocument removes it; unknown ids → DOCUMENT_NOT_FOUND', () => {
    given(...withDocument('approved'))
      .when(command('DeleteDocument', { documentId: 'doc-1' }))
      .then(event('DocumentDeleted', { documentId: 'doc-1' }));
    given(...withDocument())
      .when(command('DeleteDocument', { documentId: 'x' }))
      .thenThrows('DOCUMENT_NOT_FOUND');
    given(...withDocument())
      .when(moveTo('approved'))
      .then(event('DocumentUpdated', { document: document('approved') }));
    given(...withDocument())
      .when(command('UpdateDocument', { documentId: 'x' }))
      .thenThrows('DOCUMENT_NOT_FOUND', { data: { documentId: 'x' } });
  });
});
