import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { accountHealth, type AccountHealth } from '../../core/accounts/account-health.js';
import { disconnectAccount } from '../../core/accounts/disconnect-account.js';
import { getAccount } from '../../core/accounts/get-account.js';
import { getAccountInfo } from '../../core/accounts/get-account-info.js';
import { listAccounts } from '../../core/accounts/list-accounts.js';
import { updateAccount } from '../../core/accounts/update-account.js';
import type { AccountRow } from '../../store/accounts-queries.js';
import { principalOf } from '../fastify-types.js';
import { commonErrors, iso, messageResponse, objectId } from '../schemas/common.js';
import { accountSchema, presentAccount } from './account-presenter.js';

const params = z.object({ accountId: objectId });

function presentHealth(row: AccountRow, health: AccountHealth) {
  const scope = (name: string) => ({ scope: name, granted: health.grantedScopes.includes(name), required: true });
  return {
    accountId: row.id,
    platform: row.platform,
    ...(row.username !== null && { username: row.username }),
    ...(row.display_name !== null && { displayName: row.display_name }),
    status: health.status,
    needsReconnection: health.needsReconnection,
    tokenStatus: {
      valid: health.tokenValid,
      ...(health.tokenExpiresAt !== null && { expiresAt: iso(health.tokenExpiresAt) }),
      needsRefresh: health.needsRefresh,
    },
    permissions: { posting: health.requiredScopes.map(scope), canPost: health.canPost, missingRequired: health.missingScopes },
    issues: health.issues,
    recommendations: health.recommendations,
  };
}

/** Accounts: list, get, update, disconnect, health, and live platform account info. */
export function accountRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get('/accounts', {
      schema: {
        tags: ['Accounts'],
        summary: 'List connected accounts',
        querystring: z.object({
          profileId: objectId.optional(),
          platform: z.string().max(32).optional(),
          status: z.enum(['connected', 'disconnected']).optional(),
          page: z.coerce.number().int().min(1).optional(),
          limit: z.coerce.number().int().min(1).max(1000).optional(),
          includeOverLimit: z.string().optional(),
        }),
        response: {
          200: z.object({
            accounts: z.array(accountSchema),
            hasAnalyticsAccess: z.boolean(),
            pagination: z.object({ page: z.number(), limit: z.number(), total: z.number(), pages: z.number() }).optional(),
          }),
          ...commonErrors,
        },
      },
    }, async (request) => {
      const q = request.query;
      const { rows, total } = await listAccounts(ctx, principalOf(request), q);
      return {
        accounts: rows.map((row) => presentAccount(ctx, row)),
        hasAnalyticsAccess: false,
        ...(q.limit !== undefined && { pagination: { page: q.page ?? 1, limit: q.limit, total, pages: Math.ceil(total / q.limit) } }),
      };
    });

    app.get('/accounts/health', {
      schema: { tags: ['Accounts'], summary: 'Health of every account', querystring: z.object({ profileId: objectId.optional() }) },
    }, async (request) => {
      const { rows } = await listAccounts(ctx, principalOf(request), { profileId: request.query.profileId });
      const accounts = rows.map((row) => {
        const health = accountHealth(ctx, row);
        return {
          accountId: row.id,
          platform: row.platform,
          username: row.username ?? undefined,
          profileId: row.profile_id,
          status: health.status,
          canPost: health.canPost,
          tokenValid: health.tokenValid,
          tokenExpiresAt: health.tokenExpiresAt === null ? undefined : iso(health.tokenExpiresAt),
          needsReconnect: health.needsReconnection,
          issues: health.issues,
        };
      });
      const count = (status: string) => accounts.filter((a) => a.status === status).length;
      return {
        summary: { total: accounts.length, healthy: count('healthy'), warning: count('warning'), error: count('error'), needsReconnect: accounts.filter((a) => a.needsReconnect).length },
        accounts,
      };
    });

    app.get('/accounts/:accountId', {
      schema: { tags: ['Accounts'], summary: 'Get an account', params, response: { 200: z.object({ account: accountSchema }), ...commonErrors } },
    }, async (request) => ({ account: presentAccount(ctx, await getAccount(ctx, principalOf(request), request.params.accountId)) }));

    app.put('/accounts/:accountId', {
      schema: {
        tags: ['Accounts'],
        summary: 'Update how an account is shown',
        params,
        body: z.object({ username: z.string().trim().min(1).max(100).optional(), displayName: z.string().trim().min(1).max(100).optional() }),
      },
    }, async (request) => {
      const row = await updateAccount(ctx, principalOf(request), request.params.accountId, request.body);
      return { message: 'Account updated', username: row.username ?? undefined, displayName: row.display_name ?? undefined };
    });

    app.delete('/accounts/:accountId', {
      schema: { tags: ['Accounts'], summary: 'Disconnect an account (revokes its token where the platform can)', params, response: { 200: messageResponse.extend({ revoked: z.boolean() }), ...commonErrors } },
    }, async (request) => {
      const { revoked } = await disconnectAccount(ctx, principalOf(request), request.params.accountId);
      return { message: 'Account disconnected', revoked };
    });

    app.get('/accounts/:accountId/health', {
      schema: { tags: ['Accounts'], summary: 'Health of one account', params },
    }, async (request) => {
      const row = await getAccount(ctx, principalOf(request), request.params.accountId);
      return presentHealth(row, accountHealth(ctx, row));
    });

    // Live account data from the platform, under the platform's name (e.g. /accounts/{id}/tiktok/creator-info).
    app.get('/accounts/:accountId/:platform/:info', {
      schema: { tags: ['Accounts'], summary: 'Live platform account data (TikTok: creator-info)', params: params.extend({ platform: z.string().max(32), info: z.string().max(64) }) },
    }, async (request) => getAccountInfo(ctx, principalOf(request), request.params.accountId, request.params.platform, request.params.info));
  };
}
