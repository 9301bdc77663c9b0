import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { approvePost, changePublished, deletePost, rejectPost, retryPost, updatePost, type UpdatedPost } from '../../core/posts/change-post.js';
import { createPost } from '../../core/posts/create-post.js';
import { tiktokDryRun } from '../../core/posts/dry-run.js';
import { getPost, getPostAttempts, listPostsFor, type PostWithTargets } from '../../core/posts/get-post.js';
import { findTargetsOfPost, findPost } from '../../store/posts-queries.js';
import { runTargetsNow } from '../../scheduler/scheduler.js';
import { principalOf } from '../fastify-types.js';
import { requestOrigin } from '../request-origin.js';
import { commonErrors, messageResponse, objectId } from '../schemas/common.js';
import { attemptSchema, postSchema, presentAttempt, presentPost } from './post-presenter.js';

const MAX_TEXT = 100_000;
const text = z.string().max(MAX_TEXT, `must be at most ${MAX_TEXT} characters`);
const shortText = z.string().max(1000, 'must be at most 1000 characters');
const mediaItem = z.object({
  type: z.enum(['image', 'video', 'gif', 'document']).optional(),
  url: z.string().max(2048, 'must be at most 2048 characters').nullable().optional(),
  uploadId: objectId.optional(),
  altText: shortText.optional(),
  title: shortText.optional(),
  filename: shortText.optional(),
  size: z.number().optional(),
  mimeType: z.string().max(200).optional(),
  thumbnail: z.string().max(2048).optional(),
});
const settings = z.record(z.string(), z.unknown());
const target = z.object({
  platform: z.string().min(1, 'must not be empty').max(50),
  accountId: objectId,
  customContent: text.optional(),
  customMedia: z.array(mediaItem).max(50).optional(),
  scheduledFor: z.string().max(64).optional(),
  platformSpecificData: settings.optional(),
});
const postBody = z.object({
  title: shortText.optional(),
  content: text.optional(),
  mediaItems: z.array(mediaItem).max(50).optional(),
  platforms: z.array(target).max(50).optional(),
  scheduledFor: z.string().max(64).optional(),
  publishNow: z.boolean().optional(),
  isDraft: z.boolean().optional(),
  timezone: z.string().max(64).optional(),
  tags: z.array(shortText).max(100).optional(),
  hashtags: z.array(shortText).max(100).optional(),
  mentions: z.array(shortText).max(100).optional(),
  visibility: z.enum(['public', 'private', 'unlisted']).optional(),
  crosspostingEnabled: z.boolean().optional(),
  metadata: settings.optional(),
  tiktokSettings: settings.optional(),
  queuedFromProfile: objectId.optional(),
  queueId: objectId.optional(),
  requiresApproval: z.boolean().optional().describe('Hold this post for approval even if its profile does not require it (Outbox extension).'),
  allowDuplicateContent: z.boolean().optional().describe('Accept content identical to a post sent to the same account in the last 24 h (Outbox extension).'),
});
const params = z.object({ postId: objectId });
const platformResult = z.object({ platform: z.string(), status: z.string(), error: z.string().nullable() });
const writeResponse = z.object({
  message: z.string().optional(),
  post: postSchema,
  error: z.string().optional(),
  platformResults: z.array(platformResult).optional(),
  warnings: z.array(z.string()).optional(),
});
const dryRunResponse = z.object({
  dryRun: z.boolean(),
  canPublish: z.boolean(),
  tiktok: z.array(z.object({ accountId: z.string(), canPublish: z.boolean(), alreadyPostedToday: z.boolean().optional(), reason: z.string() })),
});

/**
 * Runs the targets a synchronous publish claimed and shapes the answer: 201 when every target was published,
 * 207 with `platformResults` otherwise (a target still retrying shows as scheduled with its last error).
 */
