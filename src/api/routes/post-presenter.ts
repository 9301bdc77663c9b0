import { z } from 'zod';
import type { AppContext } from '../../context.js';
import type { PostWithTargets } from '../../core/posts/get-post.js';
import type { StoredMediaItem } from '../../core/posts/post-input.js';
import type { AttemptRow, TargetRow } from '../../store/posts-queries.js';
import { iso } from '../schemas/common.js';

const mediaSchema = z.object({
  type: z.string(),
  url: z.string(),
  uploadId: z.string(),
  filename: z.string().optional(),
  altText: z.string().optional(),
  title: z.string().optional(),
});

const targetSchema = z
  .object({
    _id: z.string().describe('The target id (Outbox extension).'),
    platform: z.string(),
    accountId: z.string(),
    customContent: z.string().optional(),
    customMedia: z.array(mediaSchema).optional(),
    scheduledFor: z.string().optional(),
    platformSpecificData: z.record(z.string(), z.unknown()).optional(),
    status: z.string().describe('draft, pending_approval, scheduled, publishing, published, failed, unconfirmed or cancelled.'),
    attempts: z.number().describe('Attempts spent (rate-limit deferrals spend none).'),
    nextAttemptAt: z.string().optional(),
    platformPostId: z.string().optional(),
    platformPostUrl: z.string().nullable().optional(),
    publishedAt: z.string().optional(),
    externalRef: z.string().optional().describe("The platform's handle of the publish (TikTok publish_id)."),
    errorMessage: z.string().optional(),
    errorCode: z.string().optional(),
    errorCategory: z.string().optional(),
    errorSource: z.enum(['user', 'platform', 'system']).optional(),
  })
  .meta({ id: 'PostTarget' });

/** A post in the SDK's Post shape, with Outbox's extensions (profileId, approval, target ids and attempts). */
export const postSchema = z
  .object({
    _id: z.string(),
    userId: z.string(),
    profileId: z.string(),
    title: z.string().optional(),
    content: z.string(),
    mediaItems: z.array(mediaSchema),
    platforms: z.array(targetSchema),
    scheduledFor: z.string().optional(),
    timezone: z.string().optional(),
    status: z.string(),
    approval: z.object({ state: z.string(), note: z.string().optional() }).optional(),
    tags: z.array(z.string()).optional(),
    hashtags: z.array(z.string()).optional(),
    mentions: z.array(z.string()).optional(),
    visibility: z.string().optional(),
    crosspostingEnabled: z.boolean().optional(),
    metadata: z.record(z.string(), z.unknown()).optional(),
    queuedFromProfile: z.string().optional(),
    queueId: z.string().optional(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'Post' });

/** One attempt of the audit trail. */
export const attemptSchema = z
  .object({
    _id: z.string(),
    targetId: z.string(),
    number: z.number(),
    worker: z.string(),
    outcome: z.string(),
    errorCode: z.string().optional(),
    errorKind: z.string().optional(),
    errorMessage: z.string().optional(),
    platformStatus: z.number().optional(),
    platformError: z.record(z.string(), z.unknown()).optional(),
    externalRef: z.string().optional(),
    startedAt: z.string(),
    finishedAt: z.string().optional(),
    durationMs: z.number().optional(),
  })
  .meta({ id: 'PostAttempt' });

function sourceOf(category: string | null): 'user' | 'platform' | 'system' | undefined {
  if (category === null) return undefined;
  if (category === 'user_content' || category === 'auth_expired' || category === 'account_issue') return 'user';
  return category === 'system_error' ? 'system' : 'platform';
}

function presentTarget(target: TargetRow): z.infer<typeof targetSchema> {
  const waiting = target.status === 'scheduled' || (target.status === 'publishing' && target.lease_owner === null);
  return {
    _id: target.id,
    platform: target.platform,
    accountId: target.account_id,
    ...(target.custom_content !== null && { customContent: target.custom_content }),
    ...(target.custom_media !== null && { customMedia: JSON.parse(target.custom_media) as StoredMediaItem[] }),
    ...(target.scheduled_for !== null && { scheduledFor: iso(target.scheduled_for) }),
    ...(target.platform_data !== '{}' && { platformSpecificData: JSON.parse(target.platform_data) as Record<string, unknown> }),
    status: target.status,
    attempts: target.attempts,
    ...(waiting && target.run_at !== null && { nextAttemptAt: iso(target.run_at) }),
    ...(target.platform_post_id !== null && { platformPostId: target.platform_post_id }),
    ...(target.status === 'published' && { platformPostUrl: target.platform_post_url }),
    ...(target.published_at !== null && { publishedAt: iso(target.published_at) }),
    ...(target.external_ref !== null && { externalRef: target.external_ref }),
    ...(target.error_message !== null && { errorMessage: target.error_message }),
    ...(target.error_code !== null && { errorCode: target.error_code }),
    ...(target.error_category !== null && { errorCategory: target.error_category }),
    ...(sourceOf(target.error_category) !== undefined && { errorSource: sourceOf(target.error_category) }),
  };
}

/** A stored post as the API shows it. */
export function presentPost(_ctx: AppContext, { post, targets }: PostWithTargets): z.infer<typeof postSchema> {
  const extras = JSON.parse(post.extras) as Record<string, unknown>;
  return {
    _id: post.id,
    userId: post.user_id,
    profileId: post.profile_id,
    ...extras,
    content: post.content,
    mediaItems: JSON.parse(post.media_items) as StoredMediaItem[],
    platforms: targets.map(presentTarget),
    ...(post.scheduled_for !== null && { scheduledFor: iso(post.scheduled_for) }),
    ...(post.timezone !== null && { timezone: post.timezone }),
    status: post.status,
    ...(post.approval !== 'none' && { approval: { state: post.approval, ...(post.approval_note !== null && { note: post.approval_note }) } }),
    ...(post.queued_from_profile !== null && { queuedFromProfile: post.queued_from_profile }),
    ...(post.queue_id !== null && { queueId: post.queue_id }),
    createdAt: iso(post.created_at),
    updatedAt: iso(post.updated_at),
  };
}

/** An attempt as the API shows it. */
export function presentAttempt(row: AttemptRow): z.infer<typeof attemptSchema> {
  return {
    _id: row.id,
    targetId: row.target_id,
    number: row.number,
    worker: row.worker,
    outcome: row.outcome,
    ...(row.error_code !== null && { errorCode: row.error_code }),
    ...(row.error_kind !== null && { errorKind: row.error_kind }),
    ...(row.error_message !== null && { errorMessage: row.error_message }),
    ...(row.platform_status !== null && { platformStatus: row.platform_status }),
    ...(row.platform_error !== null && { platformError: JSON.parse(row.platform_error) as Record<string, unknown> }),
    ...(row.external_ref !== null && { externalRef: row.external_ref }),
    startedAt: iso(row.started_at),
    ...(row.finished_at !== null && { finishedAt: iso(row.finished_at), durationMs: row.finished_at - row.started_at }),
  };
}
