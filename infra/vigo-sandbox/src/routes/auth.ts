import { randomBytes } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import type { SandboxContext } from '../context.ts';
import { unauthorisedAnswer } from '../contract.ts';
import { describeIssues } from '../issues.ts';
import { tokenPath, tokenRequestSchema, type TokenAnswer } from '../contract.ts';

/** `POST /auth/token` (assumed shape, see undocumented.ts): client credentials → token and expiry. */
export function registerAuthRoutes(api: FastifyInstance, ctx: SandboxContext): void {
  api.post(tokenPath, async (request, reply) => {
    const parsed = tokenRequestSchema.safeParse(request.body);
    if (!parsed.success) return reply.code(400).send({ message: describeIssues(parsed.error) });
    const { clientId, clientSecret } = parsed.data;
    if (clientId !== ctx.settings.clientId || clientSecret !== ctx.settings.clientSecret) {
      return reply.code(401).send(unauthorisedAnswer);
    }
    const now = Date.now();
    for (const [token, expiresAt] of ctx.store.tokens) if (expiresAt <= now) ctx.store.tokens.delete(token);
    const token = randomBytes(24).toString('hex');
    const expiresAt = now + (ctx.faults.current().tokenTtlMs ?? ctx.settings.tokenTtlMs);
    ctx.store.tokens.set(token, expiresAt);
    const answer: TokenAnswer = { token, expiresAt: new Date(expiresAt).toISOString() };
    return answer;
  });
}
