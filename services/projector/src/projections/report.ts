import { reportProjection } from '@orders/read-models';
import type { ProjectorProjection } from './types.ts';

/** `GET /:order_id/report` (read_model.report_orders, report_daily). */
export const report: ProjectorProjection = { projection: reportProjection, rebuildBatchSize: 5_000 };
