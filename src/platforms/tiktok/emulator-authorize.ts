import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { dropConnection } from '../emulator-kit/connection-faults.js';
import { renderConsentPage, renderErrorPage } from '../emulator-kit/consent-page.js';
import { isAllowedRedirect, isTikTokScope, type ResolvedApp } from './emulator-config.js';
import type { TikTokEmulatorContext } from './emulator-context.js';
import { isImmediateFault } from './emulator-faults.js';
import type { TikTokScope } from './emulator-options.js';
import { randomSecret, type PendingAuthorization } from './emulator-state.js';

/** How long a consent page may stay open before its answer is refused. */
const PENDING_TTL_MS = 10 * 60 * 1000;

const SCOPE_DESCRIPTIONS: Record<TikTokScope, string> = {
  'user.info.basic': 'Read your profile info (avatar, display name)',
  'user.info.profile': 'Read your profile details (username, bio, verification)',
  'user.info.stats': 'Read your profile statistics (followers, likes, videos)',
  'video.list': 'Read your public videos',
  'video.upload': 'Share content to your TikTok inbox as drafts',
  'video.publish': 'Post content directly to your TikTok profile',
};

type AuthorizeQuery = Record<string, string | undefined>;

function sendPage(reply: FastifyReply, status: number, html: string): FastifyReply {
  return reply.code(status).type('text/html; charset=utf-8').send(html);
}

function sendProblemPage(reply: FastifyReply, status: number, params: string[]): FastifyReply {
  return sendPage(
    reply,
    status,
    renderErrorPage({
      platform: 'TikTok',
      title: 'Something went wrong',
      message: "We couldn't log in with TikTok. If you're a developer, correct the following and try again:",
      details: params,
    }),
  );
}

/** The request's problems, named by parameter, as TikTok's error page lists them; empty when it is valid. */
function authorizeProblems(app: ResolvedApp | undefined, query: AuthorizeQuery): string[] {
  if (app === undefined) return ['client_key'];
  const problems: string[] = [];
  if (query.response_type !== 'code') problems.push('response_type');
  if (query.redirect_uri === undefined || !isAllowedRedirect(app, query.redirect_uri)) problems.push('redirect_uri');
  const scopes = (query.scope ?? '').split(',').map((scope) => scope.trim()).filter((scope) => scope !== '');
  if (scopes.length === 0 || scopes.some((scope) => !isTikTokScope(scope) || !app.scopes.includes(scope))) {
    problems.push('scope');
  }
  const challenge = query.code_challenge;
  if (challenge !== undefined || query.code_challenge_method !== undefined) {
    const wellFormed = challenge !== undefined && /^(?:[A-Za-z0-9_-]{43}|[0-9a-fA-F]{64})$/.test(challenge);
    if (!wellFormed) problems.push('code_challenge');
    if (query.code_challenge_method !== 'S256') problems.push('code_challenge_method');
  }
  return problems;
}

function showConsent(ctx: TikTokEmulatorContext, request: FastifyRequest<{ Querystring: AuthorizeQuery }>, reply: FastifyReply): FastifyReply {
  const query = request.query;
  const app = ctx.config.apps.get(query.client_key ?? '');
  const problems = authorizeProblems(app, query);
  if (app === undefined || problems.length > 0) return sendProblemPage(reply, 400, problems);
  const scopes = [...new Set((query.scope ?? '').split(',').map((scope) => scope.trim()))].filter(isTikTokScope);
  const pending: PendingAuthorization = {
    id: randomSecret(),
    clientKey: app.clientKey,
    redirectUri: query.redirect_uri ?? '',
    state: query.state,
    scopes,
    codeChallenge: query.code_challenge,
    expiresAt: ctx.clock.now() + PENDING_TTL_MS,
  };
  ctx.store.pendingAuthorizations.set(pending.id, pending);
  const html = renderConsentPage({
    platform: 'TikTok',
    appName: app.name,
    action: request.url.split('?')[0] ?? request.url,
    hidden: { request_id: pending.id },
    accountField: 'creator',
    accounts: [...ctx.config.creators.values()].map((creator) => ({
      value: creator.openId,
      label: `${creator.displayName} (@${creator.username})`,
      detail: creator.privateAccount ? 'private account' : 'public account',
    })),
    scopes: scopes.map((scope) => ({ value: scope, description: SCOPE_DESCRIPTIONS[scope] })),
  });
  return sendPage(reply, 200, html);
}

