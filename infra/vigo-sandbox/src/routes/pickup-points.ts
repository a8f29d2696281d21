import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { SandboxContext } from '../context.ts';
import { describeIssues } from '../issues.ts';
import type { PickupPointRecord } from '../store.ts';
import {
  pickupPointPath,
  registerPickupPointBodySchema,
  type PickupPointAnswer,
  type RegisterPickupPointAnswer,
} from '../contract.ts';

const lookupQuerySchema = z.object({
  id: z.string().min(1).optional(),
  externalId: z.string().min(1).optional(),
});

export function pickupPointAnswer(point: PickupPointRecord): PickupPointAnswer {
  return {
    id: point.id,
    name: point.name,
    address: point.address,
    location: point.location,
    phone: point.phone,
    externalId: point.externalId,
    onboardingStatus: point.onboardingStatus,
  };
}

/** Pickup-point registration and lookup (assumed shapes, see undocumented.ts). */
export function registerPickupPointRoutes(api: FastifyInstance, ctx: SandboxContext): void {
  api.post(pickupPointPath, async (request, reply) => {
    const parsed = registerPickupPointBodySchema.safeParse(request.body);
    if (!parsed.success) return reply.code(400).send({ message: describeIssues(parsed.error) });
    const body = parsed.data;
    if (body.externalId !== undefined && ctx.store.findPickupPointByExternalId(body.externalId)) {
      return reply
        .code(409)
        .send({ message: `externalId ${body.externalId} ile kayıtlı bir alım noktası zaten var` });
    }
    const point: PickupPointRecord = {
      id: ctx.store.newId(),
      name: body.name,
      address: body.address,
      location: body.location,
      phone: body.phone,
      externalId: body.externalId ?? null,
      onboardingStatus: 'candidate',
    };
    ctx.store.pickupPoints.set(point.id, point);
    const answer: RegisterPickupPointAnswer = { id: point.id, onboardingStatus: point.onboardingStatus };
    return answer;
  });

  api.get(pickupPointPath, async (request, reply) => {
    const parsed = lookupQuerySchema.safeParse(request.query);
    if (!parsed.success) return reply.code(400).send({ message: describeIssues(parsed.error) });
    const { id, externalId } = parsed.data;
    if ((id === undefined) === (externalId === undefined)) {
      return reply
        .code(400)
        .send({ message: 'id veya externalId parametrelerinden yalnız biri gönderilmelidir' });
    }
    const point =
      id !== undefined ? ctx.store.pickupPoints.get(id) : ctx.store.findPickupPointByExternalId(externalId!);
    if (!point) return reply.code(404).send({ message: 'Alım noktası bulunamadı' });
    return pickupPointAnswer(point);
  });
}
