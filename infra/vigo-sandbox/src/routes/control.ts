import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import type { SandboxContext } from '../context.ts';
import { onboardingStatuses, type OnboardingStatus } from '../contract.ts';
import { faultsSchema } from '../faults.ts';
import { describeIssues } from '../issues.ts';
import { transitions } from '../lifecycle.ts';
import type { OrderRecord } from '../store.ts';
import { orderStateSchema } from '../contract.ts';
import { pickupPointAnswer } from './pickup-points.ts';

/** Path prefix of the control endpoints; sandbox-only, no authentication. */
export const controlPrefix = '/_sandbox';

const refParams = z.object({ ref: z.string().min(1) });
const idParams = z.object({ id: z.string().min(1) });
const advanceBody = z.strictObject({ to: orderStateSchema.optional() }).default({});
const statusBody = z.strictObject({ onboardingStatus: z.enum(onboardingStatuses) });

function controlView(ctx: SandboxContext, order: OrderRecord) {
  return {
    id: order.id,
    orderNumber: order.orderNumber,
    state: order.state,
    description: order.description,
    prepared: order.prepared,
    walking: order.walking,
    pickupPointId: order.pickupPointId,
    courier: order.courier,
    courierLocation: order.courierLocation,
    stepStates: ctx.simulator.stepStates(order),
    steps: order.steps.map((s) => ({ state: s.state, at: s.at.toISOString() })),
    request: order.request,
  };
}

function bad(reply: FastifyReply, error: z.ZodError) {
  return reply.code(400).send({ message: describeIssues(error) });
}

/** Test and demo controls: read orders, move them, decide pickup points, inject faults, reset. */
export function registerControlRoutes(app: FastifyInstance, ctx: SandboxContext, reset: () => void): void {
  const findOrder = (ref: string) => ctx.store.orders.get(ref) ?? ctx.store.findOrder({ orderNumber: ref });

  app.get('/orders', async () => ({
    orders: [...ctx.store.orders.values()].map((o) => controlView(ctx, o)),
  }));

  // How many orders there are, without their views: for load runs that wait for a count.
  app.get('/stats', async () => ({ orders: ctx.store.orders.size }));

  app.get('/orders/:ref', async (request, reply) => {
    const params = refParams.safeParse(request.params);
    if (!params.success) return bad(reply, params.error);
    const order = findOrder(params.data.ref);
    if (!order) return reply.code(404).send({ message: 'Sipariş bulunamadı' });
    return controlView(ctx, order);
  });

  app.post('/orders/:ref/advance', async (request, reply) => {
    const params = refParams.safeParse(request.params);
    if (!params.success) return bad(reply, params.error);
    const body = advanceBody.safeParse(request.body ?? undefined);
    if (!body.success) return bad(reply, body.error);
    const order = findOrder(params.data.ref);
    if (!order) return reply.code(404).send({ message: 'Sipariş bulunamadı' });
    const entered = ctx.simulator.advance(order, body.data.to);
    if (entered === null) {
      return reply.code(409).send({
        message: `${order.state} → ${body.data.to ?? 'next'} is not reachable; allowed moves: ${
          transitions[order.state].join(', ') || 'none (final state)'
        }`,
      });
    }
    return { entered, order: controlView(ctx, order) };
  });

  app.get('/pickup-points', async () => ({
    pickupPoints: [...ctx.store.pickupPoints.values()].map(pickupPointAnswer),
  }));

  const decide = async (id: string, status: OnboardingStatus, reply: FastifyReply) => {
    const point = ctx.store.pickupPoints.get(id);
    if (!point) return reply.code(404).send({ message: 'Alım noktası bulunamadı' });
    if (point.onboardingStatus !== status) {
      point.onboardingStatus = status;
      ctx.simulator.pickupPointChanged(point);
    }
    return pickupPointAnswer(point);
  };

  app.post('/pickup-points/:id/approve', async (request, reply) => {
    const params = idParams.safeParse(request.params);
    if (!params.success) return bad(reply, params.error);
    return decide(params.data.id, 'approved', reply);
  });

  app.post('/pickup-points/:id/reject', async (request, reply) => {
    const params = idParams.safeParse(request.params);
    if (!params.success) return bad(reply, params.error);
    return decide(params.data.id, 'rejected', reply);
  });

  app.put('/pickup-points/:id/onboarding-status', async (request, reply) => {
    const params = idParams.safeParse(request.params);
    if (!params.success) return bad(reply, params.error);
    const body = statusBody.safeParse(request.body);
    if (!body.success) return bad(reply, body.error);
    return decide(params.data.id, body.data.onboardingStatus, reply);
  });

  app.get('/faults', async () => ctx.faults.current());

  app.put('/faults', async (request, reply) => {
    const body = faultsSchema.safeParse(request.body ?? {});
    if (!body.success) return bad(reply, body.error);
    return ctx.faults.replace(body.data);
  });

  app.patch('/faults', async (request, reply) => {
    const body = faultsSchema.partial().safeParse(request.body ?? {});
    if (!body.success) return bad(reply, body.error);
    // Only the fields the caller sent (partial() would fill in defaults for the rest).
    const sent = Object.keys((request.body ?? {}) as object);
    const changes = Object.fromEntries(Object.entries(body.data).filter(([key]) => sent.includes(key)));
    return ctx.faults.update(changes);
  });

  app.post('/tokens/expire', async () => {
    const now = Date.now();
    let expired = 0;
    for (const [token, expiresAt] of ctx.store.tokens) {
      if (expiresAt > now) expired += 1;
      ctx.store.tokens.set(token, now);
    }
    return { expired };
  });

  app.get('/callbacks', async () => ({ deliveries: ctx.callbacks.attempts() }));

  app.post('/reset', async () => {
    reset();
    return { reset: true };
  });
}
