import type { FastifyReply, FastifyRequest } from 'fastify';
import { dropConnection } from '../emulator-kit/connection-faults.js';
import type { ResolvedApp, ResolvedCreator } from './emulator-config.js';
import type { TikTokEmulatorContext } from './emulator-context.js';
import {
  CREATOR_INFO_HTTP_200_CODES,
  newLogId,
  sendEnvelope,
  statusForCode,
  type TikTokErrorCode,
} from './emulator-envelope.js';
import { isAfterCommitFault, isImmediateFault, type TikTokEmulatorEndpoint, type TikTokFault } from './emulator-faults.js';
import type { TikTokRateLimits, TikTokScope } from './emulator-options.js';
import type { AccessToken, Grant } from './emulator-state.js';

/** How a v2 data endpoint is guarded. */
export interface DataEndpointSpec {
  endpoint: TikTokEmulatorEndpoint;
  /** The token needs one of these scopes (Default: the handler checks scopes itself). */
  scopes?: readonly TikTokScope[];
  /** Which per-token limit applies (Default: none). */
  rateLimit?: keyof TikTokRateLimits;
  /** The endpoint changes state, so after-commit faults apply to it. */
  commits?: boolean;
}

/** An authenticated request: the token, its grant, the app and the creator it acts for. */
export interface DataCall {
  logId: string;
  accessToken: AccessToken;
  grant: Grant;
  app: ResolvedApp;
  creator: ResolvedCreator;
}

/** A handler's answer: data for an `ok` envelope, or an error code. */
export type Outcome =
  | { ok: true; data: Record<string, unknown> }
  | { ok: false; code: string; message: string; status?: number };

/** A successful outcome. */
export function ok(data: Record<string, unknown>): Outcome {
  return { ok: true, data };
}

/** A failed outcome with the code's documented status unless `status` is given. */
export function fail(code: TikTokErrorCode, message: string, status?: number): Outcome {
  return status === undefined ? { ok: false, code, message } : { ok: false, code, message, status };
}

/** The bearer token of a request, if any. */
export function bearerToken(request: FastifyRequest): string | undefined {
  const header = request.headers.authorization;
  if (header === undefined) return undefined;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(header);
  return match?.[1];
}

function authenticate(ctx: TikTokEmulatorContext, token: string | undefined, logId: string): DataCall | Outcome {
  const accessToken = token === undefined ? undefined : ctx.store.accessTokens.get(token);
  const grant = accessToken === undefined ? undefined : ctx.store.grants.get(accessToken.grantId);
  if (accessToken === undefined || grant === undefined) {
    return fail('access_token_invalid', 'The access token is invalid or not found in the request.');
  }
  if (grant.revoked) return fail('access_token_invalid', 'The access token has been revoked.');
  if (ctx.clock.now() >= accessToken.expiresAt) return fail('access_token_invalid', 'The access token has expired.');
  const app = ctx.config.apps.get(grant.clientKey);
  const creator = ctx.config.creators.get(grant.openId);
  if (app === undefined || creator === undefined) {
    return fail('access_token_invalid', 'The access token belongs to an unknown app or user.');
  }
  return { logId, accessToken, grant, app, creator };
}

/** Checks that the call's app is approved for, and its user granted, one of `scopes`; null when it is. */
export function checkScopes(call: DataCall, scopes: readonly TikTokScope[]): Outcome | null {
  if (!scopes.some((scope) => call.app.scopes.includes(scope))) {
    return fail('scope_permission_missed', `The app is not approved for the scope ${scopes.join(' or ')}.`);
  }
  if (!scopes.some((scope) => call.grant.scopes.includes(scope))) {
    return fail('scope_not_authorized', `The user did not authorize the scope ${scopes.join(' or ')}.`);
  }
  return null;
}

function errorStatus(endpoint: TikTokEmulatorEndpoint, code: string, status: number | undefined): number {
  if (status !== undefined) return status;
  if (endpoint === 'creator_info' && CREATOR_INFO_HTTP_200_CODES.has(code)) return 200;
  return statusForCode(code);
}

function send(ctx: TikTokEmulatorContext, reply: FastifyReply, endpoint: TikTokEmulatorEndpoint, outcome: Outcome, logId: string): void {
  if (outcome.ok) {
    void sendEnvelope(reply, 200, outcome.data, { code: 'ok', message: '', logId });
    return;
  }
  ctx.store.bump(ctx.store.counters.errorsByCode, outcome.code);
  void sendEnvelope(reply, errorStatus(endpoint, outcome.code, outcome.status), {}, {
    code: outcome.code,
    message: outcome.message,
    logId,
  });
}

/**
 * Applies a fault that acts before serving. Returns true when the request is finished (answered or dropped);
 * a delay returns false once it has waited, so the request is then served normally.
 */
