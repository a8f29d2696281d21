export * from './http/common.ts';
export * from './http/orders.ts';
export * from './http/sub-resources.ts';
export * from './events/envelope.ts';
export {
  publicOrderAttributes,
  publicRoute,
  publicLoad,
  type PublicOrderAttributes,
} from './events/public-fields.ts';
export * from './events/payloads.v1.ts';
export * from './events/public-event.ts';
export * from './events/to-public-event.ts';
export * from './events/asyncapi.ts';
export * from './events/headers.ts';
