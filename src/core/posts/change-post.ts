import type { Kysely } from 'kysely';
import type { AppContext } from '../../context.js';
import { AppError } from '../../errors.js';
import {
  deleteTargets,
  findTargetsOfPost,
  insertTargets,
  updatePostRow,
  updateTargetRow,
  type PostRow,
  type TargetRow,
} from '../../store/posts-queries.js';
import type { Database, PostStatus, TargetStatus } from '../../store/schema.js';
import { findProfile } from '../../store/profiles-queries.js';
import { markUploadsUsed } from '../../store/uploads-queries.js';
import type { Principal } from '../access/principal.js';
import { targetMedia } from './build-publish-target.js';
import { checkPost } from './check-post.js';
import { postProblemsError, readScheduledFor } from './create-post.js';
import { requirePost, type PostWithTargets } from './get-post.js';
import type { MediaItemInput, PlatformDefaults, PostInput, StoredMediaItem } from './post-input.js';
import { derivePostStatus, TERMINAL_POST_STATUSES } from './post-status.js';
import { notifyDue, postContentColumns, refuseDuplicates, runModeFor, targetRows, type RunMode } from './store-post.js';

/** Targets in these states, or holding a platform handle, may have reached the platform: the post is frozen. */
const FROZEN: ReadonlySet<TargetStatus> = new Set(['publishing', 'published', 'unconfirmed']);

function frozenTargets(targets: TargetRow[]): TargetRow[] {
  return targets.filter((t) => FROZEN.has(t.status) || t.external_ref !== null);
}

function mediaInput(items: StoredMediaItem[]): MediaItemInput[] {
  return items.map((item) => ({ uploadId: item.uploadId, altText: item.altText, title: item.title }));
}

/** The stored post as an input, so an update can send only the fields it changes. */
function storedInput(post: PostRow, targets: TargetRow[]): PostInput {
  const extras = JSON.parse(post.extras) as PostInput;
  const defaults = JSON.parse(post.platform_defaults) as PlatformDefaults;
  return {
    ...extras,
    content: post.content,
    mediaItems: mediaInput(JSON.parse(post.media_items) as StoredMediaItem[]),
    platforms: targets.map((t) => ({
      platform: t.platform,
      accountId: t.account_id,
      customContent: t.custom_content ?? undefined,
      customMedia: t.custom_media === null ? undefined : mediaInput(targetMedia(post, t)),
      scheduledFor: t.own_scheduled_for === null ? undefined : new Date(t.own_scheduled_for).toISOString(),
      platformSpecificData: JSON.parse(t.platform_data) as Record<string, unknown>,
    })),
    scheduledFor: post.scheduled_for === null ? undefined : new Date(post.scheduled_for).toISOString(),
    timezone: post.timezone ?? undefined,
    tiktokSettings: defaults['tiktok'],
    queuedFromProfile: post.queued_from_profile ?? undefined,
    queueId: post.queue_id ?? undefined,
  };
}

/** Wakes workers after a transaction that made targets runnable. */
function emitDue(ctx: AppContext, runAt: number | undefined, post: PostRow): void {
  if (runAt === undefined) return;
  ctx.events.emit('targets:due', { runAt });
  ctx.events.emit('post:scheduled', { postId: post.id, profileId: post.profile_id, status: post.status, scheduledFor: runAt });
}

async function restatus(ctx: AppContext, trx: Kysely<Database>, post: PostRow, changes: Partial<PostRow> = {}): Promise<PostRow> {
  const targets = await findTargetsOfPost(trx, post.id);
  const isDraft = changes.is_draft ?? post.is_draft;
  const status = derivePostStatus(targets.map((t) => t.status), isDraft === 1);
  const next = { ...post, ...changes, status, updated_at: ctx.clock.now() };
  await updatePostRow(trx, post.id, { ...changes, status, updated_at: next.updated_at });
  return next;
}

function emitFinal(ctx: AppContext, before: PostStatus, after: PostRow): void {
  if (before !== after.status && TERMINAL_POST_STATUSES.has(after.status)) {
    const event = `post:${after.status}` as 'post:published' | 'post:partial' | 'post:failed' | 'post:cancelled';
    ctx.events.emit(event, { postId: after.id, profileId: after.profile_id, status: after.status });
  }
}

/** What an update produced. */
export interface UpdatedPost extends PostWithTargets {
  /** Targets claimed by this process for a synchronous publish (publishNow). */
  publishNow: boolean;
}

/**
 * Updates a post that nothing has been sent for: fields left out keep their values, the whole post is checked again
 * as on create, and its targets are matched by account (kept, added or removed). The version grows, so a worker that
 * claimed the old version before this transaction would refuse to send it (and the claim itself is refused while
 * this transaction holds the targets). POST_NOT_EDITABLE when a target is publishing, published or unconfirmed.
 */
