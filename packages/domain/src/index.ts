// The public API of @orders/domain: the order decider, its commands and events, money and validators.
export * from './order/enums.ts';
export {
  transitions,
  canTransition,
  cancellableStatuses,
  canCancel,
  deliverableStatuses,
} from './order/status.ts';
export type { StatusMove } from './order/status.ts';
export { DomainError, isDomainError, domainErrorCodes } from './order/errors.ts';
export type { DomainErrorCode, ErrorDetail } from './order/errors.ts';
export type * from './order/attributes.ts';
export { initialState } from './order/state.ts';
export type * from './order/state.ts';
export type * from './order/commands.ts';
export { orderCommandTypes } from './order/commands.ts';
export type * from './order/events.ts';
export { orderEventTypes, eventSchemaVersions, statusMoveOf } from './order/events.ts';
export { decide } from './order/decide.ts';
export { evolve } from './order/evolve.ts';
export { decider } from './order/decider.ts';
export { upcastOrderEvent, orderEventUpcasters } from './order/upcast.ts';
export type { Upcaster, UpcasterRegistry } from './order/upcast.ts';
export { paymentStatusMoves, paidTotal } from './order/payments.ts';
export { docStatusMoves } from './order/documents.ts';
export { activeDriverStatuses } from './order/drivers.ts';
export { parseLira, formatLira, percentOf, assertKurus, multiplyKurus } from './money.ts';
export type { Kurus, AmountOptions } from './money.ts';
export {
  assertOrderPricing,
  assertLoadPricing,
  assertServicePricing,
  assertLedgerPricing,
  computeOrderPricing,
  computeLoadPricing,
  computeServicePricing,
  computeLedgerPricing,
} from './pricing.ts';
export type {
  OrderPricing,
  OrderPricingParts,
  LoadPricing,
  ServicePricing,
  LedgerPricing,
  PricingCheck,
} from './pricing.ts';
export { isVatRateAllowed, assertVatRate, vatDateOf } from './vat.ts';
export { calculateOrderPrice, defaultPriceTable, haversineKm, desiOf } from './calculate-price.ts';
export type {
  Coordinates,
  PricedLoad,
  PriceInput,
  PriceTable,
  VehicleTariff,
  PriceEstimate,
} from './calculate-price.ts';
export * from './validators/index.ts';
