import type { FastifyInstance, FastifyReply } from 'fastify';
import type { SandboxContext } from '../context.ts';
import {
  cancelQuerySchema,
  createOrderBodySchema,
  orderCancelledMessage,
  orderLookupQuerySchema,
  orderPreparedMessage,
  type CreateOrderAnswer,
  type SuccessAnswer,
} from '../contract.ts';
import { describeIssues } from '../issues.ts';
import { isCancellable } from '../lifecycle.ts';
import type { OrderRecord } from '../store.ts';
import { finalOrderStates, type GetOrderAnswer, type OrderState } from '../contract.ts';
import { formatVigoDate } from '../time.ts';

const missingRef = 'id veya orderNumber parametrelerinden biri zorunludur';
const bothRefs = 'id ve orderNumber birlikte gönderilmemelidir';
const notFound = 'Sipariş bulunamadı';

const notCancellable: Partial<Record<OrderState, string>> = {
  delivered: 'Teslim edilmiş sipariş iptal edilemez',
  returning: 'İade sürecindeki sipariş iptal edilemez',
  returned: 'İade edilmiş sipariş iptal edilemez',
  cancelled: 'Sipariş zaten iptal edilmiş',
};

type Lookup = { order: OrderRecord } | { status: number; message: string };

/** Exactly one of id / orderNumber, then the order: or the status and message to answer with. */
function lookup(ctx: SandboxContext, query: unknown): Lookup {
  const parsed = orderLookupQuerySchema.safeParse(query);
  if (!parsed.success) return { status: 400, message: describeIssues(parsed.error) };
  const { id, orderNumber } = parsed.data;
  if (id === undefined && orderNumber === undefined) return { status: 400, message: missingRef };
  if (id !== undefined && orderNumber !== undefined) return { status: 400, message: bothRefs };
  const order = ctx.store.findOrder({ id, orderNumber });
  return order ? { order } : { status: 404, message: notFound };
}

function failure(reply: FastifyReply, status: number, message: string) {
  const answer: SuccessAnswer = { success: false, message };
  return reply.code(status).send(answer);
}

/** The documented `GET /order` answer plus the delivery information (shapes in undocumented.ts). */
export function orderAnswer(ctx: SandboxContext, order: OrderRecord): GetOrderAnswer {
  const point = order.pickupPointId === null ? undefined : ctx.store.pickupPoints.get(order.pickupPointId);
  const last = order.steps[order.steps.length - 1];
  return {
    order: {
      id: order.id,
      orderNumber: order.orderNumber,
      state: order.state,
      description: order.description,
      tracking: {},
      assignedCourier: order.courier,
    },
    pickupPointState: {
      id: order.pickupPointId,
      name: order.pickupName,
      onboardingStatus: point?.onboardingStatus ?? null,
    },
    orderState: {
      state: order.state,
      description: order.description,
      date: formatVigoDate(last?.at ?? new Date(), ctx.settings.timeZone),
    },
    stepStates: ctx.simulator.stepStates(order),
    courierLocation: order.courierLocation,
    serverTime: new Date().toISOString(),
  };
}

/** `POST /order`, `GET /order`, `PUT /order/cancel`, `PUT /order/prepared` as documented. */
export function registerOrderRoutes(api: FastifyInstance, ctx: SandboxContext): void {
  api.post('/order', async (request, reply) => {
    const parsed = createOrderBodySchema.safeParse(request.body);
    if (!parsed.success) return reply.code(400).send({ message: describeIssues(parsed.error) });
    const body = parsed.data;
    if (ctx.store.orderIdsByNumber.has(body.orderNumber)) {
      return reply
        .code(409)
        .send({ message: `orderNumber ${body.orderNumber} ile oluşturulmuş bir sipariş zaten var` });
    }

    let state: OrderState = 'inQueue';
    let pickup: Pick<OrderRecord, 'pickupPointId' | 'pickupName' | 'pickupLocation'>;
    if ('id' in body.pickupPoint) {
      const point = ctx.store.pickupPoints.get(body.pickupPoint.id);
      if (!point) {
        return reply.code(400).send({ message: 'pickupPoint.id: kayıtlı alım noktası bulunamadı' });
      }
      if (point.onboardingStatus === 'rejected') {
        return reply.code(400).send({ message: 'pickupPoint.id: alım noktası reddedildi' });
      }
      if (point.onboardingStatus !== 'approved') state = 'waiting';
      pickup = { pickupPointId: point.id, pickupName: point.name, pickupLocation: point.location };
    } else {
      pickup = {
        pickupPointId: null,
        pickupName: body.pickupPoint.name,
        pickupLocation: body.pickupPoint.location,
      };
    }

    const order: OrderRecord = {
      id: ctx.store.newId(),
      orderNumber: body.orderNumber,
      request: body,
      state,
      description: '',
      steps: [{ state, at: new Date() }],
      ...pickup,
      receiverLocation: { latitude: body.receiverLocation.lat, longitude: body.receiverLocation.lon },
      courier: null,
      courierLocation: null,
      prepared: false,
      walking: false,
    };
    ctx.store.addOrder(order);
    ctx.simulator.created(order);
    const answer: CreateOrderAnswer = {
      order: { id: order.id, orderNumber: order.orderNumber, state: order.state },
      serverTime: new Date().toISOString(),
    };
    return answer;
  });

  api.get('/order', async (request, reply) => {
    const found = lookup(ctx, request.query);
    if (!('order' in found)) return reply.code(found.status).send({ message: found.message });
    return orderAnswer(ctx, found.order);
  });

  api.put('/order/cancel', async (request, reply) => {
    const query = cancelQuerySchema.safeParse(request.query);
    if (!query.success) return failure(reply, 400, describeIssues(query.error));
    const found = lookup(ctx, { id: query.data.id, orderNumber: query.data.orderNumber });
    if (!('order' in found)) return failure(reply, found.status, found.message);
    const { order } = found;
    if (!isCancellable(order.state)) {
      return failure(
        reply,
        409,
        notCancellable[order.state] ?? `${order.state} durumundaki sipariş iptal edilemez`,
      );
    }
    ctx.simulator.move(order, 'cancelled', query.data.cancelText ?? '');
    const answer: SuccessAnswer = { success: true, message: orderCancelledMessage };
    return answer;
  });

  api.put('/order/prepared', async (request, reply) => {
    const found = lookup(ctx, request.query);
    if (!('order' in found)) return failure(reply, found.status, found.message);
    const { order } = found;
    if ((finalOrderStates as readonly OrderState[]).includes(order.state)) {
      return failure(reply, 409, `${order.state} durumundaki sipariş için hazırlandı bilgisi verilemez`);
    }
    ctx.simulator.prepared(order);
    const answer: SuccessAnswer = { success: true, message: orderPreparedMessage };
    return answer;
  });
}
