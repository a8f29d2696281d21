import type {
  FastifyBaseLogger,
  FastifyInstance,
  RawReplyDefaultExpression,
  RawRequestDefaultExpression,
  RawServerDefault,
} from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { Kysely } from 'kysely';
import type { ClientStore } from '../auth/clients.ts';
import type { OrderRepository } from '../commands/repository.ts';
import type { IdempotencyStore } from '../db/idempotency.ts';
import type { OrderApiTables } from '../db/schema.ts';
import type { Env } from '../env.ts';

/** The app as route modules see it: zod schemas type params, query and body. */
export type App = FastifyInstance<
  RawServerDefault,
  RawRequestDefaultExpression,
  RawReplyDefaultExpression,
  FastifyBaseLogger,
  ZodTypeProvider
>;

/** What the route modules need, built once by app.ts. */
export interface RouteDeps {
  db: Kysely<OrderApiTables>;
  orders: OrderRepository;
  clients: ClientStore;
  idempotency: IdempotencyStore;
  nextOrderNo(tenantId: string): Promise<string>;
  config: Pick<
    Env,
    | 'POS_MERCHANT_SECRET'
    | 'POS_MERCHANT_NO'
    | 'POS_SUCCESS_URL'
    | 'POS_FAIL_URL'
    | 'PRINT_LINK_SECRET'
    | 'PRINT_LINK_TTL_SECONDS'
    | 'PROJECTION_WAIT_MS'
    | 'SUSPENDED_AFTER_HOURS'
  >;
}
