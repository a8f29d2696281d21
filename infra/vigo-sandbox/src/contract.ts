// The Vigo contract alone (zod only, no fastify): what a client or a callback receiver
// imports to validate requests, answers and callbacks. It lives in @orders/contracts so
// that services/vigo-connector can use it without importing infra/.
export * from '@orders/contracts/vigo';
