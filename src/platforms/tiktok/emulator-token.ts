import { createHash, timingSafeEqual } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { dropConnection } from '../emulator-kit/connection-faults.js';
import type { ResolvedApp } from './emulator-config.js';
import type { TikTokEmulatorContext } from './emulator-context.js';
import { newLogId, sendJsonText, sendOAuthError } from './emulator-envelope.js';
import { isAfterCommitFault, isImmediateFault, type TikTokEmulatorEndpoint } from './emulator-faults.js';
import { newAccessTokenValue, newRefreshTokenValue, randomSecret, type Grant } from './emulator-state.js';

/** A flat OAuth error waiting to be sent. */
interface OAuthFailure {
  error: string;
  description: string;
  status?: number;
}

type TokenResult = { grant: Grant; accessToken: string; expiresAt: number } | OAuthFailure;

function oauthFailure(error: string, description: string): OAuthFailure {
  return { error, description };
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}

function authenticateClient(ctx: TikTokEmulatorContext, form: URLSearchParams): ResolvedApp | OAuthFailure {
  const clientKey = form.get('client_key');
  const clientSecret = form.get('client_secret');
  if (clientKey === null || clientSecret === null) return oauthFailure('invalid_request', 'client_key and client_secret are required.');
  const app = ctx.config.apps.get(clientKey);
  if (app === undefined || !sameSecret(clientSecret, app.clientSecret)) {
    return { error: 'invalid_client', description: 'Client key or secret is invalid.', status: 401 };
  }
  return app;
}

/**
 * Checks a PKCE verifier. RFC 7636 S256 is base64url(SHA-256(verifier)); TikTok's desktop guide has been reported
 * to expect the hex digest instead, so a challenge in either encoding is accepted.
 */
function verifierMatches(challenge: string, verifier: string): boolean {
  const digest = createHash('sha256').update(verifier).digest();
  return challenge === digest.toString('base64url') || challenge.toLowerCase() === digest.toString('hex');
}

function issueAccessToken(ctx: TikTokEmulatorContext, grant: Grant): { grant: Grant; accessToken: string; expiresAt: number } {
  const token = newAccessTokenValue();
  const now = ctx.clock.now();
  const expiresAt = now + ctx.config.accessTokenTtlSec * 1000;
  ctx.store.accessTokens.set(token, { token, grantId: grant.id, issuedAt: now, expiresAt });
  return { grant, accessToken: token, expiresAt };
}

function exchangeCode(ctx: TikTokEmulatorContext, app: ResolvedApp, form: URLSearchParams): TokenResult {
  const code = form.get('code');
  if (code === null) return oauthFailure('invalid_request', 'code is required.');
  const record = ctx.store.codes.get(code);
  const now = ctx.clock.now();
  if (record === undefined || record.clientKey !== app.clientKey) return oauthFailure('invalid_grant', 'Authorization code is invalid.');
  if (record.used) return oauthFailure('invalid_grant', 'Authorization code has already been used.');
  if (now >= record.expiresAt) return oauthFailure('invalid_grant', 'Authorization code is expired.');
  if (form.get('redirect_uri') !== record.redirectUri) {
    return oauthFailure('invalid_grant', 'redirect_uri does not match the one used in the authorization request.');
  }
  // A code is good for one exchange attempt: a failed PKCE check burns it too, so a guessed verifier cannot be retried.
  record.used = true;
  if (record.codeChallenge !== undefined) {
    const verifier = form.get('code_verifier');
    if (verifier === null || !verifierMatches(record.codeChallenge, verifier)) {
      return oauthFailure('invalid_request', 'Code verifier or code challenge is invalid.');
    }
  }
  const grant: Grant = {
    id: randomSecret(12),
    clientKey: app.clientKey,
    openId: record.openId,
    scopes: record.scopes,
    refreshToken: newRefreshTokenValue(),
    refreshExpiresAt: now + ctx.config.refreshTokenTtlSec * 1000,
    revoked: false,
    createdAt: now,
  };
  ctx.store.grants.set(grant.id, grant);
  ctx.store.grantIdByRefreshToken.set(grant.refreshToken, grant.id);
  return issueAccessToken(ctx, grant);
}

function refresh(ctx: TikTokEmulatorContext, app: ResolvedApp, form: URLSearchParams): TokenResult {
  const refreshToken = form.get('refresh_token');
  if (refreshToken === null) return oauthFailure('invalid_request', 'refresh_token is required.');
  const grant = ctx.store.grants.get(ctx.store.grantIdByRefreshToken.get(refreshToken) ?? '');
  if (grant === undefined || grant.clientKey !== app.clientKey || grant.revoked) {
    return oauthFailure('invalid_grant', 'Refresh token is invalid or expired.');
  }
  if (ctx.clock.now() >= grant.refreshExpiresAt) return oauthFailure('invalid_grant', 'Refresh token is invalid or expired.');
  if (ctx.config.rotateRefreshTokens) {
    ctx.store.grantIdByRefreshToken.delete(grant.refreshToken);
    grant.refreshToken = newRefreshTokenValue();
    ctx.store.grantIdByRefreshToken.set(grant.refreshToken, grant.id);
  }
  return issueAccessToken(ctx, grant);
}

/** The creator a token request is about, for fault matching, without consuming anything. */
function requestOpenId(ctx: TikTokEmulatorContext, form: URLSearchParams | undefined): string | undefined {
  if (form === undefined) return undefined;
  const code = ctx.store.codes.get(form.get('code') ?? '');
  if (code !== undefined) return code.openId;
  const byRefresh = ctx.store.grantIdByRefreshToken.get(form.get('refresh_token') ?? form.get('token') ?? '');
  if (byRefresh !== undefined) return ctx.store.grants.get(byRefresh)?.openId;
  const access = ctx.store.accessTokens.get(form.get('token') ?? '');
  return access === undefined ? undefined : ctx.store.grants.get(access.grantId)?.openId;
}

