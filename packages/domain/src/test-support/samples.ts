// One plausible command of every type, for specs that must hold for every command.
import type { CommandOfType, OrderCommandType } from '../order/commands.ts';
import { command, createOrder, load } from './fixtures.ts';

const ledgerPricing = {
  unitType: 'piece',
  quantity: 1,
  unitPrice: 100_000,
  vat: 20,
  vatPrice: 20_000,
  totalPrice: 120_000,
};
const offerUsers = [
  { userId: 'user-s', userType: 'shipper', side: 'sender' as const },
  { userId: 'user-r', userType: 'admin', side: 'receiver' as const },
];

export const sampleCommands: { [K in OrderCommandType]: CommandOfType<K> } = {
  CreateOrder: createOrder(),
  UpdateOrder: command('UpdateOrder', { note: 'Kapıya bırakın' }),
  DeleteOrder: command('DeleteOrder', {}),
  CancelOrder: command('CancelOrder', {}),
  CancelDelivery: command('CancelDelivery', { cancelReason: 'Yanlış adres' }),
  DeliverLoads: command('DeliverLoads', { loadNos: ['YUK-001'] }),
  NoticeLoads: command('NoticeLoads', {
    noticeId: 'notice-1',
    loadNos: ['YUK-001'],
    noticeReason: 'damaged',
  }),
  CreateHandover: command('CreateHandover', { handoverId: 'handover-1', handoverReason: 'away' }),
  ChangeStatus: command('ChangeStatus', { to: 'pending' }),
  CreateLoad: command('CreateLoad', load('YUK-009')),
  UpdateLoad: command('UpdateLoad', { loadId: 'load-YUK-001', weight: 12 }),
  DeleteLoad: command('DeleteLoad', { loadId: 'load-YUK-001' }),
  CreateLoadLog: command('CreateLoadLog', {
    loadLogId: 'log-1',
    loadId: 'load-YUK-001',
    loadNo: 'YUK-001',
    loadType: 'parcel',
    loadStatus: 'loaded',
    loadActionType: 'load',
  }),
  UpdateLoadLog: command('UpdateLoadLog', {
    loadId: 'load-YUK-001',
    loadLogId: 'log-1',
    loadStatus: 'unloaded',
  }),
  DeleteLoadLog: command('DeleteLoadLog', { loadId: 'load-YUK-001', loadLogId: 'log-1' }),
  CreateWaybill: command('CreateWaybill', { waybillId: 'waybill-1', sequenceNo: '001', amount: 500_000 }),
  UpdateWaybill: command('UpdateWaybill', { waybillId: 'waybill-1', serialNo: 'SER-001' }),
  DeleteWaybill: command('DeleteWaybill', { waybillId: 'waybill-1' }),
  CreateExpense: command('CreateExpense', {
    expenseId: 'expense-1',
    supplierId: 'supplier-1',
    pricing: ledgerPricing,
  }),
  UpdateExpense: command('UpdateExpense', { expenseId: 'expense-1', description: 'Hammaliye' }),
  DeleteExpense: command('DeleteExpense', { expenseId: 'expense-1' }),
  CreateIncome: command('CreateIncome', {
    incomeId: 'income-1',
    customerId: 'customer-1',
    pricing: ledgerPricing,
  }),
  UpdateIncome: command('UpdateIncome', { incomeId: 'income-1', incomeType: 'spot' }),
  DeleteIncome: command('DeleteIncome', { incomeId: 'income-1' }),
  CreateOperation: command('CreateOperation', {
    operationId: 'operation-1',
    operationType: 'picking',
    sourceType: 'insource',
  }),
  UpdateOperation: command('UpdateOperation', { operationId: 'operation-1', sourceType: 'outsource' }),
  DeleteOperation: command('DeleteOperation', { operationId: 'operation-1' }),
  CreateInvoice: command('CreateInvoice', {
    invoiceId: 'invoice-1',
    issueDate: '2024-03-01',
    invoicePlatform: 'parasut',
  }),
  UpdateInvoice: command('UpdateInvoice', { invoiceId: 'invoice-1', title: 'Navlun' }),
  DeleteInvoice: command('DeleteInvoice', { invoiceId: 'invoice-1' }),
  AssignDriver: command('AssignDriver', { userId: 'driver-1' }),
  UpdateDriver: command('UpdateDriver', { userId: 'driver-1', driverStatus: 'completed' }),
  RemoveDriver: command('RemoveDriver', { userId: 'driver-1' }),
  CreatePayment: command('CreatePayment', { paymentId: 'payment-1', paymentMethod: 'cash' }),
  UpdatePayment: command('UpdatePayment', { paymentId: 'payment-1', paymentStatus: 'cancelled' }),
  DeletePayment: command('DeletePayment', { paymentId: 'payment-1' }),
  RecordPaymentSuccess: command('RecordPaymentSuccess', {
    paymentId: 'payment-1',
    authCode: 'A1',
    referenceCode: 'R1',
    amount: 100_000,
  }),
  RecordPaymentFailure: command('RecordPaymentFailure', { paymentId: 'payment-1', errorCode: '05' }),
  CreateOffer: command('CreateOffer', { offerId: 'offer-1', price: 120_000, users: offerUsers }),
  UpdateOffer: command('UpdateOffer', { offerId: 'offer-1', offerStatus: 'approved' }),
  DeleteOffer: command('DeleteOffer', { offerId: 'offer-1' }),
  CreateDocument: command('CreateDocument', { documentId: 'document-1', docType: 'delivery' }),
  UpdateDocument: command('UpdateDocument', { documentId: 'document-1', docStatus: 'approved' }),
  DeleteDocument: command('DeleteDocument', { documentId: 'document-1' }),
};
