import {
  docStatuses,
  docTypes,
  driverStatuses,
  invoicePlatforms,
  ledgerEntryTypes,
  loadActionTypes,
  loadStatuses,
  loadTypes,
  offerSides,
  offerStatuses,
  operationTypes,
  paymentMethods,
  paymentStatuses,
  sourceTypes,
  waybillTypes,
} from '@orders/domain';
import { z } from 'zod';
import { currency, hourMinute, isoDate, liraAmount, listQuery, oneOrMany, percent, uuid } from './common.ts';
import { loadBody } from './orders.ts';

// 20. Waybills
export const createWaybillBody = z.strictObject({
  serial_no: z.string().max(50).optional(),
  sequence_no: z.string().min(1).max(50),
  waybill_type: z.enum(waybillTypes).default('shipment'),
  shipment_date: isoDate.optional(),
  shipment_hour: hourMinute.optional(),
  currency: currency.default('TRY'),
  amount: liraAmount.optional(),
});
export const updateWaybillBody = z.strictObject({
  serial_no: z.string().max(50).optional(),
  sequence_no: z.string().min(1).max(50).optional(),
  waybill_type: z.enum(waybillTypes).optional(),
  shipment_date: isoDate.optional(),
  shipment_hour: hourMinute.optional(),
  currency: currency.optional(),
  amount: liraAmount.optional(),
});
export const waybillListQuery = listQuery({ waybill_type: oneOrMany(z.enum(waybillTypes)).optional() }, [
  'sequence_no',
  'serial_no',
  'shipment_date',
  'amount',
  'created_at',
]);

// 21–22. Expenses and incomes share the pricing block.
export const ledgerPricingBody = z.strictObject({
  unit_type: z.string().min(1).max(30),
  quantity: z.number().int().min(1).max(1_000_000).default(1),
  unit_price: liraAmount,
  vat: percent,
  total_price: liraAmount.optional(),
  vat_price: liraAmount.optional(),
  holding_price: liraAmount.optional(),
  currency: currency.default('TRY'),
});

export const createExpenseBody = z.strictObject({
  supplier_id: uuid,
  expense_type: z.enum(ledgerEntryTypes).default('freight'),
  description: z.string().max(1_000).optional(),
  date: isoDate.optional(),
  pricing: ledgerPricingBody,
});
export const updateExpenseBody = z.strictObject({
  supplier_id: uuid.optional(),
  expense_type: z.enum(ledgerEntryTypes).optional(),
  description: z.string().max(1_000).optional(),
  date: isoDate.optional(),
  pricing: ledgerPricingBody.optional(),
});
export const expenseListQuery = listQuery({ expense_type: oneOrMany(z.enum(ledgerEntryTypes)).optional() }, [
  'date',
  'expense_type',
  'total_price',
  'created_at',
]);

export const createIncomeBody = z.strictObject({
  supplier_id: uuid.optional(),
  customer_id: uuid.optional(),
  income_type: z.enum(ledgerEntryTypes).default('freight'),
  description: z.string().max(1_000).optional(),
  date: isoDate.optional(),
  pricing: ledgerPricingBody,
});
export const updateIncomeBody = z.strictObject({
  supplier_id: uuid.optional(),
  customer_id: uuid.optional(),
  income_type: z.enum(ledgerEntryTypes).optional(),
  description: z.string().max(1_000).optional(),
  date: isoDate.optional(),
  pricing: ledgerPricingBody.optional(),
});
export const incomeListQuery = listQuery({ income_type: oneOrMany(z.enum(ledgerEntryTypes)).optional() }, [
  'date',
  'income_type',
  'total_price',
  'created_at',
]);