/** Applies a fault before serving; true when the request is finished. */
async function beforeFault(ctx: TikTokEmulatorContext, reply: FastifyReply, endpoint: TikTokEmulatorEndpoint, openId: string | undefined, logId: string): Promise<boolean> {
  const fault = ctx.faults.take({ endpoint, account: openId }, isImmediateFault);
  if (fault?.kind === 'drop') dropConnection(reply);
  if (fault?.kind === 'delay' && !(await ctx.delayer.wait(fault.ms))) dropConnection(reply);
  if (fault?.kind === 'error') {
    const code = fault.code ?? 'server_error';
    sendOAuthError(reply, fault.status ?? 400, code, fault.message ?? `Injected ${code}.`, logId);
  }
  return reply.sent;
}

function sendFailure(ctx: TikTokEmulatorContext, reply: FastifyReply, failure: OAuthFailure, logId: string): FastifyReply {
  ctx.store.bump(ctx.store.counters.errorsByCode, failure.error);
  const status = ctx.config.oauthErrorsWithHttp200 ? 200 : (failure.status ?? 400);
  return sendOAuthError(reply, status, failure.error, failure.description, logId);
}

async function serveToken(ctx: TikTokEmulatorContext, request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> {
  const logId = newLogId(ctx.clock);
  reply.header('x-tt-logid', logId);
  ctx.store.bump(ctx.store.counters.requestsByEndpoint, 'oauth.token');
  const form = request.body instanceof URLSearchParams ? request.body : undefined;
  const openId = requestOpenId(ctx, form);
  if (await beforeFault(ctx, reply, 'oauth.token', openId, logId)) return reply;
  if (form === undefined) {
    return sendFailure(ctx, reply, oauthFailure('invalid_request', 'Content-Type must be application/x-www-form-urlencoded.'), logId);
  }
  const app = authenticateClient(ctx, form);
  if ('error' in app) return sendFailure(ctx, reply, app, logId);
  const grantType = form.get('grant_type');
  let result: TokenResult;
  if (grantType === 'authorization_code') result = exchangeCode(ctx, app, form);
  else if (grantType === 'refresh_token') result = refresh(ctx, app, form);
  else return sendFailure(ctx, reply, oauthFailure('unsupported_grant_type', 'grant_type is not supported.'), logId);
  if ('error' in result) return sendFailure(ctx, reply, result, logId);

  const after = ctx.faults.take({ endpoint: 'oauth.token', account: result.grant.openId }, isAfterCommitFault);
  if (after?.kind === 'drop_after_commit') {
    dropConnection(reply);
    return reply;
  }
  if (after?.kind === 'fail_after_commit') {
    const code = after.code ?? 'server_error';
    return sendOAuthError(reply, after.status ?? 500, code, after.message ?? `Injected ${code}.`, logId);
  }
  const now = ctx.clock.now();
  const body = {
    access_token: result.accessToken,
    expires_in: Math.round((result.expiresAt - now) / 1000),
    open_id: result.grant.openId,
    refresh_expires_in: Math.max(0, Math.floor((result.grant.refreshExpiresAt - now) / 1000)),
    refresh_token: result.grant.refreshToken,
    scope: result.grant.scopes.join(','),
    token_type: 'Bearer',
  };
  return sendJsonText(reply, 200, JSON.stringify(body));
}

async function serveRevoke(ctx: TikTokEmulatorContext, request: FastifyRequest, reply: FastifyReply): Promise<FastifyReply> {
  const logId = newLogId(ctx.clock);
  reply.header('x-tt-logid', logId);
  ctx.store.bump(ctx.store.counters.requestsByEndpoint, 'oauth.revoke');
  const form = request.body instanceof URLSearchParams ? request.body : undefined;
  if (await beforeFault(ctx, reply, 'oauth.revoke', requestOpenId(ctx, form), logId)) return reply;
  if (form === undefined) {
    return sendFailure(ctx, reply, oauthFailure('invalid_request', 'Content-Type must be application/x-www-form-urlencoded.'), logId);
  }
  const app = authenticateClient(ctx, form);
  if ('error' in app) return sendFailure(ctx, reply, app, logId);
  const token = form.get('token');
  if (token === null) return sendFailure(ctx, reply, oauthFailure('invalid_request', 'token is required.'), logId);
  const grantId = ctx.store.accessTokens.get(token)?.grantId ?? ctx.store.grantIdByRefreshToken.get(token);
  const grant = ctx.store.grants.get(grantId ?? '');
  // As RFC 7009 prescribes, an unknown token is not an error: the outcome the client wants already holds.
  if (grant !== undefined && grant.clientKey === app.clientKey) {
    grant.revoked = true;
    ctx.store.grantIdByRefreshToken.delete(grant.refreshToken);
  }
  return reply.code(200).send();
}

/** Registers `POST /v2/oauth/token/` (authorization_code and refresh_token grants) and `POST /v2/oauth/revoke/`. */
export function registerTokenRoutes(app: FastifyInstance, ctx: TikTokEmulatorContext): void {
  app.post('/v2/oauth/token/', (request, reply) => serveToken(ctx, request, reply));
  app.post('/v2/oauth/revoke/', (request, reply) => serveRevoke(ctx, request, reply));
}
