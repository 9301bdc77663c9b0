import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../context.js';
import type { Principal } from '../../core/access/principal.js';
import { authenticateApiKey } from '../../core/api-keys/authenticate-api-key.js';
import { AppError } from '../../errors.js';
import { createRateLimiter } from './rate-limit.js';

function bearerKey(request: FastifyRequest): string {
  const header = request.headers.authorization;
  if (!header) throw new AppError('AUTH_MISSING_KEY', 'Send your API key as `Authorization: Bearer <key>`.', { param: 'authorization' });
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  if (!match?.[1]) throw new AppError('AUTH_MISSING_KEY', 'The Authorization header must be `Bearer <key>`.', { param: 'authorization' });
  return match[1];
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

type HookDone = (error?: Error) => void;

/**
 * Whether a request is for the /api/v1 surface. Decided on the route the router matched, and for unmatched requests
 * on the decoded path: the raw URL may spell `/api/v1` with percent-escapes that the router decodes, and such a
 * request must not slip past authentication.
 */
export function isApiRequest(request: FastifyRequest): boolean {
  const route = request.routeOptions.url;
  if (route !== undefined) return route.startsWith('/api/v1/');
  let path = request.url.split('?')[0] ?? '';
  try {
    path = decodeURIComponent(path);
  } catch {
    // A malformed escape is refused by the router anyway; judge the raw text.
  }
  return path.startsWith('/api/v1/') || path === '/api/v1';
}

/**
 * Authenticates every /api/v1 request (unless its route is marked public), enforces read-only keys, and applies the
 * per-key rate limit with X-RateLimit-* headers on every response, errors included.
 */
export function registerAuthentication(app: FastifyInstance, ctx: AppContext): void {
  const limiter = createRateLimiter(ctx.config.rateLimitPerMinute, () => ctx.clock.now());
  app.decorateRequest('principal', undefined);

  /** Applies the rate limit and the key's permission once authentication has an answer; throws to refuse. */
  const admit = (request: FastifyRequest, reply: FastifyReply, principal: Principal | undefined, authError: unknown): void => {
    // Failed authentication counts against the client address, so guessing keys is throttled too.
    const state = limiter.hit(principal ? `key:${principal.keyId}` : `ip:${request.ip}`);
    reply.header('X-RateLimit-Limit', state.limit);
    reply.header('X-RateLimit-Remaining', state.remaining);
    reply.header('X-RateLimit-Reset', state.resetSeconds);
    if (state.limited) {
      throw new AppError('RATE_LIMITED', `Rate limit of ${state.limit} requests per minute reached; retry in ${state.retryAfterSeconds} s.`, {
        headers: { 'Retry-After': String(state.retryAfterSeconds) },
        details: { limit: state.limit, resetAt: new Date(state.resetSeconds * 1000).toISOString() },
      });
    }
    if (!principal) throw authError;
    if (principal.permission === 'read' && !SAFE_METHODS.has(request.method) && !request.routeOptions.config.readOnlySafe) {
      throw new AppError('AUTH_READ_ONLY_KEY', 'This API key is read-only.');
    }
    request.principal = principal;
  };

  const settle = (request: FastifyRequest, reply: FastifyReply, principal: Principal | undefined, authError: unknown, done: HookDone) => {
    try {
      admit(request, reply, principal, authError);
    } catch (error) {
      done(error as Error);
      return;
    }
    done();
  };

  // A callback hook rather than an async one: a cached key is answered without waiting a turn for a promise.
  app.addHook('onRequest', (request, reply, done) => {
    if (!isApiRequest(request) || request.routeOptions.config.public) return done();
    let answer: Principal | Promise<Principal>;
    try {
      answer = authenticateApiKey(ctx, bearerKey(request));
    } catch (error) {
      return settle(request, reply, undefined, error, done);
    }
    if (answer instanceof Promise) {
      answer.then(
        (principal) => settle(request, reply, principal, undefined, done),
        (error: unknown) => settle(request, reply, undefined, error, done),
      );
    } else {
      settle(request, reply, answer, undefined, done);
    }
  });
}
