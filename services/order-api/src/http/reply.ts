import type { FastifyReply } from 'fastify';

/**
 * Answers `{ success: true, data, error: null }`, with the order's version as ETag when known
 * and, after a write, the global position of its last event as `x-event-position` (what a list
 * read's `?min_position=` waits for, so a client can read its own write).
 */
export function ok<T>(
  reply: FastifyReply,
  data: T,
  options: { status?: number; version?: bigint; position?: bigint | undefined } = {},
) {
  if (options.version !== undefined) reply.header('etag', `"${options.version}"`);
  if (options.position !== undefined) reply.header('x-event-position', String(options.position));
  return reply.code(options.status ?? 200).send({ success: true as const, data, error: null });
}
