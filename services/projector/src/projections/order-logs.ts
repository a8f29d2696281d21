import { orderLogsProjection } from '@orders/read-models';
import type { ProjectorProjection } from './types.ts';

/** `GET /:order_id/logs`: one row per event (read_model.order_logs). */
export const orderLogs: ProjectorProjection = { projection: orderLogsProjection, rebuildBatchSize: 5_000 };
