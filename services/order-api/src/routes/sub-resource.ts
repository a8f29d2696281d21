import { randomUUID } from 'node:crypto';
import type { CommandContext, Order, OrderCommand } from '@orders/domain';
import type { FastifyRequest } from 'fastify';
import { z } from 'zod';
import { callerOf } from '../http/auth.ts';
import { commandContext, eventMetadata, ifMatchOf } from '../http/context.ts';
import { notFound } from '../http/errors.ts';
import { ok } from '../http/reply.ts';
import { pagedList, type ListQueryShape } from './list.ts';
import { visibleOrder } from './orders.ts';
import type { App, RouteDeps } from './types.ts';

type Row = Record<string, unknown>;
type Params = Record<string, string>;

/** One v3 sub-resource group: its paths, schemas, where its rows live in the order, and its commands. */
export interface SubResource<Item, CreateBody, UpdateBody> {
  /** Path under /v3/orders/:order_id/, e.g. `waybills` or `loads/:order_load_id/logs`. */
  base: string;
  /** The item id parameter, e.g. `order_waybill_id`. */
  idParam: string;
  /** What the 404 names. */
  noun: string;
  /** Params of `base` beyond order_id (e.g. order_load_id), validated. */
  scope?: Record<string, z.ZodType<string>>;
  createBody: z.ZodType<CreateBody>;
  updateBody: z.ZodType<UpdateBody>;
  listQuery: z.ZodType<ListQueryShape>;
  items(order: Order, params: Params): Item[];
  idOf(item: Item): string;
  out(item: Item, order: Order): Row;
  /** The id of a new item: a fresh uuid unless the body names it (drivers: user_id). */
  newId?(body: CreateBody): string;
  create(body: CreateBody, context: CommandContext, id: string, params: Params): OrderCommand;
  update(body: UpdateBody, context: CommandContext, id: string, params: Params): OrderCommand;
  remove(context: CommandContext, id: string, params: Params): OrderCommand;
  /** Extra list paths serving the same list (the spec's `paymets` typo). */
  listAliases?: string[];
}

/** Registers create, list, details, update and delete of one sub-resource group. */
export function registerSubResource<Item, CreateBody, UpdateBody>(
  app: App,
  deps: RouteDeps,
  spec: SubResource<Item, CreateBody, UpdateBody>,
): void {
  const scope = { order_id: z.uuid(), ...spec.scope };
  const collectionParams = z.strictObject(scope);
  const itemParams = z.strictObject({ ...scope, [spec.idParam]: z.string().min(1).max(100) });
  const collection = `/v3/orders/:order_id/${spec.base}`;
  const item = `${collection}/:${spec.idParam}`;

  const find = (order: Order, params: Params, id: string): Item => {
    const found = spec.items(order, params).find((i) => spec.idOf(i) === id);
    if (!found) throw notFound(spec.noun, id);
    return found;
  };

  const run = async (
    request: FastifyRequest,
    params: Params,
    command: (order: Order, context: CommandContext) => OrderCommand,
  ) => {
    const orderId = params['order_id']!;
    const tenantId = callerOf(request).tenantId;
    return deps.orders.execute({
      orderId,
      tenantId,
      ifMatch: ifMatchOf(request),
      metadata: eventMetadata(request),
      build: (current) =>
        command(visibleOrder(current.state, tenantId, orderId), commandContext(request, orderId)),
    });
  };

  app.post(
    collection,
    { schema: { params: collectionParams, body: spec.createBody } },
    async (request, reply) => {
      const params = request.params as Params;
      const body = request.body as CreateBody;
      const id = spec.newId ? spec.newId(body) : randomUUID();
      const { state, version, position } = await run(request, params, (_order, context) =>
        spec.create(body, context, id, params),
      );
      const order = state as Order;
      return ok(reply, spec.out(find(order, params, id), order), { status: 201, version, position });
    },
  );

  for (const path of [
    collection,
    ...(spec.listAliases ?? []).map((alias) => `/v3/orders/:order_id/${alias}`),
  ]) {
    app.get(
      path,
      { schema: { params: collectionParams, querystring: spec.listQuery } },
      async (request, reply) => {
        const params = request.params as Params;
        const { state, version } = await deps.orders.load(params['order_id']!);
        const order = visibleOrder(state, callerOf(request).tenantId, params['order_id']!);
        const rows = spec.items(order, params).map((i) => spec.out(i, order));
        return ok(reply, pagedList(rows, request.query as ListQueryShape), { version });
      },
    );
  }

  app.get(item, { schema: { params: itemParams } }, async (request, reply) => {
    const params = request.params as Params;
    const { state, version } = await deps.orders.load(params['order_id']!);
    const order = visibleOrder(state, callerOf(request).tenantId, params['order_id']!);
    return ok(reply, spec.out(find(order, params, params[spec.idParam]!), order), { version });
  });

  app.put(item, { schema: { params: itemParams, body: spec.updateBody } }, async (request, reply) => {
    const params = request.params as Params;
    const id = params[spec.idParam]!;
    const { state, version, position } = await run(request, params, (order, context) => {
      find(order, params, id);
      return spec.update(request.body as UpdateBody, context, id, params);
    });
    const order = state as Order;
    return ok(reply, spec.out(find(order, params, id), order), { version, position });
  });

  app.delete(item, { schema: { params: itemParams } }, async (request, reply) => {
    const params = request.params as Params;
    const id = params[spec.idParam]!;
    const { version, position } = await run(request, params, (order, context) => {
      find(order, params, id);
      return spec.remove(context, id, params);
    });
    return ok(reply, null, { version, position });
  });
}
