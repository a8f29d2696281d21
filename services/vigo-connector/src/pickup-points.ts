import type { Location } from '@orders/contracts/vigo';
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { constantTimeEqual } from './callbacks.ts';
import type { DispatchStore } from './dispatch-store.ts';
import type { VigoClient } from './vigo-client.ts';

export const registerBranchSchema = z.strictObject({
  branchId: z.uuid(),
  name: z.string().min(1),
  address: z.string().min(1),
  location: z.strictObject({
    latitude: z.number().min(-90).max(90),
    longitude: z.number().min(-180).max(180),
  }),
  phone: z.string().min(1),
});
export type RegisterBranch = z.infer<typeof registerBranchSchema>;

export interface RegisteredBranch {
  branchId: string;
  vigoPickupPointId: string;
  onboardingStatus: string;
  alreadyRegistered: boolean;
}

/**
 * Registers a branch as a Vigo pickup point (our branch id as its `externalId`) and stores
 * the point; a branch Vigo already knows is looked up instead. Orders from it wait until
 * Vigo approves it.
 */
export async function registerBranch(
  vigo: VigoClient,
  store: DispatchStore,
  input: RegisterBranch,
): Promise<RegisteredBranch> {
  const location: Location = input.location;
  const result = await vigo.registerPickupPoint({
    name: input.name,
    address: input.address,
    location,
    phone: input.phone,
    externalId: input.branchId,
  });
  let id: string;
  let status: string;
  if ('registered' in result) {
    id = result.registered.id;
    status = result.registered.onboardingStatus;
  } else {
    const known = await vigo.getPickupPoint({ externalId: input.branchId });
    if (!known)
      throw new Error(
        `Vigo refused the registration (${result.conflict}) but has no point for ${input.branchId}`,
      );
    id = known.id;
    status = known.onboardingStatus;
  }
  await store.savePickupPoint({ branchId: input.branchId, vigoId: id, status, name: input.name });
  return {
    branchId: input.branchId,
    vigoPickupPointId: id,
    onboardingStatus: status,
    alreadyRegistered: !('registered' in result),
  };
}

/** Branches registered with Vigo elsewhere (VIGO_PICKUP_POINTS): stored as approved unless already known. */
export async function seedPickupPoints(store: DispatchStore, mapping: Record<string, string>): Promise<void> {
  for (const [branchId, vigoId] of Object.entries(mapping)) {
    const known = await store.pickupPointOfBranch(branchId);
    if (!known) await store.savePickupPoint({ branchId, vigoId, status: 'approved', name: null });
  }
}

/** `POST /admin/pickup-points` (header `x-admin-token`): the same as the register-branch CLI. */
export function registerAdminRoutes(
  app: FastifyInstance,
  options: { adminToken: string; vigo: VigoClient; store: DispatchStore },
): void {
  app.post('/admin/pickup-points', async (request, reply) => {
    const given = request.headers['x-admin-token'];
    if (typeof given !== 'string' || !constantTimeEqual(given, options.adminToken)) {
      return reply.code(401).send({ message: 'unauthorized' });
    }
    const body = registerBranchSchema.safeParse(request.body);
    if (!body.success) {
      return reply
        .code(400)
        .send({ message: body.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ') });
    }
    const registered = await registerBranch(options.vigo, options.store, body.data);
    return reply.code(registered.alreadyRegistered ? 200 : 201).send(registered);
  });
}
