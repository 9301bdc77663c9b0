import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../context.js';
import type { AccountGroup } from '../../core/account-groups/account-group-rules.js';
import { createAccountGroup } from '../../core/account-groups/create-account-group.js';
import { deleteAccountGroup } from '../../core/account-groups/delete-account-group.js';
import { listAccountGroups } from '../../core/account-groups/list-account-groups.js';
import { updateAccountGroup } from '../../core/account-groups/update-account-group.js';
import { principalOf } from '../fastify-types.js';
import { commonErrors, messageResponse, objectId } from '../schemas/common.js';

const groupSchema = z
  .object({ _id: z.string(), name: z.string(), accountIds: z.array(z.string()), createdBy: z.string().optional() })
  .meta({ id: 'AccountGroup' });
const name = z.string().trim().min(1, 'must not be empty').max(100, 'must be at most 100 characters');
const accountIds = z.array(objectId).max(1000, 'at most 1000 accounts per group');
const params = z.object({ groupId: objectId });

function present(group: AccountGroup): z.infer<typeof groupSchema> {
  return { _id: group.id, name: group.name, accountIds: group.accountIds, createdBy: group.userId };
}

/** Account groups: `/api/v1/account-groups[/{groupId}]`. */
export function accountGroupRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.get('/account-groups', {
      schema: { tags: ['Account groups'], summary: 'List account groups', response: { 200: z.object({ groups: z.array(groupSchema) }), ...commonErrors } },
    }, async (request) => ({ groups: (await listAccountGroups(ctx, principalOf(request))).map(present) }));

    app.post('/account-groups', {
      config: { idempotent: true },
      schema: {
        tags: ['Account groups'],
        summary: 'Create an account group',
        body: z.object({ name, accountIds, profileId: objectId.optional().describe('Ignored; groups span profiles.') }),
        response: { 201: z.object({ message: z.string(), group: groupSchema }), ...commonErrors, 409: commonErrors[400] },
      },
    }, async (request, reply) => {
      const group = await createAccountGroup(ctx, principalOf(request), request.body);
      return reply.status(201).send({ message: 'Account group created', group: present(group) });
    });

    app.put('/account-groups/:groupId', {
      schema: {
        tags: ['Account groups'],
        summary: 'Update an account group',
        params,
        body: z.object({ name: name.optional(), accountIds: accountIds.optional() }),
        response: { 200: z.object({ message: z.string(), group: groupSchema }), ...commonErrors, 409: commonErrors[400] },
      },
    }, async (request) => {
      const group = await updateAccountGroup(ctx, principalOf(request), request.params.groupId, request.body);
      return { message: 'Account group updated', group: present(group) };
    });

    app.delete('/account-groups/:groupId', {
      schema: { tags: ['Account groups'], summary: 'Delete an account group', params, response: { 200: messageResponse, ...commonErrors } },
    }, async (request) => {
      await deleteAccountGroup(ctx, principalOf(request), request.params.groupId);
      return { message: 'Account group deleted' };
    });
  };
}
