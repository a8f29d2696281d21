import { z } from 'zod';
import type { FastifyRequest } from 'fastify';
import type { Client, ClientStore } from '../auth/clients.ts';
import { HttpError, unauthorized } from './errors.ts';

/** Who is calling: the client (and so the tenant) and the acting user, recorded on every event. */
export interface Caller {
  client: Client;
  tenantId: string;
  userId: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    caller?: Caller;
  }
}

const userIdSchema = z.uuid();
const header = (request: FastifyRequest, name: string): string | undefined => {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
};

/**
 * "ClientSecret + User": `x-client-id` and `x-client-secret` identify the calling client
 * (one tenant); `x-user-id` (uuid) names the acting user. 401 when any is missing or wrong.
 */
export async function authenticate(request: FastifyRequest, clients: ClientStore): Promise<Caller> {
  const clientId = header(request, 'x-client-id');
  const secret = header(request, 'x-client-secret');
  const userId = header(request, 'x-user-id');
  if (!clientId || !secret) throw unauthorized('x-client-id and x-client-secret are required');
  if (clientId.length > 200 || secret.length > 500) throw unauthorized('invalid client credentials');
  const client = await clients.authenticate(clientId, secret);
  if (!client) throw unauthorized('invalid client credentials');
  if (!userId) throw unauthorized('x-user-id is required');
  if (!userIdSchema.safeParse(userId).success) {
    throw new HttpError(401, 'UNAUTHORIZED', 'x-user-id must be a uuid', [
      { path: 'headers.x-user-id', reason: 'expected a uuid' },
    ]);
  }
  return { client, tenantId: client.tenantId, userId };
}

/** The caller set by the auth hook; routes behind it can rely on it. */
export function callerOf(request: FastifyRequest): Caller {
  if (!request.caller) throw unauthorized('not authenticated');
  return request.caller;
}
