export { orderHistory, type OrderHistory, type OrderHistoryOptions } from './order-history.ts';
