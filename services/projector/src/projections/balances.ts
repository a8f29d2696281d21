import { balancesProjection } from '@orders/read-models';
import type { ProjectorProjection } from './types.ts';

/** `GET /calculate-balances/customers|branches` (read_model.balance_orders, balance_totals). */
export const balances: ProjectorProjection = { projection: balancesProjection, rebuildBatchSize: 5_000 };
