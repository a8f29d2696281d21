import { randomUUID } from 'node:crypto';
import {
  calculateOrderPriceBody,
  cancelDeliveryBody,
  createOrderBody,
  deliverLoadsBody,
  envelope,
  handoverBody,
  noticeLoadsBody,
  okEnvelope,
  orderIdParams,
  orderNoParams,
  updateOrderBody,
} from '@orders/contracts';
import {
  calculateOrderPrice,
  defaultPriceTable,
  isDomainError,
  type CommandContext,
  type Order,
  type OrderCommand,
  type OrderState,
} from '@orders/domain';
import { z } from 'zod';
import { httpErrorOf } from '../commands/domain-errors.ts';
import { commandContext, eventMetadata, ifMatchOf } from '../http/context.ts';
import { callerOf } from '../http/auth.ts';
import { notFound } from '../http/errors.ts';
import { ok } from '../http/reply.ts';
import { defined, lira, rate } from '../mapping/money.ts';
import { createOrderIn, orderOut, updateOrderIn } from '../mapping/orders.ts';
import { orderPricingOut } from '../mapping/pricing.ts';
import type { App, RouteDeps } from './types.ts';

const orderData = z.looseObject({ order_id: z.uuid(), order_no: z.string() });
const loadIds = (orderNo: string) => ({
  newId: () => randomUUID(),
  defaultLoadNo: (index: number) => `${orderNo}-${String(index + 1).padStart(3, '0')}`,
});

/** The order of this tenant, or 404 (another tenant's order is not found either). */
export function visibleOrder(state: OrderState, tenantId: string, orderId: string): Order {
  if (!state.exists || state.tenantId !== tenantId || state.deletedAt !== null)
    throw notFound('order', orderId);
  return state;
}

