import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { visibleProfileIds } from '../../core/access/principal.js';
import { getUser } from '../../core/users/get-user.js';
import { listUsers } from '../../core/users/list-users.js';
import type { UserRow } from '../../store/users-queries.js';
import { principalOf } from '../fastify-types.js';
import { commonErrors, iso, objectId } from '../schemas/common.js';

const userSchema = z
  .object({
    _id: z.string(),
    name: z.string(),
    email: z.string(),
    role: z.string(),
    isRoot: z.boolean(),
    profileAccess: z.array(z.string()),
    createdAt: z.string(),
  })
  .meta({ id: 'User' });

function present(row: UserRow, profileAccess: string[]): z.infer<typeof userSchema> {
  return {
    _id: row.id,
    name: row.name,
    email: row.email,
    role: row.role,
    isRoot: row.role === 'owner',
    profileAccess,
    createdAt: iso(row.created_at),
  };
}

/** Operator users: `/api/v1/users[/{userId}]`. `currentUserId` is the owner of the calling key. */
export function userRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get('/users', {
      schema: {
        tags: ['Users'],
        summary: 'List users',
        response: { 200: z.object({ currentUserId: z.string(), users: z.array(userSchema) }), ...commonErrors },
      },
    }, async (request) => {
      const principal = principalOf(request);
      const result = await listUsers(ctx, principal);
      // A profile-scoped key reports its own access: ["all"] means every profile.
      const access = visibleProfileIds(principal) ?? ['all'];
      return { currentUserId: result.currentUserId, users: result.users.map((row) => present(row, access)) };
    });

    app.get('/users/:userId', {
      schema: {
        tags: ['Users'],
        summary: 'Get a user',
        params: z.object({ userId: objectId }),
        response: { 200: z.object({ user: userSchema }), ...commonErrors },
      },
    }, async (request) => {
      const principal = principalOf(request);
      return { user: present(await getUser(ctx, request.params.userId), visibleProfileIds(principal) ?? ['all']) };
    });
  };
}
