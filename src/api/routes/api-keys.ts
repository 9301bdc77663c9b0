import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { createApiKey } from '../../core/api-keys/create-api-key.js';
import { deleteApiKey } from '../../core/api-keys/delete-api-key.js';
import { listApiKeys } from '../../core/api-keys/list-api-keys.js';
import { parseStringArray } from '../../store/errors.js';
import { listProfiles, type ProfileRow } from '../../store/profiles-queries.js';
import type { ApiKeyRow } from '../../store/api-keys-queries.js';
import { principalOf } from '../fastify-types.js';
import { commonErrors, iso, messageResponse, objectId } from '../schemas/common.js';

const apiKeySchema = z
  .object({
    id: z.string(),
    name: z.string(),
    keyPreview: z.string(),
    expiresAt: z.string().optional(),
    createdAt: z.string(),
    key: z.string().optional().describe('Returned only once, on creation.'),
    scope: z.enum(['full', 'profiles']),
    profileIds: z.array(z.object({ _id: z.string(), name: z.string(), color: z.string() })).optional(),
    permission: z.enum(['read-write', 'read']),
    lastUsedAt: z.string().optional(),
  })
  .meta({ id: 'ApiKey' });

function present(row: ApiKeyRow, profiles: Map<string, ProfileRow>, key?: string): z.infer<typeof apiKeySchema> {
  return {
    id: row.id,
    name: row.name,
    keyPreview: row.key_preview,
    ...(row.expires_at !== null && { expiresAt: iso(row.expires_at) }),
    createdAt: iso(row.created_at),
    ...(key !== undefined && { key }),
    scope: row.scope,
    ...(row.scope === 'profiles' && {
      profileIds: parseStringArray(row.profile_ids).flatMap((id) => {
        const profile = profiles.get(id);
        return profile ? [{ _id: profile.id, name: profile.name, color: profile.color }] : [];
      }),
    }),
    permission: row.permission,
    ...(row.last_used_at !== null && { lastUsedAt: iso(row.last_used_at) }),
  };
}

async function profilesById(ctx: AppContext, userId: string): Promise<Map<string, ProfileRow>> {
  return new Map((await listProfiles(ctx.db, { userId })).map((p) => [p.id, p]));
}

/** API keys: `/api/v1/api-keys[/{keyId}]`. Only full-scope keys manage keys; the secret is shown once. */
export function apiKeyRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get('/api-keys', {
      schema: { tags: ['API keys'], summary: 'List API keys', response: { 200: z.object({ apiKeys: z.array(apiKeySchema) }), ...commonErrors } },
    }, async (request) => {
      const principal = principalOf(request);
      const rows = await listApiKeys(ctx, principal);
      const profiles = await profilesById(ctx, principal.userId);
      return { apiKeys: rows.map((row) => present(row, profiles)) };
    });

    app.post('/api-keys', {
      schema: {
        tags: ['API keys'],
        summary: 'Create an API key',
        description: 'The key is in the response once and never again; Outbox stores only its SHA-256.',
        body: z.object({
          name: z.string().trim().min(1, 'must not be empty').max(100, 'must be at most 100 characters'),
          expiresIn: z.number().int().min(1).max(3650).optional().describe('Days until expiry.'),
          scope: z.enum(['full', 'profiles']).optional(),
          profileIds: z.array(objectId).max(1000).optional(),
          permission: z.enum(['read-write', 'read']).optional(),
          disabledResourceGroups: z.array(z.string()).optional(),
        }),
        response: { 201: z.object({ message: z.string(), apiKey: apiKeySchema }), ...commonErrors },
      },
    }, async (request, reply) => {
      const principal = principalOf(request);
      const created = await createApiKey(ctx, principal, request.body);
      const profiles = await profilesById(ctx, principal.userId);
      return reply.status(201).send({ message: 'API key created', apiKey: present(created.row, profiles, created.key) });
    });

    app.delete('/api-keys/:keyId', {
      schema: {
        tags: ['API keys'],
        summary: 'Delete an API key',
        params: z.object({ keyId: objectId }),
        response: { 200: messageResponse, ...commonErrors, 409: commonErrors[400] },
      },
    }, async (request) => {
      await deleteApiKey(ctx, principalOf(request), request.params.keyId);
      return { message: 'API key deleted' };
    });
  };
}
