import { balances } from './balances.ts';
import { orderList } from './order-list.ts';
import { orderLogs } from './order-logs.ts';
import { report } from './report.ts';
import type { ProjectorProjection } from './types.ts';

/** Every projection the projector runs. */
export const projectorProjections: readonly ProjectorProjection[] = [orderList, orderLogs, balances, report];

/** The projection called `name` (its subscription name, e.g. `order-list`), or undefined. */
export const projectorProjection = (name: string): ProjectorProjection | undefined =>
  projectorProjections.find((p) => p.projection.name === name);

export type { ProjectorProjection } from './types.ts';
