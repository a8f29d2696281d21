import { randomUUID } from 'node:crypto';
import type { CommandContext } from '@orders/domain';
import type { EventMetadata } from '@orders/event-store';
import type { FastifyRequest } from 'fastify';
import { callerOf } from './auth.ts';
import { HttpError } from './errors.ts';

declare module 'fastify' {
  interface FastifyRequest {
    correlationId: string;
  }
}

/** Time, tenant and acting user of a command, taken from the request (the domain never reads a clock). */
export function commandContext(request: FastifyRequest, orderId: string): CommandContext {
  const caller = callerOf(request);
  return { orderId, tenantId: caller.tenantId, actorId: caller.userId, at: new Date().toISOString() };
}

/** What every event of this request records: actor, correlation id, causation (the request) and command id. */
export function eventMetadata(request: FastifyRequest): EventMetadata {
  const caller = callerOf(request);
  return {
    actor: caller.userId,
    clientId: caller.client.clientId,
    correlationId: request.correlationId,
    causationId: request.id,
    commandId: randomUUID(),
  };
}

/** `If-Match: <version>` (quotes and W/ tolerated) → bigint; absent → undefined; malformed → 400. */
export function ifMatchOf(request: FastifyRequest): bigint | undefined {
  const raw = request.headers['if-match'];
  if (raw === undefined) return undefined;
  const text = (Array.isArray(raw) ? raw[0] : raw)?.replace(/^W\//, '').replaceAll('"', '').trim() ?? '';
  if (!/^\d{1,18}$/.test(text)) {
    throw new HttpError(400, 'VALIDATION_FAILED', 'If-Match must be the order version given by ETag', [
      { path: 'headers.if-match', reason: 'expected a version number' },
    ]);
  }
  return BigInt(text);
}

/** Turkish-aware lower-casing for search (İ→i, I→ı) followed by removing the dots that differ. */
export function foldTurkish(text: string): string {
  return text.toLocaleLowerCase('tr-TR').normalize('NFC');
}
