import type { FastifyReply } from 'fastify';

/** Answers `{ success: true, data, error: null }`, with the order's version as ETag when known. */
export function ok<T>(reply: FastifyReply, data: T, options: { status?: number; version?: bigint } = {}) {
  if (options.version !== undefined) reply.header('etag', `"${options.version}"`);
  return reply.code(options.status ?? 200).send({ success: true as const, data, error: null });
}
