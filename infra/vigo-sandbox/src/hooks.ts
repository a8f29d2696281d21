import { setTimeout as sleep } from 'node:timers/promises';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { SandboxContext } from './context.ts';
import { authTokenHeader, unauthorisedAnswer } from './contract.ts';
import { operations, type Operation } from './faults.ts';

function operationOf(request: FastifyRequest, basePath: string): Operation | undefined {
  const url = request.routeOptions.url ?? '';
  const name = `${request.method} ${url.slice(basePath.length)}`;
  return operations.find((o) => o === name);
}

/** onRequest hook of the Vigo operations: injected latency, hangs and error answers. */
export function faultHook(ctx: SandboxContext) {
  return async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    const operation = operationOf(request, ctx.settings.basePath);
    if (!operation) return;
    const fault = ctx.faults.forRequest(operation);
    const interrupted = await pause(fault.latencyMs + (fault.hangMs ?? 0), ctx.closing);
    if (interrupted) {
      return reply.code(503).send({ message: 'Sandbox kapanıyor' });
    }
    if (fault.hangMs !== null) {
      request.log.warn({ operation, hangMs: fault.hangMs }, 'injected hang');
      return reply.code(504).send({ message: 'Gateway Timeout' });
    }
    if (fault.failWith !== null) {
      request.log.warn({ operation, status: fault.failWith }, 'injected failure');
      return reply.code(fault.failWith).send({ message: 'Servis geçici olarak kullanılamıyor' });
    }
  };
}

/** Waits `ms`; true when the sandbox closed meanwhile. */
async function pause(ms: number, closing: AbortSignal): Promise<boolean> {
  if (closing.aborted) return true;
  if (ms <= 0) return false;
  try {
    await sleep(ms, undefined, { signal: closing });
    return false;
  } catch {
    return true;
  }
}

/** onRequest hook of every Vigo operation but the token call: a valid, unexpired `x-auth-token`. */
export function authHook(ctx: SandboxContext) {
  return async (request: FastifyRequest, reply: FastifyReply): Promise<void> => {
    const token = request.headers[authTokenHeader];
    const expiresAt = typeof token === 'string' ? ctx.store.tokens.get(token) : undefined;
    if (expiresAt === undefined || expiresAt <= Date.now()) {
      return reply.code(401).send(unauthorisedAnswer);
    }
  };
}