// 23. Loads
export const createLoadBody = loadBody.extend({ load_type: z.enum(loadTypes) });
export const updateLoadBody = z.strictObject({
  load_type: z.enum(loadTypes).optional(),
  height: z.number().positive().max(10_000).optional(),
  width: z.number().positive().max(10_000).optional(),
  length: z.number().positive().max(10_000).optional(),
  weight: z.number().positive().max(1_000_000).optional(),
  quantity: z.number().int().min(1).max(100_000).optional(),
  stackable: z.boolean().optional(),
  density: z.string().max(50).optional(),
  load_no: z.string().min(1).max(64).optional(),
});
export const loadListQuery = listQuery(
  { load_no: z.string().min(1).max(64).optional(), branch_id: uuid.optional() },
  ['load_no', 'load_type', 'weight', 'quantity', 'created_at'],
);

// 24. Load logs
export const createLoadLogBody = z.strictObject({
  load_no: z.string().min(1).max(64),
  load_type: z.enum(loadTypes),
  load_status: z.enum(loadStatuses),
  load_action_type: z.enum(loadActionTypes),
  leg_id: uuid.optional(),
});
export const updateLoadLogBody = createLoadLogBody.partial();
export const loadLogListQuery = listQuery({ load_no: oneOrMany(z.string().min(1).max(64)).optional() }, [
  'load_no',
  'load_status',
  'created_at',
]);

// 25. Operations
export const createOperationBody = z.strictObject({
  operation_type: z.enum(operationTypes),
  source_type: z.enum(sourceTypes),
  vehicle_id: uuid.optional(),
  order_id: uuid.optional(),
  user_id: uuid.optional(),
  supplier_id: uuid.optional(),
});
export const updateOperationBody = createOperationBody.partial();
export const operationListQuery = listQuery(
  {
    operation_type: oneOrMany(z.enum(operationTypes)).optional(),
    source_type: oneOrMany(z.enum(sourceTypes)).optional(),
  },
  ['operation_type', 'source_type', 'created_at'],
);

// 26. Invoices
export const createInvoiceBody = z.strictObject({
  issue_date: isoDate,
  quantity: z.number().int().min(1).max(1_000_000).default(1),
  unit_price: liraAmount.optional(),
  vat: percent.optional(),
  title: z.string().max(250).optional(),
  description: z.string().max(2_000).optional(),
  note: z.string().max(2_000).optional(),
  due_date: isoDate.optional(),
  invoice_series: z.string().max(20).optional(),
  invoice_sequence: z.string().max(30).optional(),
  currency: currency.default('TRY'),
  invoice_platform: z.enum(invoicePlatforms),
});
export const updateInvoiceBody = z.strictObject({
  issue_date: isoDate.optional(),
  quantity: z.number().int().min(1).max(1_000_000).optional(),
  unit_price: liraAmount.optional(),
  vat: percent.optional(),
  title: z.string().max(250).optional(),
  description: z.string().max(2_000).optional(),
  note: z.string().max(2_000).optional(),
  due_date: isoDate.optional(),
  invoice_series: z.string().max(20).optional(),
  invoice_sequence: z.string().max(30).optional(),
  currency: currency.optional(),
  invoice_platform: z.enum(invoicePlatforms).optional(),
});
export const invoiceListQuery = listQuery(
  { invoice_platform: oneOrMany(z.enum(invoicePlatforms)).optional() },
  ['issue_date', 'due_date', 'invoice_platform', 'created_at'],
);

// 27. Drivers (keyed by user_id)
export const assignDriverBody = z.strictObject({
  user_id: uuid,
  driver_status: z.enum(driverStatuses).default('approved'),
});
export const updateDriverBody = z.strictObject({ driver_status: z.enum(driverStatuses) });
export const driverListQuery = listQuery({ driver_status: oneOrMany(z.enum(driverStatuses)).optional() }, [
  'driver_status',
  'created_at',
]);
export const driverParams = z.strictObject({ order_id: uuid, user_id: uuid });