export function registerOrderRoutes(app: App, deps: RouteDeps): void {
  // 1. Create Order
  app.post(
    '/v3/orders',
    { schema: { body: createOrderBody, response: { 201: envelope(orderData) } } },
    async (request, reply) => {
      const caller = callerOf(request);
      const orderId = randomUUID();
      const orderNo = await deps.nextOrderNo(caller.tenantId);
      // The number goes with the stream as its key, in the append's transaction: one commit
      // per create, and an order is found by number exactly when it exists.
      const { state, version, position } = await deps.orders.execute({
        orderId,
        tenantId: caller.tenantId,
        isNew: true,
        orderNo,
        metadata: eventMetadata(request),
        build: () => createOrderIn(request.body, commandContext(request, orderId), orderNo, loadIds(orderNo)),
      });
      return ok(reply, orderOut(visibleOrder(state, caller.tenantId, orderId), version), {
        status: 201,
        version,
        position,
      });
    },
  );

  // 3. Order Details — read-your-writes from the order's own stream.
  app.get('/v3/orders/:order_id', { schema: { params: orderIdParams } }, async (request, reply) => {
    const { state, version } = await deps.orders.load(request.params.order_id);
    const order = visibleOrder(state, callerOf(request).tenantId, request.params.order_id);
    return ok(reply, orderOut(order, version), { version });
  });

  // 4. Update Order
  app.put(
    '/v3/orders/:order_id',
    { schema: { params: orderIdParams, body: updateOrderBody } },
    async (request, reply) => {
      const orderId = request.params.order_id;
      const { state, version, position } = await deps.orders.execute({
        orderId,
        tenantId: callerOf(request).tenantId,
        ifMatch: ifMatchOf(request),
        metadata: eventMetadata(request),
        build: (current) => {
          const order = visibleOrder(current.state, callerOf(request).tenantId, orderId);
          return updateOrderIn(request.body, commandContext(request, orderId), order, loadIds(order.orderNo));
        },
      });
      return ok(reply, orderOut(state as Order, version), { version, position });
    },
  );

  const simple = <B>(
    method: 'post' | 'get' | 'delete',
    url: string,
    body: z.ZodType<B> | undefined,
    toCommand: (body: B, context: CommandContext) => OrderCommand,
  ) => {
    app.route({
      method: method.toUpperCase() as 'POST' | 'GET' | 'DELETE',
      url,
      schema: { params: orderIdParams, ...(body ? { body } : {}), response: { 200: okEnvelope } },
      handler: async (request, reply) => {
        const { order_id: orderId } = request.params as z.infer<typeof orderIdParams>;
        const tenantId = callerOf(request).tenantId;
        const { version, position } = await deps.orders.execute({
          orderId,
          tenantId,
          ifMatch: ifMatchOf(request),
          metadata: eventMetadata(request),
          build: (current) => {
            visibleOrder(current.state, tenantId, orderId);
            return toCommand(request.body as B, commandContext(request, orderId));
          },
        });
        return ok(reply, null, { version, position });
      },
    });
  };

  // 5. Delete Order (soft delete)
  simple('delete', '/v3/orders/:order_id', undefined, (_b, c) => ({ type: 'DeleteOrder', ...c }));
  // 6. Cancel Order
  simple('get', '/v3/orders/:order_id/cancel', undefined, (_b, c) => ({ type: 'CancelOrder', ...c }));
  // 7. Cancel Delivery
  simple('post', '/v3/orders/:order_id/cancel-delivery', cancelDeliveryBody, (b, c) => ({
    type: 'CancelDelivery',
    ...c,
    ...defined({ cancelReason: b.cancel_reason }),
  }));
  // 8. Deliver Loads
  simple('post', '/v3/orders/:order_id/deliver-loads', deliverLoadsBody, (b, c) => ({
    type: 'DeliverLoads',
    ...c,
    loadNos: b.loads,
    ...defined({ recipientName: b.recipient_name, recipientPhone: b.recipient_phone }),
  }));
  // 9. Notice Loads
  simple('post', '/v3/orders/:order_id/notice-loads', noticeLoadsBody, (b, c) => ({
    type: 'NoticeLoads',
    ...c,
    noticeId: randomUUID(),
    loadNos: b.loads,
    noticeReason: b.notice_reason,
    ...defined({ description: b.description }),
  }));

  // 10. Handover Create — by order number, not id.
  app.post(
    '/v3/orders/:order_no/handovers',
    { schema: { params: orderNoParams, body: handoverBody, response: { 200: okEnvelope } } },
    async (request, reply) => {
      const tenantId = callerOf(request).tenantId;
      const orderId = await deps.orders.idOfOrderNo(tenantId, request.params.order_no, async (t, no) => {
        const legacy = await deps.db
          .selectFrom('order_api.orders_index')
          .select('order_id')
          .where('tenant_id', '=', t)
          .where('order_no', '=', no)
          .executeTakeFirst();
        return legacy?.order_id;
      });
      if (orderId === undefined) throw notFound('order', request.params.order_no);
      const { version, position } = await deps.orders.execute({
        orderId,
        tenantId,
        ifMatch: ifMatchOf(request),
        metadata: eventMetadata(request),
        build: (current) => {
          visibleOrder(current.state, tenantId, orderId);
          return {
            type: 'CreateHandover',
            ...commandContext(request, orderId),
            handoverId: randomUUID(),
            handoverReason: request.body.handover_reason,
          };
        },
      });
      return ok(reply, null, { version, position });
    },
  );

  // 17. Calculate Order Price — pure, from the domain's price table.
  app.post(
    '/v3/orders/calculate-order-price',
    { schema: { body: calculateOrderPriceBody } },
    async (request, reply) => {
      const b = request.body;
      try {
        const estimate = calculateOrderPrice(
          defined({
            origin: b.origin,
            destination: b.destination,
            vehicleType: b.vehicle_type,
            weightKg: b.weight,
            loads: b.loads?.map((l) => ({
              lengthCm: l.length,
              widthCm: l.width,
              heightCm: l.height,
              weightKg: l.weight,
              quantity: l.quantity,
            })),
            services: b.services,
            vat: b.vat === undefined ? 20 : rate(b.vat),
            at: new Date().toISOString(),
          }),
          defaultPriceTable,
        );
        return ok(reply, {
          estimated_price: lira(estimate.estimatedPrice),
          distance_km: estimate.distanceKm,
          desi: estimate.desi,
          chargeable_weight_kg: estimate.chargeableWeightKg,
          pricing: orderPricingOut(estimate.pricing),
        });
      } catch (error) {
        if (isDomainError(error)) throw httpErrorOf(error);
        throw error;
      }
    },
  );
}