function redirectTo(reply: FastifyReply, uri: string, params: Record<string, string | undefined>): FastifyReply {
  const target = new URL(uri);
  for (const [name, value] of Object.entries(params)) if (value !== undefined) target.searchParams.set(name, value);
  return reply.redirect(target.toString(), 302);
}

function decide(ctx: TikTokEmulatorContext, form: URLSearchParams, reply: FastifyReply): FastifyReply {
  const pending = ctx.store.pendingAuthorizations.get(form.get('request_id') ?? '');
  if (pending === undefined || ctx.clock.now() >= pending.expiresAt) return sendProblemPage(reply, 400, ['request_id']);
  const decision = form.get('decision');
  if (decision !== 'approve' && decision !== 'deny') return sendProblemPage(reply, 400, ['decision']);
  const creator = ctx.config.creators.get(form.get('creator') ?? '');
  if (decision === 'approve' && creator === undefined) return sendProblemPage(reply, 400, ['creator']);
  ctx.store.pendingAuthorizations.delete(pending.id);
  const ticked = new Set(form.getAll('scope'));
  const granted = pending.scopes.filter((scope) => ticked.has(scope));
  if (decision === 'deny' || creator === undefined || granted.length === 0) {
    return redirectTo(reply, pending.redirectUri, {
      error: 'access_denied',
      error_description: decision === 'deny' ? 'The user denied the authorization request.' : 'No scope was granted.',
      state: pending.state,
    });
  }
  const code = randomSecret(32);
  ctx.store.codes.set(code, {
    code,
    clientKey: pending.clientKey,
    openId: creator.openId,
    scopes: granted,
    redirectUri: pending.redirectUri,
    codeChallenge: pending.codeChallenge,
    expiresAt: ctx.clock.now() + ctx.config.codeTtlMs,
    used: false,
  });
  return redirectTo(reply, pending.redirectUri, { code, scopes: granted.join(','), state: pending.state });
}

/** Applies an `oauth.authorize` fault; true when the request is finished. */
async function authorizeFault(ctx: TikTokEmulatorContext, reply: FastifyReply): Promise<boolean> {
  ctx.store.bump(ctx.store.counters.requestsByEndpoint, 'oauth.authorize');
  const fault = ctx.faults.take({ endpoint: 'oauth.authorize' }, isImmediateFault);
  if (fault?.kind === 'drop') dropConnection(reply);
  if (fault?.kind === 'delay' && !(await ctx.delayer.wait(fault.ms))) dropConnection(reply);
  if (fault?.kind === 'error') sendProblemPage(reply, fault.status ?? 500, [fault.code ?? 'internal_error']);
  return reply.sent || fault?.kind === 'drop';
}

/**
 * Registers the consent page: `GET /v2/auth/authorize/` validates the request and shows the app, its scopes (as
 * boxes the person may untick) and the creators to sign in as; the form posts back to the same path, which
 * redirects to `redirect_uri` with `code`, `scopes` and `state`, or with `error=access_denied`.
 */
export function registerAuthorizeRoutes(app: FastifyInstance, ctx: TikTokEmulatorContext): void {
  app.get<{ Querystring: AuthorizeQuery }>('/v2/auth/authorize/', async (request, reply) => {
    if (await authorizeFault(ctx, reply)) return reply;
    return showConsent(ctx, request, reply);
  });
  app.post('/v2/auth/authorize/', async (request, reply) => {
    if (await authorizeFault(ctx, reply)) return reply;
    if (!(request.body instanceof URLSearchParams)) return sendProblemPage(reply, 415, ['Content-Type']);
    return decide(ctx, request.body, reply);
  });
}
