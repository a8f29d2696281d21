// One domain event of every type, as the order service stores them, with personal data wherever
// the domain carries some (so that each per-type test also shows it is dropped).
import type { EventOfType, OrderEventType, Route } from '@orders/domain';
import type { PublicEventMeta } from '../to-public-event.ts';

export const orderId = '0b7e6f0a-3f0e-4c55-9d4e-5a1f2b3c4d5e';
export const actorId = '5d0c1a2b-7e8f-4a9b-8c7d-6e5f4a3b2c1d';
export const at = '2025-03-14T09:26:53.589Z';
const ctx = { orderId, actorId, at };

export const meta: PublicEventMeta = {
  eventId: '6f1d2c3b-4a59-4687-9a1b-2c3d4e5f6a7b',
  tenantId: 'tenant-7',
  streamVersion: 3n,
  position: 1234n,
  correlationId: 'req-42',
  causationId: 'req-42',
};

/** Every personal value the samples carry: none may appear in a published event. */
export const personalValues = [
  'Ayşe',
  'Yılmaz',
  'Ayşe Yılmaz',
  '10000000146',
  '+905321234567',
  'ayse@example.com.tr',
  'Yılmaz Gıda Ltd. Şti.',
  'Yılmaz Gıda',
  '1234567890',
  'Kadıköy V.D.',
  'Moda Cad. No: 12 Kadıköy',
  '40.98765',
  '29.02468',
  'Evim Kadıköy',
  'Kapıcıya bırakın',
  'Mavi bina',
  'A Blok',
  '3. kat',
  'Daire 7',
  '34710',
  'Caferağa Mah. Moda Cad. No: 12 D: 7 Kadıköy/İstanbul',
  'Mehmet Demir',
  '+905559876543',
  'Alıcı adres yanlış verdi',
  'Koli ezik geldi',
  'Yakıt - Ayşe Hanım',
  'Hamaliye Mehmet Bey',
  'Fatura: Ayşe Yılmaz',
  'Açıklama Ayşe',
  'Not: Ayşe',
  'AYSE YILMAZ',
  '4242',
  'AUTH-998877',
  'Ehliyet Mehmet Demir',
  'Ön yüz',
  'INDIRIM-AYSE',
];

export const senderRoute: Route = {
  routeType: 'origin',
  address: {
    latitude: 40.98765,
    longitude: 29.02468,
    tag: 'Evim Kadıköy',
    description: 'Mavi bina',
    note: 'Kapıcıya bırakın',
    countryId: 90,
    cityId: 34,
    districtId: 3410,
    quarterId: 341001,
    apartment: 'A Blok',
    floor: '3. kat',
    flat: 'Daire 7',
    zipCode: '34710',
    fullAddress: 'Caferağa Mah. Moda Cad. No: 12 D: 7 Kadıköy/İstanbul',
    addressType: 'individual',
  },
  person: {
    firstname: 'Ayşe',
    lastname: 'Yılmaz',
    fullname: 'Ayşe Yılmaz',
    identity: '10000000146',
    phone: '+905321234567',
    email: 'ayse@example.com.tr',
    company: {
      titleLegal: 'Yılmaz Gıda Ltd. Şti.',
      titleBrand: 'Yılmaz Gıda',
      taxNo: '1234567890',
      taxOffice: 'Kadıköy V.D.',
      address: 'Moda Cad. No: 12 Kadıköy',
      companyType: 'limited',
    },
  },
  includes: { addressId: 'addr-1', customerId: 'cust-1', userId: 'user-9' },
};

const ledgerPricing = {
  unitType: 'trip',
  quantity: 2,
  unitPrice: 50_000,
  vat: 20,
  vatPrice: 20_000,
  totalPrice: 120_000,
  holdingPrice: 0,
  currency: 'TRY',
};

const load = {
  loadId: 'load-1',
  loadNo: 'YUK-001',
  loadType: 'parcel' as const,
  height: 50,
  width: 40,
  length: 60,
  weight: 10,
  quantity: 2,
  stackable: true,
  density: 'light',
  pricing: {
    baseAmount: 10_000,
    postalServiceAmount: 1_000,
    subTotalAmount: 11_000,
    vat: 20,
    vatAmount: 2_200,
    totalAmount: 13_200,
  },
};

const payment = {
  paymentId: 'pay-1',
  paymentMethod: 'card' as const,
  paymentStatus: 'pending' as const,
  currency: 'TRY',
  amount: 162_000,
  dueDate: '2025-03-20',
  card: { holder: 'AYSE YILMAZ', last4: '4242' },
  authCode: 'AUTH-998877',
  referenceCode: 'REF-1',
};

const waybill = {
  waybillId: 'wb-1',
  serialNo: 'A',
  sequenceNo: '000123',
  waybillType: 'shipment' as const,
  shipmentDate: '2025-03-15',
  shipmentHour: '10:30',
  currency: 'TRY',
  amount: 50_000,
};

