import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { createProfile } from '../../core/profiles/create-profile.js';
import { deleteProfile } from '../../core/profiles/delete-profile.js';
import { getProfile } from '../../core/profiles/get-profile.js';
import { listProfiles } from '../../core/profiles/list-profiles.js';
import { updateProfile } from '../../core/profiles/update-profile.js';
import type { ProfileRow } from '../../store/profiles-queries.js';
import { principalOf } from '../fastify-types.js';
import { commonErrors, hexColor, iso, messageResponse, objectId, queryBoolean } from '../schemas/common.js';

const profileSchema = z
  .object({
    _id: z.string(),
    userId: z.string(),
    name: z.string(),
    description: z.string().optional(),
    color: z.string(),
    isDefault: z.boolean(),
    requiresApproval: z.boolean().meta({ description: 'Posts of this profile wait in pending_approval until approved (Outbox extension).' }),
    createdAt: z.string(),
  })
  .meta({ id: 'Profile' });

const name = z.string().trim().min(1, 'must not be empty').max(100, 'must be at most 100 characters');
const description = z.string().max(1000, 'must be at most 1000 characters');
const params = z.object({ profileId: objectId });

function present(row: ProfileRow): z.infer<typeof profileSchema> {
  return {
    _id: row.id,
    userId: row.user_id,
    name: row.name,
    ...(row.description !== null && { description: row.description }),
    color: row.color,
    isDefault: row.is_default === 1,
    requiresApproval: row.requires_approval === 1,
    createdAt: iso(row.created_at),
  };
}

/** Profiles: `/api/v1/profiles[/{profileId}]`, in the SDK's shapes. */
export function profileRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get('/profiles', {
      schema: {
        tags: ['Profiles'],
        summary: 'List profiles',
        querystring: z.object({
          includeOverLimit: queryBoolean.optional(),
          limit: z.coerce.number().int().min(1).max(1000).optional(),
          skip: z.coerce.number().int().min(0).optional(),
          name: z.string().max(100).optional(),
        }),
        response: {
          200: z.object({
            profiles: z.array(profileSchema),
            total: z.number().optional(),
            skip: z.number().optional(),
            limit: z.number().optional(),
          }),
          ...commonErrors,
        },
      },
    }, async (request) => {
      const { limit, skip, name: byName } = request.query;
      const result = await listProfiles(ctx, principalOf(request), { limit, skip, name: byName });
      return {
        profiles: result.rows.map(present),
        ...(result.total !== undefined && { total: result.total, skip: skip ?? 0 }),
        ...(limit !== undefined && { limit }),
      };
    });

    app.post('/profiles', {
      config: { idempotent: true },
      schema: {
        tags: ['Profiles'],
        summary: 'Create a profile',
        body: z.object({ name, description: description.optional(), color: hexColor.optional(), requiresApproval: z.boolean().optional() }),
        response: { 201: z.object({ message: z.string(), profile: profileSchema }), ...commonErrors, 409: commonErrors[400] },
      },
    }, async (request, reply) => {
      const row = await createProfile(ctx, principalOf(request), request.body);
      return reply.status(201).send({ message: 'Profile created', profile: present(row) });
    });

    app.get('/profiles/:profileId', {
      schema: {
        tags: ['Profiles'],
        summary: 'Get a profile',
        params,
        response: { 200: z.object({ profile: profileSchema }), ...commonErrors },
      },
    }, async (request) => ({ profile: present(await getProfile(ctx, principalOf(request), request.params.profileId)) }));

    app.put('/profiles/:profileId', {
      schema: {
        tags: ['Profiles'],
        summary: 'Update a profile',
        params,
        body: z.object({
          name: name.optional(),
          description: description.nullable().optional(),
          color: hexColor.optional(),
          isDefault: z.boolean().optional(),
          requiresApproval: z.boolean().optional(),
        }),
        response: { 200: z.object({ message: z.string(), profile: profileSchema }), ...commonErrors, 409: commonErrors[400] },
      },
    }, async (request) => {
      const row = await updateProfile(ctx, principalOf(request), request.params.profileId, request.body);
      return { message: 'Profile updated', profile: present(row) };
    });

    app.delete('/profiles/:profileId', {
      schema: {
        tags: ['Profiles'],
        summary: 'Delete a profile',
        params,
        response: { 200: messageResponse, ...commonErrors, 409: commonErrors[400] },
      },
    }, async (request) => {
      await deleteProfile(ctx, principalOf(request), request.params.profileId);
      return { message: 'Profile deleted' };
    });
  };
}