// 28. Payments
export const createPaymentBody = z.strictObject({
  payment_method: z.enum(paymentMethods),
  /** Amount to collect; required for card and online payments so the POS callback can be checked. */
  amount: liraAmount.optional(),
  card_token: z.string().max(200).optional(),
  due_date: isoDate.optional(),
  payment_status: z.enum(paymentStatuses).default('pending'),
  card: z
    .strictObject({
      holder: z.string().min(1).max(100),
      number: z.string().regex(/^\d{12,19}$/, 'expected 12 to 19 digits'),
      expire_year: z.string().regex(/^\d{4}$/, 'expected a 4-digit year'),
      expire_month: z.string().regex(/^(0[1-9]|1[0-2])$/, 'expected 01 to 12'),
      code: z.string().regex(/^\d{3,4}$/, 'expected 3 or 4 digits'),
    })
    .optional(),
});
export const updatePaymentBody = z.strictObject({ payment_status: z.enum(paymentStatuses) });
export const paymentListQuery = listQuery(
  {
    payment_method: oneOrMany(z.enum(paymentMethods)).optional(),
    payment_status: oneOrMany(z.enum(paymentStatuses)).optional(),
  },
  ['payment_method', 'payment_status', 'due_date', 'amount', 'created_at'],
);

/**
 * 28.6 / 28.7 — what the virtual POS (Paynkolay style) posts back, as form fields or a query.
 * Every field is a string; the hash is checked before anything else is read.
 */
export const posCallbackFields = z
  .object({
    RESPONSE_CODE: z.string().max(10),
    RESPONSE_DATA: z.string().max(2_000).optional(),
    USE_3D: z.string().max(10).optional(),
    MERCHANT_NO: z.string().max(50),
    AUTH_CODE: z.string().max(50).optional(),
    REFERENCE_CODE: z.string().max(100).optional(),
    CLIENT_REFERENCE_CODE: z.string().max(100).optional(),
    CLIENT_REFERANCE_CODE: z.string().max(100).optional(),
    TIMESTAMP: z.string().max(50).optional(),
    TRANSACTION_AMOUNT: z.string().max(30).optional(),
    AUTHORIZATION_AMOUNT: z.string().max(30).optional(),
    COMMISION: z.string().max(30).optional(),
    COMMISION_RATE: z.string().max(30).optional(),
    INSTALLMENT: z.string().max(10).optional(),
    RND: z.string().max(100).optional(),
    CURRENCY_CODE: z.string().max(10).optional(),
    ERROR_CODE: z.string().max(50).optional(),
    BANK_RESULT: z.string().max(2_000).optional(),
    hashData: z.string().max(500).optional(),
    hashDataV2: z.string().max(500),
  })
  .catchall(z.string().max(2_000));
export type PosCallbackFields = z.infer<typeof posCallbackFields>;

// 29. Offers
export const createOfferBody = z.strictObject({
  prev_price: liraAmount.optional(),
  price: liraAmount,
  users: z
    .array(
      z.strictObject({
        user_id: uuid,
        user_type: z.string().min(1).max(40),
        side: z.enum(offerSides),
      }),
    )
    .length(2),
});
export const updateOfferBody = z.strictObject({ offer_status: z.enum(offerStatuses) });
export const offerListQuery = listQuery(
  {
    offer_status: oneOrMany(z.enum(offerStatuses)).optional(),
    user_type: oneOrMany(z.string().min(1).max(40)).optional(),
    user_id: oneOrMany(uuid).optional(),
  },
  ['price', 'offer_status', 'created_at'],
);

// 30. Documents
export const createDocBody = z.strictObject({
  doc_type: z.enum(docTypes),
  doc_status: z.enum(docStatuses).default('created'),
  title: z.string().max(250).optional(),
  description: z.string().max(2_000).optional(),
  user_types: z.array(z.string().min(1).max(40)).min(1).max(20).default(['admin']),
});
export const updateDocBody = z.strictObject({ doc_status: z.enum(docStatuses) });
export const docListQuery = listQuery(
  { doc_type: oneOrMany(z.enum(docTypes)).optional(), doc_status: oneOrMany(z.enum(docStatuses)).optional() },
  ['doc_type', 'doc_status', 'created_at'],
);
