import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { requestHash, type IdempotencyStore } from '../db/idempotency.ts';
import { callerOf } from './auth.ts';
import { HttpError } from './errors.ts';

declare module 'fastify' {
  interface FastifyRequest {
    idempotencyScope?: { tenantId: string; clientId: string; key: string } | undefined;
  }
}

const keyPattern = /^[\w.:-]{1,200}$/;

/**
 * `Idempotency-Key` on POST: the first request with a key runs and its answer is kept;
 * a retry with the same key and body gets that answer again (header
 * `idempotent-replayed: true`); the same key with another body is a 422; a retry while
 * the first is still running is a 409. A 5xx answer releases the key.
 */
export function registerIdempotency(app: FastifyInstance, store: IdempotencyStore): void {
  app.addHook('preHandler', async (request: FastifyRequest, reply: FastifyReply) => {
    if (request.method !== 'POST' || request.routeOptions.config.public) return;
    const raw = request.headers['idempotency-key'];
    if (raw === undefined) return;
    const key = Array.isArray(raw) ? raw[0] : raw;
    if (!key || !keyPattern.test(key)) {
      throw new HttpError(
        400,
        'VALIDATION_FAILED',
        'Idempotency-Key must be 1–200 letters, digits, ".", ":", "_" or "-"',
        [{ path: 'headers.idempotency-key', reason: 'invalid key' }],
      );
    }
    const caller = callerOf(request);
    const scope = { tenantId: caller.tenantId, clientId: caller.client.clientId, key };
    const claim = await store.claim({
      ...scope,
      hash: requestHash(request.method, request.url, request.body),
    });
    switch (claim.kind) {
      case 'claimed':
        request.idempotencyScope = scope;
        return;
      case 'replay':
        reply.header('idempotent-replayed', 'true');
        return reply.code(claim.statusCode).send(claim.response);
      case 'mismatch':
        throw new HttpError(
          422,
          'IDEMPOTENCY_KEY_REUSED',
          'this Idempotency-Key was used with another request body',
          [{ path: 'headers.idempotency-key', reason: 'already used with another body' }],
        );
      case 'in-progress':
        throw new HttpError(
          409,
          'IDEMPOTENCY_KEY_IN_PROGRESS',
          'a request with this Idempotency-Key is still running',
          [{ path: 'headers.idempotency-key', reason: 'in progress' }],
        );
    }
  });

  app.addHook('onSend', async (request, reply, payload) => {
    const scope = request.idempotencyScope;
    if (!scope) return payload;
    request.idempotencyScope = undefined;
    if (reply.statusCode >= 500 || typeof payload !== 'string') {
      await store.release(scope);
      return payload;
    }
    let body: unknown = payload;
    try {
      body = JSON.parse(payload);
    } catch {
      // not JSON: kept as the text it is
    }
    await store.complete(scope, reply.statusCode, body);
    return payload;
  });
}