const invoice = {
  invoiceId: 'inv-1',
  issueDate: '2025-03-15',
  quantity: 1,
  unitPrice: 135_000,
  vat: 20,
  title: 'Fatura: Ayşe Yılmaz',
  description: 'Açıklama Ayşe',
  note: 'Not: Ayşe',
  dueDate: '2025-04-15',
  invoiceSeries: 'ABC',
  invoiceSequence: '2025000001',
  currency: 'TRY',
  invoicePlatform: 'parasut' as const,
};

const offer = {
  offerId: 'offer-1',
  prevPrice: 120_000,
  price: 110_000,
  users: [
    { userId: 'u-s', userType: 'shipper', side: 'sender' as const },
    { userId: 'u-r', userType: 'admin', side: 'receiver' as const },
  ],
  offerStatus: 'created' as const,
};

const orderDocument = {
  documentId: 'doc-1',
  docType: 'driving-licence-front' as const,
  docStatus: 'created' as const,
  title: 'Ehliyet Mehmet Demir',
  description: 'Ön yüz',
  userTypes: ['admin', 'driver'],
};

const expense = {
  expenseId: 'exp-1',
  supplierId: 'sup-1',
  expenseType: 'freight' as const,
  description: 'Yakıt - Ayşe Hanım',
  date: '2025-03-15',
  pricing: ledgerPricing,
};

const income = {
  incomeId: 'inc-1',
  customerId: 'cust-1',
  incomeType: 'porterage' as const,
  description: 'Hamaliye Mehmet Bey',
  date: '2025-03-15',
  pricing: ledgerPricing,
};

const loadLog = {
  loadLogId: 'log-1',
  loadId: 'load-1',
  loadNo: 'YUK-001',
  loadType: 'parcel' as const,
  loadStatus: 'loaded' as const,
  loadActionType: 'load' as const,
  legId: 'leg-1',
};

const operation = {
  operationId: 'op-1',
  operationType: 'picking' as const,
  sourceType: 'outsource' as const,
  vehicleId: 'veh-1',
  userId: 'user-3',
  supplierId: 'sup-2',
};

