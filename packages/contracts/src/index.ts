export * from './http/common.ts';
export * from './http/orders.ts';
export * from './http/sub-resources.ts';
export * from './events/envelope.ts';