async function applyImmediateFault(
  ctx: TikTokEmulatorContext,
  reply: FastifyReply,
  endpoint: TikTokEmulatorEndpoint,
  fault: TikTokFault,
  logId: string,
): Promise<boolean> {
  if (fault.kind === 'drop') {
    dropConnection(reply);
    return true;
  }
  if (fault.kind === 'delay') {
    const waited = await ctx.delayer.wait(fault.ms);
    if (!waited) dropConnection(reply);
    return !waited;
  }
  if (fault.kind === 'error') {
    const code = fault.code ?? 'internal_error';
    const outcome: Outcome = { ok: false, code, message: fault.message ?? `Injected ${code}.` };
    if (fault.status !== undefined) outcome.status = fault.status;
    if (fault.retryAfterSec !== undefined) reply.header('retry-after', String(fault.retryAfterSec));
    send(ctx, reply, endpoint, outcome, logId);
    return true;
  }
  return false;
}

/**
 * Serves a data endpoint (see {@link answerDataEndpoint}) and resolves only once the answer is written. A host app
 * with async onSend hooks (Outbox itself, in sandbox mode) is still sending when the answer is handed over; a
 * handler promise resolving earlier would make Fastify send a second, empty reply.
 */
export async function serveDataEndpoint(
  ctx: TikTokEmulatorContext,
  request: FastifyRequest,
  reply: FastifyReply,
  spec: DataEndpointSpec,
  handler: (call: DataCall) => Outcome | Promise<Outcome>,
): Promise<void> {
  await answerDataEndpoint(ctx, request, reply, spec, handler);
  const raw = reply.raw;
  if (raw.writableEnded || raw.destroyed) return;
  await new Promise<void>((resolve) => {
    raw.once('finish', resolve);
    raw.once('close', resolve);
  });
}

/**
 * Serves one v2 data endpoint: log id, immediate faults, token, scope and rate-limit checks, the handler, then
 * after-commit faults, answering the `{data, error}` envelope with the documented status.
 */
async function answerDataEndpoint(
  ctx: TikTokEmulatorContext,
  request: FastifyRequest,
  reply: FastifyReply,
  spec: DataEndpointSpec,
  handler: (call: DataCall) => Outcome | Promise<Outcome>,
): Promise<void> {
  const logId = newLogId(ctx.clock);
  reply.header('x-tt-logid', logId);
  ctx.store.bump(ctx.store.counters.requestsByEndpoint, spec.endpoint);
  const token = bearerToken(request);
  const knownGrant = ctx.store.grants.get(ctx.store.accessTokens.get(token ?? '')?.grantId ?? '');
  const match = { endpoint: spec.endpoint, token, account: knownGrant?.openId };
  const immediate = ctx.faults.take(match, isImmediateFault);
  if (immediate !== undefined && (await applyImmediateFault(ctx, reply, spec.endpoint, immediate, logId))) return;

  const call = authenticate(ctx, token, logId);
  if ('ok' in call) return send(ctx, reply, spec.endpoint, call, logId);
  const scopeProblem = spec.scopes === undefined ? null : checkScopes(call, spec.scopes);
  if (scopeProblem !== null) return send(ctx, reply, spec.endpoint, scopeProblem, logId);
  if (spec.rateLimit !== undefined) {
    const limit = ctx.store.limits.rateLimitsPerMinute[spec.rateLimit];
    const decision = ctx.store.limiter.take(`${spec.endpoint}:${call.accessToken.token}`, limit);
    if (ctx.config.rateLimitHeaders) {
      reply.header('x-ratelimit-limit', String(limit));
      reply.header('x-ratelimit-remaining', String(Math.max(0, limit - decision.count)));
      reply.header('x-ratelimit-reset', String(Math.ceil((ctx.clock.now() + decision.resetMs) / 1000)));
      if (!decision.allowed) reply.header('retry-after', String(Math.ceil(decision.retryAfterMs / 1000)));
    }
    if (!decision.allowed) {
      const message = `Rate limit of ${limit} requests per minute exceeded for this access token.`;
      return send(ctx, reply, spec.endpoint, fail('rate_limit_exceeded', message), logId);
    }
  }

  const outcome = await handler(call);
  if (outcome.ok && spec.commits === true) {
    const after = ctx.faults.take(match, isAfterCommitFault);
    if (after?.kind === 'drop_after_commit') return dropConnection(reply);
    if (after?.kind === 'fail_after_commit') {
      const code = after.code ?? 'internal_error';
      const failure: Outcome = { ok: false, code, message: after.message ?? `Injected ${code} after the change was made.` };
      if (after.status !== undefined) failure.status = after.status;
      return send(ctx, reply, spec.endpoint, failure, logId);
    }
  }
  send(ctx, reply, spec.endpoint, outcome, logId);
}
