import { orderListProjection } from '@orders/read-models';
import type { ProjectorProjection } from './types.ts';

/** `GET /v3/orders`, export and the suspended report: one row per order (read_model.order_list). */
export const orderList: ProjectorProjection = { projection: orderListProjection, rebuildBatchSize: 5_000 };