export async function updatePost(ctx: AppContext, principal: Principal, postId: string, patch: PostInput, origin: string): Promise<UpdatedPost> {
  const current = await requirePost(ctx, principal, postId);
  const input: PostInput = { ...storedInput(current, await findTargetsOfPost(ctx.db, postId)), ...Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) };
  const now = ctx.clock.now();
  const scheduledFor = readScheduledFor(input);
  const draft = patch.isDraft === undefined ? current.is_draft === 1 && patch.publishNow !== true && patch.scheduledFor === undefined : patch.isDraft;
  const immediate = !draft && (patch.publishNow === true || (scheduledFor !== undefined && scheduledFor <= now));
  if (!draft && !immediate && scheduledFor === undefined) {
    throw postProblemsError([{ code: 'VALIDATION_FAILED', field: 'scheduledFor', message: 'is required to schedule a draft (or send publishNow: true)' }]);
  }
  const { post: prepared, problems } = await checkPost(ctx, principal, input, { draft, scheduledFor: immediate ? now : (scheduledFor ?? null), editingPostId: postId, origin });
  if (!prepared) throw postProblemsError(problems);
  if (!draft && input.allowDuplicateContent !== true) await refuseDuplicates(ctx, prepared, postId);
  const profile = await findProfile(ctx.db, principal.userId, prepared.profileId);
  const needsApproval = !draft && current.approval !== 'approved' && (input.requiresApproval === true || profile?.requires_approval === 1);
  const mode: RunMode = runModeFor(ctx, { draft, needsApproval, immediate });

  const lock = ctx.store.dialect === 'postgres';
  const result = await ctx.db.transaction().execute(async (trx) => {
    const post = await requirePost(ctx, principal, postId, trx, lock);
    const existing = await findTargetsOfPost(trx, postId, lock);
    const frozen = frozenTargets(existing);
    if (frozen.length > 0) {
      throw new AppError('POST_NOT_EDITABLE', `Post ${postId} has targets that are being published or were published; it cannot be changed.`, {
        details: { targets: frozen.map((t) => ({ accountId: t.account_id, platform: t.platform, status: t.status })) },
      });
    }
    const version = post.version + 1;
    const fresh = targetRows(ctx, postId, prepared, mode, now).map((row) => (mode.kind === 'now' ? { ...row, claimed_version: version } : row));
    const byAccount = new Map(existing.map((t) => [t.account_id, t]));
    const keep = new Set<string>();
    const inserts = [];
    for (const row of fresh) {
      const old = byAccount.get(row.account_id);
      if (!old) {
        inserts.push(row);
        continue;
      }
      keep.add(old.id);
      const { id: _id, created_at: _created, ...changes } = row;
      await updateTargetRow(trx, old.id, { ...changes, attempts: 0 });
    }
    await deleteTargets(trx, existing.filter((t) => !keep.has(t.id)).map((t) => t.id));
    await insertTargets(trx, inserts);
    await markUploadsUsed(trx, prepared.uploadIds, now);
    const updated = await restatus(ctx, trx, post, {
      ...postContentColumns(prepared, input, { draft, immediate, scheduledFor, now }),
      approval: needsApproval ? 'pending' : post.approval === 'approved' ? 'approved' : 'none',
      version,
    });
    const runAts = fresh.map((t) => t.run_at).filter((r): r is number => typeof r === 'number');
    const earliest = mode.kind === 'scheduled' && runAts.length > 0 ? Math.min(...runAts) : undefined;
    if (earliest !== undefined) await notifyDue(ctx, trx, earliest);
    return { post: updated, earliest };
  });
  emitDue(ctx, result.earliest, result.post);
  return { post: result.post, targets: await findTargetsOfPost(ctx.db, postId), publishNow: mode.kind === 'now' };
}

/**
 * Deletes a post. Targets not yet claimed are cancelled at once; a target a worker holds is asked to stop, and the
 * worker re-reads it before sending, so a deleted post that has not been sent is never sent. Published targets stay
 * on their platform (see `unpublish`). The post disappears from the API.
 */
export async function deletePost(ctx: AppContext, principal: Principal, postId: string): Promise<void> {
  const lock = ctx.store.dialect === 'postgres';
  const after = await ctx.db.transaction().execute(async (trx) => {
    const post = await requirePost(ctx, principal, postId, trx, lock);
    const targets = await findTargetsOfPost(trx, postId, lock);
    const now = ctx.clock.now();
    for (const t of targets) {
      if (t.status === 'draft' || t.status === 'pending_approval' || t.status === 'scheduled') {
        await updateTargetRow(trx, t.id, { status: 'cancelled', run_at: null, updated_at: now });
      } else if (t.status === 'publishing') {
        await updateTargetRow(trx, t.id, { cancel_requested: 1, updated_at: now });
      }
    }
    const before = post.status;
    const updated = await restatus(ctx, trx, post, { deleted_at: now, version: post.version + 1 });
    return { before, updated, hadPending: targets.some((t) => t.status === 'draft' || t.status === 'pending_approval' || t.status === 'scheduled' || t.status === 'publishing') };
  });
  if (after.hadPending) ctx.events.emit('post:cancelled', { postId, profileId: after.updated.profile_id, status: 'cancelled' });
}

/**
 * Sends a post's failed and unconfirmed targets again, now, in this request. A target with a platform handle is
 * reconciled by it first, so a retry of an unconfirmed target publishes only if the platform proves the earlier
 * attempt did not; one without a handle is sent again, which is what a person asking for a retry decided.
 */
