import type { Principal } from '../core/access/principal.js';
import { AppError } from '../errors.js';

/*
 * Per-request state the API's hooks attach. Declared once here so every route sees the same types.
 */
declare module 'fastify' {
  interface FastifyRequest {
    /** The authenticated caller; set by the auth hook on every /api/v1 route. */
    principal: Principal | undefined;
  }
  interface FastifyReply {
    /** The registered error code of a failed response, for request logs and metrics. */
    errorCode: string | undefined;
  }
  interface FastifyContextConfig {
    /** Creates something: honour Idempotency-Key / x-request-id. */
    idempotent?: boolean;
    /** Reachable without an API key. */
    public?: boolean;
    /** A POST that changes nothing (a validation), so read-only keys may call it. */
    readOnlySafe?: boolean;
  }
}

/**
 * Reads the principal the auth hook attached. A request that reaches a handler without one is refused as
 * unauthenticated rather than served: the check fails closed.
 */
export function principalOf(request: { principal: Principal | undefined }): Principal {
  if (!request.principal) throw new AppError('AUTH_MISSING_KEY', 'Send your API key as `Authorization: Bearer <key>`.');
  return request.principal;
}
