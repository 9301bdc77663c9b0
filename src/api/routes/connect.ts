import type { FastifyReply } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { checkOauthState, completeConnect } from '../../core/accounts/complete-connect.js';
import { startConnect } from '../../core/accounts/start-connect.js';
import { AppError } from '../../errors.js';
import { principalOf } from '../fastify-types.js';
import { toAppError } from '../error-envelope.js';
import { requestOrigin } from '../request-origin.js';
import { commonErrors, objectId, queryBoolean } from '../schemas/common.js';
import { presentAccount } from './account-presenter.js';

const platformParam = z.object({ platform: z.string().regex(/^[a-z]{2,32}$/, 'must be a platform id such as tiktok') });
const httpUrl = z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' });

function withQuery(url: string, params: Record<string, string>): string {
  const target = new URL(url);
  for (const [key, value] of Object.entries(params)) target.searchParams.set(key, value);
  return target.toString();
}

function resultPage(reply: FastifyReply, status: number, title: string, lines: string[]): FastifyReply {
  const escape = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
  const body = `<!doctype html><meta charset="utf-8"><title>${escape(title)}</title><h1>${escape(title)}</h1>${lines.map((l) => `<p>${escape(l)}</p>`).join('')}`;
  return reply.status(status).type('text/html; charset=utf-8').send(body);
}

/**
 * Connecting accounts: `GET /api/v1/connect/{platform}` starts (consent URL + state), the platform redirects the
 * browser to `/api/v1/connect/{platform}/callback`, and in headless mode the client finishes with
 * `POST /api/v1/connect/{platform}`.
 */
export function connectRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get('/connect/:platform', {
      schema: {
        tags: ['Connect'],
        summary: 'Start connecting an account: the platform consent URL',
        params: platformParam,
        querystring: z.object({ profileId: objectId, redirect_url: httpUrl.optional(), headless: queryBoolean.optional() }),
        response: { 200: z.object({ authUrl: z.string(), state: z.string() }), ...commonErrors },
      },
    }, async (request) =>
      startConnect(ctx, principalOf(request), {
        platform: request.params.platform,
        profileId: request.query.profileId,
        redirectUrl: request.query.redirect_url,
        headless: request.query.headless,
        origin: requestOrigin(request),
      }),
    );

    app.get('/connect/:platform/callback', {
      config: { public: true },
      schema: {
        hide: true,
        params: platformParam,
        querystring: z.object({
          state: z.string().max(200).optional(),
          code: z.string().max(2000).optional(),
          error: z.string().max(200).optional(),
          error_description: z.string().max(2000).optional(),
        }),
      },
    }, async (request, reply) => {
      const { platform } = request.params;
      const q = request.query;
      if (!q.state) throw new AppError('CONNECT_STATE_INVALID', 'The callback carries no state.', { param: 'state' });
      const state = await checkOauthState(ctx, { platform, state: q.state });
      // Headless: the client finishes the exchange itself, so hand it the code and state untouched.
      if (state.headless === 1 && q.code && !q.error) {
        const handoff = { code: q.code, state: q.state, platform, profileId: state.profile_id };
        if (state.redirect_url) return reply.redirect(withQuery(state.redirect_url, handoff));
        return resultPage(reply, 200, 'Almost connected', [`Finish with POST /api/v1/connect/${platform}`, `code: ${q.code}`, `state: ${q.state}`]);
      }
      try {
        const { account } = await completeConnect(ctx, { platform, state: q.state, code: q.code, error: q.error, errorDescription: q.error_description });
        const done = { connected: platform, accountId: account.id, profileId: account.profile_id, username: account.username ?? '' };
        if (state.redirect_url) return reply.redirect(withQuery(state.redirect_url, done));
        return resultPage(reply, 200, 'Account connected', [`${platform} account ${account.username ?? account.id} is connected. You can close this window.`]);
      } catch (error) {
        const appError = toAppError(error);
        if (!state.redirect_url || appError.code === 'INTERNAL') throw error;
        return reply.redirect(withQuery(state.redirect_url, { error: appError.code, error_description: appError.message, platform }));
      }
    });

    app.post('/connect/:platform', {
      schema: {
        tags: ['Connect'],
        summary: 'Finish a headless connection with the code and state',
        params: platformParam,
        body: z.object({ code: z.string().min(1).max(2000), state: z.string().min(1).max(200), profileId: objectId }),
        response: { 200: z.object({ message: z.string(), account: z.record(z.string(), z.unknown()) }), ...commonErrors },
      },
    }, async (request) => {
      const { account } = await completeConnect(ctx, {
        platform: request.params.platform,
        state: request.body.state,
        code: request.body.code,
        principal: principalOf(request),
        profileId: request.body.profileId,
      });
      return { message: 'Account connected', account: presentAccount(ctx, account) };
    });
  };
}