export async function retryPost(ctx: AppContext, principal: Principal, postId: string): Promise<UpdatedPost> {
  const lock = ctx.store.dialect === 'postgres';
  const now = ctx.clock.now();
  const leaseMs = ctx.config.scheduler.leaseMs;
  const post = await ctx.db.transaction().execute(async (trx) => {
    const current = await requirePost(ctx, principal, postId, trx, lock);
    const targets = await findTargetsOfPost(trx, postId, lock);
    const retryable = targets.filter((t) => t.status === 'failed' || t.status === 'unconfirmed');
    if (retryable.length === 0) throw new AppError('POST_NOT_RETRYABLE', `Post ${postId} has no failed or unconfirmed target.`);
    for (const t of retryable) {
      await updateTargetRow(trx, t.id, {
        status: 'publishing', run_at: now + leaseMs, lease_owner: ctx.instanceId, lease_expires_at: now + leaseMs, claimed_version: current.version,
        attempts: 0, send_started_at: t.external_ref === null ? null : t.send_started_at, cancel_requested: 0,
        error_code: null, error_message: null, error_category: null, platform_error: null, updated_at: now,
      });
    }
    return restatus(ctx, trx, current);
  });
  return { post, targets: await findTargetsOfPost(ctx.db, postId), publishNow: true };
}

/** Approves a post waiting for approval: its targets are scheduled, and go out at once when their time has passed. */
export async function approvePost(ctx: AppContext, principal: Principal, postId: string): Promise<PostWithTargets> {
  const lock = ctx.store.dialect === 'postgres';
  const now = ctx.clock.now();
  const result = await ctx.db.transaction().execute(async (trx) => {
    const current = await requirePost(ctx, principal, postId, trx, lock);
    if (current.approval !== 'pending') throw new AppError('POST_NOT_PENDING_APPROVAL', `Post ${postId} is not waiting for approval.`);
    const targets = await findTargetsOfPost(trx, postId, lock);
    let earliest: number | undefined;
    for (const t of targets.filter((x) => x.status === 'pending_approval')) {
      const runAt = Math.max(t.scheduled_for ?? now, now);
      earliest = Math.min(earliest ?? runAt, runAt);
      await updateTargetRow(trx, t.id, { status: 'scheduled', run_at: runAt, updated_at: now });
    }
    const post = await restatus(ctx, trx, current, { approval: 'approved', approved_by: principal.keyId });
    if (earliest !== undefined) await notifyDue(ctx, trx, earliest);
    return { post, earliest };
  });
  emitDue(ctx, result.earliest, result.post);
  return { post: result.post, targets: await findTargetsOfPost(ctx.db, postId) };
}

/** Rejects a post waiting for approval: its targets are cancelled and the reason is kept. */
export async function rejectPost(ctx: AppContext, principal: Principal, postId: string, reason: string): Promise<PostWithTargets> {
  const lock = ctx.store.dialect === 'postgres';
  const now = ctx.clock.now();
  const result = await ctx.db.transaction().execute(async (trx) => {
    const current = await requirePost(ctx, principal, postId, trx, lock);
    if (current.approval !== 'pending') throw new AppError('POST_NOT_PENDING_APPROVAL', `Post ${postId} is not waiting for approval.`);
    for (const t of await findTargetsOfPost(trx, postId, lock)) {
      if (t.status === 'pending_approval') await updateTargetRow(trx, t.id, { status: 'cancelled', run_at: null, error_message: `Rejected: ${reason}`, updated_at: now });
    }
    return { before: current.status, post: await restatus(ctx, trx, current, { approval: 'rejected', approval_note: reason, approved_by: principal.keyId }) };
  });
  emitFinal(ctx, result.before, result.post);
  return { post: result.post, targets: await findTargetsOfPost(ctx.db, postId) };
}

/**
 * Removes (`unpublish`) or edits a post's published target on `platform`. No adapter Outbox ships can do either
 * (TikTok's API can neither delete nor edit a published post), so this answers PLATFORM_CAPABILITY_UNSUPPORTED naming
 * the platform, or POST_NOT_EDITABLE when nothing was published there.
 */
export async function changePublished(ctx: AppContext, principal: Principal, postId: string, action: 'unpublish' | 'edit', platform: string): Promise<never> {
  const post = await requirePost(ctx, principal, postId);
  const name = platform.trim().toLowerCase();
  const published = (await findTargetsOfPost(ctx.db, post.id)).filter((t) => t.status === 'published' && t.platform === name);
  if (published.length === 0) {
    throw new AppError('POST_NOT_EDITABLE', `Post ${postId} has no published target on ${name} to ${action}.`, { param: 'platform', details: { targets: [] } });
  }
  const what = action === 'unpublish' ? 'delete' : 'edit';
  throw new AppError('PLATFORM_CAPABILITY_UNSUPPORTED', `${name}'s API cannot ${what} a published post; change it in the ${name} app.`, {
    param: 'platform',
    details: { platform: name },
  });
}
