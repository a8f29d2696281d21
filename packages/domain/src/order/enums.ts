// Every enum of order-service-v3.txt, with the spec's values exactly as written
// (including `atandı` among the driver statuses). Each is a readonly tuple so that
// zod (`z.enum(orderStatuses)`) and the types below share one source.

export const orderTypes = ['delivery', 'logistic', 'cargo'] as const;
export type OrderType = (typeof orderTypes)[number];

export const orderStatuses = [
  'cancelled',
  'created',
  'offering',
  'pending',
  'assigned',
  'to-picking',
  'picked',
  'to-departure',
  'in-departure',
  'to-arrival',
  'in-arrival',
  'handover',
  'on-delivery',
  'delivered',
] as const;
export type OrderStatus = (typeof orderStatuses)[number];

export const transportModes = ['complete', 'partial', 'standart', 'fast', 'pick'] as const;
export type TransportMode = (typeof transportModes)[number];

export const transportTypes = ['land', 'air', 'sea'] as const;
export type TransportType = (typeof transportTypes)[number];

export const contentTypes = ['document', 'eat', 'gift', 'food', 'flower', 'other'] as const;
export type ContentType = (typeof contentTypes)[number];

export const vehicleTypes = [
  'bicycle',
  'walker',
  'scooter',
  'motorbike',
  'car',
  'centipede',
  'truck',
  'ten-wheeler',
  'van',
  'six-wheel',
  'other',
] as const;
export type VehicleType = (typeof vehicleTypes)[number];

export const vehicleBodies = [
  'open',
  'awning-roof',
  'awning-curation',
  'frigo',
  'awning-stabil',
  'steel',
] as const;
export type VehicleBody = (typeof vehicleBodies)[number];

export const uploadTypes = ['hand', 'hand-ramp', 'forklift-ramp', 'side-forklift', 'crane'] as const;
export type UploadType = (typeof uploadTypes)[number];

export const containerTypes = ['standart20', 'standart40', 'high20', 'high40', 'open20', 'open40'] as const;
export type ContainerType = (typeof containerTypes)[number];

export const penTypes = ['ld1', 'ld2', 'ld3', 'ld4', 'ld5', 'ld6', 'ld7', 'ld8', 'ld9'] as const;
export type PenType = (typeof penTypes)[number];

export const shippingTypes = ['standart', 'express'] as const;
export type ShippingType = (typeof shippingTypes)[number];

export const assignTypes = ['pool', 'auto'] as const;
export type AssignType = (typeof assignTypes)[number];

export const paymentTypes = ['cash', 'receiver', 'prevailing', 'prepaid'] as const;
export type PaymentType = (typeof paymentTypes)[number];

export const paymentMethods = ['online', 'wallet', 'cash', 'card', 'transfer'] as const;
export type PaymentMethod = (typeof paymentMethods)[number];

export const loadTypes = [
  'pallet',
  'ibc',
  'parcel',
  'pipe',
  'sack',
  'bigbag',
  'barrel',
  'drum',
  'envelope',
  'package',
  'roll',
  'tire',
  'crate',
  'logistics',
  'other',
] as const;
export type LoadType = (typeof loadTypes)[number];

export const routeTypes = ['origin', 'destination', 'departure', 'arrival', 'transfer'] as const;
export type RouteType = (typeof routeTypes)[number];

export const customerTypes = ['sender', 'receiver', 'other'] as const;
export type CustomerType = (typeof customerTypes)[number];

export const serviceTypes = [
  'insurance',
  'duty',
  'porterage',
  'storage',
  'forklift',
  'big-box',
  'medium-box',
  'small-box',
  'handling',
] as const;
export type ServiceType = (typeof serviceTypes)[number];

export const addressTypes = ['individual', 'invoice'] as const;
export type AddressType = (typeof addressTypes)[number];

export const companyTypes = ['person', 'limited', 'anonymous'] as const;
export type CompanyType = (typeof companyTypes)[number];

/** Branches are attached to an order at its origin or destination only. */
export const branchRouteTypes = ['origin', 'destination'] as const;
export type BranchRouteType = (typeof branchRouteTypes)[number];

// ---- sub-resources -------------------------------------------------------

export const noticeReasons = ['damaged', 'wrong', 'missing', 'confused'] as const;
export type NoticeReason = (typeof noticeReasons)[number];

export const handoverReasons = ['away', 'unreachable', 'other'] as const;
export type HandoverReason = (typeof handoverReasons)[number];

export const waybillTypes = ['shipment', 'transportation'] as const;
export type WaybillType = (typeof waybillTypes)[number];

/** expense_type and income_type share these values. */
export const ledgerEntryTypes = ['freight', 'porterage', 'transport', 'spot'] as const;
export type LedgerEntryType = (typeof ledgerEntryTypes)[number];

export const loadStatuses = [
  'created',
  'loaded',
  'unloaded',
  'distribution',
  'delivered',
  'not-delivered',
  'missing',
  'cancelled',
] as const;
export type LoadStatus = (typeof loadStatuses)[number];

export const loadActionTypes = ['saved', 'load', 'unload', 'delivered'] as const;
export type LoadActionType = (typeof loadActionTypes)[number];

export const operationTypes = ['picking', 'transport', 'delivery'] as const;
export type OperationType = (typeof operationTypes)[number];

export const sourceTypes = ['insource', 'outsource'] as const;
export type SourceType = (typeof sourceTypes)[number];

export const invoicePlatforms = ['parasut', 'arf'] as const;
export type InvoicePlatform = (typeof invoicePlatforms)[number];

/** Exactly as the spec lists them, `atandı` included. */
export const driverStatuses = ['cancelled', 'rejected', 'atandı', 'approved', 'completed'] as const;
export type DriverStatus = (typeof driverStatuses)[number];

export const paymentStatuses = ['cancelled', 'fail', 'pending', 'paid'] as const;
export type PaymentStatus = (typeof paymentStatuses)[number];

export const offerStatuses = ['cancelled', 'created', 'approved', 'rejected'] as const;
export type OfferStatus = (typeof offerStatuses)[number];

export const offerSides = ['sender', 'receiver'] as const;
export type OfferSide = (typeof offerSides)[number];

export const docTypes = [
  'delivery',
  'driving-licence-front',
  'driving-licence-back',
  'vehicle-licence',
  'trailer-licence',
  'criminal-licence',
  'src-front',
  'src-back',
  'transport',
  'sales-invoice',
  'transport-invoice',
  'other',
] as const;
export type DocType = (typeof docTypes)[number];

export const docStatuses = ['rejected', 'created', 'approved'] as const;
export type DocStatus = (typeof docStatuses)[number];

/** The VAT rates (percent) in force in Turkey since 2023-07-10. */
export const vatRates = [0, 1, 10, 20] as const;
/** Rates accepted only for orders dated before 2023-07-10. */
export const legacyVatRates = [8, 18] as const;
export const vatChangeDate = '2023-07-10';
