import type { FastifyRequest } from 'fastify';

/** What a client's X-Correlation-Id may be to be kept: a tracing id, not a payload (printable, no spaces). */
const CORRELATION_ID = /^[\x21-\x7e]{1,200}$/;

/**
 * The correlation id of the events a request records (domain.md: "the request that caused it"): the
 * client's X-Correlation-Id when it sends a usable one, so that its own traces find them; otherwise the
 * request's id, a UUID of its own, never the same for two requests, however often the server restarts.
 * One that is not usable (too long, or with spaces or other characters) is not an error: it is left out.
 */
export function correlationIdOf(request: FastifyRequest): string {
  const given = request.headers['x-correlation-id'];
  return typeof given === 'string' && CORRELATION_ID.test(given) ? given : request.id;
}