async function publishedAnswer<S extends 200 | 201>(ctx: AppContext, result: UpdatedPost, status: S, message: string) {
  const claimed = result.targets.filter((t) => t.status === 'publishing' && t.lease_owner === ctx.instanceId);
  await runTargetsNow(ctx, claimed);
  const post = (await findPost(ctx.db, result.post.id)) ?? result.post;
  const targets = await findTargetsOfPost(ctx.db, post.id);
  const body = presentPost(ctx, { post, targets });
  const ran = targets.filter((t) => claimed.some((c) => c.id === t.id));
  if (ran.every((t) => t.status === 'published')) return { status, body: { message, post: body } };
  const platformResults = ran.map((t) => ({ platform: t.platform, status: t.status, error: t.status === 'published' ? null : (t.error_message ?? null) }));
  const none = ran.every((t) => t.status !== 'published');
  return {
    status: 207 as const,
    body: {
      message: none ? 'The post was saved but no platform published it.' : 'The post was saved; some platforms did not publish it.',
      post: body,
      ...(none && { error: platformResults.map((r) => `${r.platform}: ${r.error ?? r.status}`).join('; ') }),
      platformResults,
    },
  };
}

/** Posts: `/api/v1/posts[/{postId}]` and their actions, in the SDK's shapes. */
export function postRoutes(ctx: AppContext): FastifyPluginAsyncZod {
  return async (app) => {
    app.post('/posts', {
      config: { idempotent: true },
      schema: {
        tags: ['Posts'],
        summary: 'Create a post (draft, scheduled, or published now)',
        description:
          'Every target is checked before anything is stored: media and caption rules, settings, the account and the daily cap at the scheduled time. ' +
          'All problems come back at once in `details.violations`. `dryRun: true` answers, for TikTok targets, whether each account could publish now, and stores nothing.',
        body: postBody.extend({ dryRun: z.boolean().optional() }),
        response: { 200: dryRunResponse, 201: writeResponse, 207: writeResponse, ...commonErrors, 409: commonErrors[400], 422: commonErrors[400] },
      },
    }, async (request, reply) => {
      const principal = principalOf(request);
      const { dryRun, ...input } = request.body;
      if (dryRun === true) return reply.status(200).send(await tiktokDryRun(ctx, principal, input, requestOrigin(request)));
      const created = await createPost(ctx, principal, input, requestOrigin(request));
      if (created.publishNow) {
        const answer = await publishedAnswer(ctx, { ...created, publishNow: true }, 201, 'Post published');
        return reply.status(answer.status).send(answer.body);
      }
      const message = created.post.status === 'draft' ? 'Draft saved' : created.post.status === 'pending_approval' ? 'Post waiting for approval' : 'Post scheduled';
      return reply.status(201).send({ message, post: presentPost(ctx, created) });
    });

    app.get('/posts', {
      schema: {
        tags: ['Posts'],
        summary: 'List posts',
        querystring: z.object({
          page: z.coerce.number().int().min(1).optional(),
          offset: z.coerce.number().int().min(0).optional(),
          limit: z.coerce.number().int().min(1).max(100, 'must be at most 100').optional(),
          status: z.enum(['draft', 'pending_approval', 'scheduled', 'publishing', 'published', 'partial', 'failed', 'cancelled']).optional(),
          profileId: z.union([objectId, z.literal('all'), z.literal('')]).optional(),
          accountId: objectId.optional(),
          platform: z.string().max(50).optional(),
          fromDate: z.string().max(64).optional(),
          toDate: z.string().max(64).optional(),
          dateFrom: z.string().max(64).optional(),
          dateTo: z.string().max(64).optional(),
          search: z.string().max(500).optional(),
          sortBy: z.enum(['scheduled-desc', 'scheduled-asc', 'created-desc', 'created-asc', 'status', 'platform']).optional(),
          includeHidden: z.string().optional(),
          createdBy: objectId.optional(),
          source: z.enum(['zernio']).optional(),
        }),
        response: {
          200: z.object({ posts: z.array(postSchema), pagination: z.object({ page: z.number(), limit: z.number(), total: z.number(), pages: z.number() }) }),
          ...commonErrors,
        },
      },
    }, async (request) => {
      const q = request.query;
      const result = await listPostsFor(ctx, principalOf(request), { ...q, fromDate: q.fromDate ?? q.dateFrom, toDate: q.toDate ?? q.dateTo });
      return {
        posts: result.posts.map((p) => presentPost(ctx, p)),
        pagination: { page: result.page, limit: result.limit, total: result.total, pages: Math.ceil(result.total / result.limit) },
      };
    });

    app.get('/posts/:postId', {
      schema: { tags: ['Posts'], summary: 'Get a post', params, response: { 200: z.object({ post: postSchema }), ...commonErrors } },
    }, async (request) => ({ post: presentPost(ctx, await getPost(ctx, principalOf(request), request.params.postId)) }));

    app.get('/posts/:postId/attempts', {
      schema: {
        tags: ['Posts'],
        summary: 'Every publish attempt of a post (Outbox extension)',
        description: 'The audit trail: one entry per attempt at each target, with its outcome, error code, platform reply and timings.',
        params,
        response: { 200: z.object({ attempts: z.array(attemptSchema) }), ...commonErrors },
      },
    }, async (request) => ({ attempts: (await getPostAttempts(ctx, principalOf(request), request.params.postId)).map(presentAttempt) }));

    app.put('/posts/:postId', {
      config: { idempotent: true },
      schema: {
        tags: ['Posts'],
        summary: 'Update a post that has not been sent',
        description: 'Fields left out keep their values. Refused with POST_NOT_EDITABLE once a target is publishing, published or unconfirmed.',
        params,
        body: postBody,
        response: { 200: writeResponse, 207: writeResponse, ...commonErrors, 409: commonErrors[400] },
      },
    }, async (request, reply) => {
      const updated = await updatePost(ctx, principalOf(request), request.params.postId, request.body, requestOrigin(request));
      if (updated.publishNow) {
        const answer = await publishedAnswer(ctx, updated, 200, 'Post published');
        return reply.status(answer.status).send(answer.body);
      }
      return { message: 'Post updated', post: presentPost(ctx, updated) };
    });

    app.delete('/posts/:postId', {
      schema: { tags: ['Posts'], summary: 'Delete a post', description: 'Targets not yet sent are cancelled; published ones stay on their platforms.', params, response: { 200: messageResponse, ...commonErrors } },
    }, async (request) => {
      await deletePost(ctx, principalOf(request), request.params.postId);
      return { message: 'Post deleted' };
    });

    app.post('/posts/:postId/retry', {
      config: { idempotent: true },
      schema: {
        tags: ['Posts'],
        summary: 'Retry the failed and unconfirmed targets of a post now',
        params,
        response: { 200: writeResponse, 207: writeResponse, ...commonErrors, 409: commonErrors[400] },
      },
    }, async (request, reply) => {
      const retried = await retryPost(ctx, principalOf(request), request.params.postId);
      const answer = await publishedAnswer(ctx, retried, 200, 'Post retried');
      return reply.status(answer.status).send(answer.body);
    });

    app.post('/posts/:postId/approve', {
      schema: { tags: ['Posts'], summary: 'Approve a post waiting for approval (Outbox extension)', params, response: { 200: writeResponse, ...commonErrors, 409: commonErrors[400] } },
    }, async (request) => {
      const approved: PostWithTargets = await approvePost(ctx, principalOf(request), request.params.postId);
      return { message: 'Post approved', post: presentPost(ctx, approved) };
    });

    app.post('/posts/:postId/reject', {
      schema: {
        tags: ['Posts'],
        summary: 'Reject a post waiting for approval (Outbox extension)',
        params,
        body: z.object({ reason: z.string().trim().min(1, 'must not be empty').max(1000, 'must be at most 1000 characters') }),
        response: { 200: writeResponse, ...commonErrors, 409: commonErrors[400] },
      },
    }, async (request) => {
      const rejected = await rejectPost(ctx, principalOf(request), request.params.postId, request.body.reason);
      return { message: 'Post rejected', post: presentPost(ctx, rejected) };
    });

    for (const action of ['unpublish', 'edit'] as const) {
      app.post(`/posts/:postId/${action}`, {
        schema: {
          tags: ['Posts'],
          summary: action === 'unpublish' ? 'Delete a published post from its platform' : 'Edit a published post on its platform',
          description: 'No platform Outbox publishes to today allows it through its API (TikTok can neither edit nor delete), so this answers PLATFORM_CAPABILITY_UNSUPPORTED naming the platform.',
          params,
          body: z.object({ platform: z.string().min(1).max(50), content: text.optional(), accountId: objectId.optional() }),
          response: { ...commonErrors, 409: commonErrors[400], 422: commonErrors[400] },
        },
      }, async (request) => changePublished(ctx, principalOf(request), request.params.postId, action, request.body.platform));
    }
  };
}
