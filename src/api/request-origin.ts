import type { FastifyRequest } from 'fastify';

/** The origin the client used to reach this server (scheme + host), for links when OUTBOX_PUBLIC_URL is unset. */
export function requestOrigin(request: FastifyRequest): string {
  return `${request.protocol}://${request.host}`;
}
