import { balancesProjection } from './balances.ts';
import { orderListProjection } from './order-list.ts';
import { orderLogsProjection } from './order-logs.ts';
import { reportProjection } from './report.ts';
import type { ReadModelProjection } from './types.ts';

/** Every read model, by its subscription name. */
export const projections: readonly ReadModelProjection[] = [
  orderListProjection,
  orderLogsProjection,
  balancesProjection,
  reportProjection,
];

export type ProjectionName = 'order-list' | 'order-logs' | 'balances' | 'report';

/** The projection called `name`, or undefined. */
export function projectionNamed(name: string): ReadModelProjection | undefined {
  return projections.find((p) => p.name === name);
}
