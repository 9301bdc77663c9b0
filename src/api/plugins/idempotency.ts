import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { AppContext } from '../../context.js';
import { AppError } from '../../errors.js';
import {
  claimIdempotencyKey,
  completeIdempotencyKey,
  releaseIdempotencyKey,
} from '../../store/idempotency-queries.js';

const claimed = new WeakMap<FastifyRequest, { apiKeyId: string; key: string }>();

/** JSON with object keys sorted, so `{a,b}` and `{b,a}` hash the same. */
function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.keys(value as object)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonicalJson((value as Record<string, unknown>)[k])}`);
    return `{${entries.join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

function requestHash(request: FastifyRequest): string {
  return createHash('sha256')
    .update(`${request.method} ${request.url}\n${canonicalJson(request.body ?? null)}`)
    .digest('hex');
}

/**
 * Safe retries for creates: a route marked `config.idempotent` accepts `Idempotency-Key` (or `x-request-id`). The
 * first request with a key runs and its response is stored; the same key with the same body replays that response
 * (with `Idempotent-Replayed: true`); with a different body it is a 422; while the first is still running, a 409.
 * A 5xx response frees the key again so the client's retry can run.
 */
export function registerIdempotency(app: FastifyInstance, ctx: AppContext): void {
  const ttlMs = ctx.config.idempotencyTtlHours * 3_600_000;

  /** The request's idempotency key, when its route honours one and it sent one. */
  const keyOf = (request: FastifyRequest): string | undefined => {
    if (!request.routeOptions.config.idempotent) return undefined;
    const header = request.headers['idempotency-key'] ?? request.headers['x-request-id'];
    return (Array.isArray(header) ? header[0] : header) || undefined;
  };

  // Callback hooks that return at once for the many requests without a key, and wait for the store only with one.
  app.addHook('preHandler', (request, reply, done) => {
    const key = keyOf(request);
    if (key === undefined || !request.principal) return done();
    // A replayed response is sent from here, and then the request goes no further.
    claim(request, reply, request.principal.keyId, key).then((replayed) => {
      if (!replayed) done();
    }, done);
  });

  /** Claims `key` for the request, or replays the stored response (resolving true) or refuses. */
  const claim = async (request: FastifyRequest, reply: FastifyReply, apiKeyId: string, key: string): Promise<boolean> => {
    if (key.length > 255) throw new AppError('VALIDATION_FAILED', 'Idempotency-Key must be at most 255 characters.', { param: 'Idempotency-Key' });
    const now = ctx.clock.now();
    const hash = requestHash(request);
    const existing = await claimIdempotencyKey(ctx.db, {
      api_key_id: apiKeyId,
      key,
      request_hash: hash,
      state: 'processing',
      status_code: null,
      response_body: null,
      created_at: now,
      expires_at: now + ttlMs,
    });
    if (!existing) {
      claimed.set(request, { apiKeyId, key });
      return false;
    }
    if (existing.state !== 'done' || existing.status_code === null) {
      throw new AppError('IDEMPOTENCY_IN_PROGRESS', 'A request with this Idempotency-Key is still running; retry shortly.', {
        param: 'Idempotency-Key',
        headers: { 'Retry-After': '1' },
      });
    }
    if (existing.request_hash !== hash) {
      throw new AppError('IDEMPOTENCY_KEY_REUSED', 'This Idempotency-Key was used with a different request.', { param: 'Idempotency-Key' });
    }
    reply
      .status(existing.status_code)
      .header('Idempotent-Replayed', 'true')
      .type('application/json; charset=utf-8')
      .send(existing.response_body ?? '');
    return true;
  };

  app.addHook('onSend', (request, reply, payload, done) => {
    const claim = claimed.get(request);
    if (!claim) return done(null, payload);
    claimed.delete(request);
    const settled =
      reply.statusCode >= 500 || typeof payload !== 'string'
        ? releaseIdempotencyKey(ctx.db, claim.apiKeyId, claim.key)
        : completeIdempotencyKey(ctx.db, claim.apiKeyId, claim.key, reply.statusCode, payload);
    settled.then(() => done(null, payload), done);
  });
}