/** One stored domain event of each type. */
export const samples: { [K in OrderEventType]: EventOfType<K> } = {
  OrderCreated: {
    type: 'OrderCreated',
    data: {
      ...ctx,
      orderNo: 'ORD-0001',
      tenantId: 'tenant-7',
      attributes: {
        orderType: 'delivery',
        transportMode: 'fast',
        vehicleType: 'motorbike',
        shippingType: 'express',
        thirdPartyChannel: 'vigo',
        note: 'Not: Ayşe',
        isSuborder: false,
        isDraft: false,
        distance: 12.5,
        receiptNumber: 'FIS-77',
        paymentType: 'cash',
        paymentMethod: 'card',
        dates: { departureDate: '2025-03-15', departureHour: '09:00' },
        pricing: {
          baseAmount: 100_000,
          commission: 10_000,
          servicesAmount: 5_000,
          deliveryAmount: 20_000,
          discountAmount: 0,
          couponCode: 'INDIRIM-AYSE',
          subTotalAmount: 135_000,
          vat: 20,
          vatAmount: 27_000,
          totalAmount: 162_000,
        },
        services: [
          {
            serviceType: 'insurance',
            pricing: { baseAmount: 5_000, quantity: 1, vat: 20, vatAmount: 1_000, totalAmount: 6_000 },
          },
        ],
        routes: [
          senderRoute,
          {
            routeType: 'destination',
            address: {
              cityId: 6,
              districtId: 601,
              fullAddress: 'Caferağa Mah. Moda Cad. No: 12 D: 7 Kadıköy/İstanbul',
            },
            person: { fullname: 'Mehmet Demir', phone: '+905559876543' },
          },
        ],
        customers: [{ customerId: 'cust-1', customerType: 'sender', hasInvoice: true }],
        branches: [{ branchId: 'br-1', routeType: 'origin', inBranch: false }],
      },
    },
  },
  OrderUpdated: {
    type: 'OrderUpdated',
    data: {
      ...ctx,
      changes: { note: 'Not: Ayşe', vehicleType: 'van', routes: [senderRoute], sendSmsToReceiver: true },
    },
  },
  OrderDeleted: { type: 'OrderDeleted', data: { ...ctx } },
  OrderStatusChanged: { type: 'OrderStatusChanged', data: { ...ctx, from: 'assigned', to: 'to-picking' } },
  OrderCancelled: { type: 'OrderCancelled', data: { ...ctx, from: 'pending' } },
  LoadsDelivered: {
    type: 'LoadsDelivered',
    data: { ...ctx, loadNos: ['YUK-001'], recipientName: 'Mehmet Demir', recipientPhone: '+905559876543' },
  },
  OrderDelivered: {
    type: 'OrderDelivered',
    data: { ...ctx, from: 'on-delivery', recipientName: 'Mehmet Demir', recipientPhone: '+905559876543' },
  },
  DeliveryCancelled: {
    type: 'DeliveryCancelled',
    data: { ...ctx, restoredStatus: 'on-delivery', cancelReason: 'Alıcı adres yanlış verdi' },
  },
  LoadsNoticed: {
    type: 'LoadsNoticed',
    data: {
      ...ctx,
      notice: {
        noticeId: 'n-1',
        loadNos: ['YUK-001', 'YUK-002'],
        noticeReason: 'damaged',
        description: 'Koli ezik geldi',
      },
    },
  },
  HandoverCreated: {
    type: 'HandoverCreated',
    data: { ...ctx, handoverId: 'h-1', handoverReason: 'unreachable', from: 'on-delivery' },
  },
  LoadCreated: { type: 'LoadCreated', data: { ...ctx, load } },
  LoadUpdated: { type: 'LoadUpdated', data: { ...ctx, load: { ...load, weight: 12 } } },
  LoadDeleted: { type: 'LoadDeleted', data: { ...ctx, loadId: 'load-1' } },
  LoadLogCreated: { type: 'LoadLogCreated', data: { ...ctx, loadLog } },
  LoadLogUpdated: {
    type: 'LoadLogUpdated',
    data: { ...ctx, loadLog: { ...loadLog, loadStatus: 'unloaded' } },
  },
  LoadLogDeleted: { type: 'LoadLogDeleted', data: { ...ctx, loadId: 'load-1', loadLogId: 'log-1' } },
  WaybillCreated: { type: 'WaybillCreated', data: { ...ctx, waybill } },
  WaybillUpdated: { type: 'WaybillUpdated', data: { ...ctx, waybill: { ...waybill, amount: 60_000 } } },
  WaybillDeleted: { type: 'WaybillDeleted', data: { ...ctx, waybillId: 'wb-1' } },
  ExpenseCreated: { type: 'ExpenseCreated', data: { ...ctx, expense } },
  ExpenseUpdated: { type: 'ExpenseUpdated', data: { ...ctx, expense: { ...expense, expenseType: 'spot' } } },
  ExpenseDeleted: { type: 'ExpenseDeleted', data: { ...ctx, expenseId: 'exp-1' } },
  IncomeCreated: { type: 'IncomeCreated', data: { ...ctx, income } },
  IncomeUpdated: { type: 'IncomeUpdated', data: { ...ctx, income: { ...income, date: '2025-03-16' } } },
  IncomeDeleted: { type: 'IncomeDeleted', data: { ...ctx, incomeId: 'inc-1' } },
  OperationCreated: { type: 'OperationCreated', data: { ...ctx, operation } },
  OperationUpdated: {
    type: 'OperationUpdated',
    data: { ...ctx, operation: { ...operation, sourceType: 'insource' } },
  },
  OperationDeleted: { type: 'OperationDeleted', data: { ...ctx, operationId: 'op-1' } },
  InvoiceCreated: { type: 'InvoiceCreated', data: { ...ctx, invoice } },
  InvoiceUpdated: {
    type: 'InvoiceUpdated',
    data: { ...ctx, invoice: { ...invoice, invoicePlatform: 'arf' } },
  },
  InvoiceDeleted: { type: 'InvoiceDeleted', data: { ...ctx, invoiceId: 'inv-1' } },
  DriverAssigned: {
    type: 'DriverAssigned',
    data: { ...ctx, driver: { userId: 'drv-1', driverStatus: 'atandı' } },
  },
  DriverUpdated: {
    type: 'DriverUpdated',
    data: { ...ctx, driver: { userId: 'drv-1', driverStatus: 'approved' } },
  },
  DriverRemoved: { type: 'DriverRemoved', data: { ...ctx, userId: 'drv-1' } },
  PaymentCreated: { type: 'PaymentCreated', data: { ...ctx, payment } },
  PaymentUpdated: {
    type: 'PaymentUpdated',
    data: { ...ctx, payment: { ...payment, paymentStatus: 'paid' } },
  },
  PaymentDeleted: { type: 'PaymentDeleted', data: { ...ctx, paymentId: 'pay-1' } },
  PaymentSucceeded: {
    type: 'PaymentSucceeded',
    data: { ...ctx, paymentId: 'pay-1', authCode: 'AUTH-998877', referenceCode: 'REF-1', amount: 162_000 },
  },
  PaymentFailed: { type: 'PaymentFailed', data: { ...ctx, paymentId: 'pay-1', errorCode: '51' } },
  OfferCreated: { type: 'OfferCreated', data: { ...ctx, offer } },
  OfferApproved: {
    type: 'OfferApproved',
    data: { ...ctx, offerId: 'offer-1', price: 110_000, rejectedOfferIds: ['offer-2'] },
  },
  OfferUpdated: { type: 'OfferUpdated', data: { ...ctx, offerId: 'offer-2', offerStatus: 'rejected' } },
  OfferDeleted: { type: 'OfferDeleted', data: { ...ctx, offerId: 'offer-2' } },
  DocumentCreated: { type: 'DocumentCreated', data: { ...ctx, document: orderDocument } },
  DocumentUpdated: {
    type: 'DocumentUpdated',
    data: { ...ctx, document: { ...orderDocument, docStatus: 'approved' } },
  },
  DocumentDeleted: { type: 'DocumentDeleted', data: { ...ctx, documentId: 'doc-1' } },
};
