import { sql, type Insertable, type Kysely } from 'kysely';
import type { AppContext } from '../../context.js';
import { AppError } from '../../errors.js';
import { findDuplicatePost } from '../../store/posts-queries.js';
import type { Database, PostTargetsTable, TargetStatus } from '../../store/schema.js';
import type { PreparedPost, PreparedTarget } from './check-post.js';
import type { PostInput } from './post-input.js';

/** Identical content to the same account within this window is refused unless the caller opts out. */
export const DUPLICATE_WINDOW_MS = 24 * 60 * 60 * 1000;

/** How a stored post will run. */
export type RunMode =
  | { kind: 'draft' }
  | { kind: 'approval' }
  | { kind: 'scheduled' }
  /** Claimed at once by `owner` for a synchronous publish; the lease hands it to a worker if this process dies. */
  | { kind: 'now'; owner: string; leaseMs: number };

/** How a checked post runs: a draft, waiting for approval, claimed now by this process, or scheduled. */
export function runModeFor(ctx: AppContext, flags: { draft: boolean; needsApproval: boolean; immediate: boolean }): RunMode {
  if (flags.draft) return { kind: 'draft' };
  if (flags.needsApproval) return { kind: 'approval' };
  if (flags.immediate) return { kind: 'now', owner: ctx.instanceId, leaseMs: ctx.config.scheduler.leaseMs };
  return { kind: 'scheduled' };
}

/** The columns of a post that come from its checked content and timing, the same on create and update. */
export function postContentColumns(
  prepared: PreparedPost,
  input: PostInput,
  timing: { draft: boolean; immediate: boolean; scheduledFor: number | undefined; now: number },
) {
  return {
    content: prepared.content,
    media_items: JSON.stringify(prepared.mediaItems),
    platform_defaults: JSON.stringify(prepared.platformDefaults),
    extras: JSON.stringify(extrasOf(input)),
    timezone: input.timezone ?? null,
    scheduled_for: timing.immediate ? timing.now : (timing.scheduledFor ?? null),
    is_draft: timing.draft ? (1 as const) : (0 as const),
  };
}

/** The extras echoed back on reads. */
export function extrasOf(input: PostInput): Record<string, unknown> {
  const { title, tags, hashtags, mentions, visibility, crosspostingEnabled, metadata } = input;
  return Object.fromEntries(
    Object.entries({ title, tags, hashtags, mentions, visibility, crosspostingEnabled, metadata }).filter(([, v]) => v !== undefined),
  );
}

function targetState(mode: RunMode, scheduledFor: number | null, now: number): Pick<Insertable<PostTargetsTable>, 'status' | 'run_at' | 'lease_owner' | 'lease_expires_at'> {
  const status: TargetStatus = mode.kind === 'draft' ? 'draft' : mode.kind === 'approval' ? 'pending_approval' : mode.kind === 'now' ? 'publishing' : 'scheduled';
  if (mode.kind === 'now') return { status, run_at: now + mode.leaseMs, lease_owner: mode.owner, lease_expires_at: now + mode.leaseMs };
  if (mode.kind === 'scheduled') return { status, run_at: Math.max(scheduledFor ?? now, now), lease_owner: null, lease_expires_at: null };
  return { status, run_at: null, lease_owner: null, lease_expires_at: null };
}

/** Rows for new targets of a post. */
export function targetRows(ctx: AppContext, postId: string, prepared: PreparedPost, mode: RunMode, now: number): Insertable<PostTargetsTable>[] {
  return prepared.targets.map((target: PreparedTarget, position) => ({
    id: ctx.ids.next(),
    post_id: postId,
    profile_id: prepared.profileId,
    account_id: target.account.id,
    platform: target.platform,
    position,
    custom_content: target.customContent,
    custom_media: target.customMedia === null ? null : JSON.stringify(target.customMedia),
    platform_data: JSON.stringify(target.platformData),
    own_scheduled_for: target.ownScheduledFor,
    scheduled_for: mode.kind === 'now' ? now : target.scheduledFor,
    content_hash: target.contentHash,
    ...targetState(mode, mode.kind === 'now' ? now : target.scheduledFor, now),
    attempts: 0,
    claimed_version: mode.kind === 'now' ? 1 : null,
    cancel_requested: 0,
    send_started_at: null,
    external_ref: null,
    platform_post_id: null,
    platform_post_url: null,
    published_at: null,
    error_code: null,
    error_message: null,
    error_category: null,
    platform_error: null,
    created_at: now,
    updated_at: now,
  }));
}

/** Refuses identical content to an account within 24 h, naming the existing post (409 DUPLICATE_CONTENT). */
export async function refuseDuplicates(ctx: AppContext, prepared: PreparedPost, excludePostId?: string): Promise<void> {
  const since = ctx.clock.now() - DUPLICATE_WINDOW_MS;
  for (const target of prepared.targets) {
    const existing = await findDuplicatePost(ctx.db, target.account.id, target.contentHash, since, excludePostId);
    if (existing !== undefined) {
      throw new AppError(
        'DUPLICATE_CONTENT',
        `The same content went to account ${target.account.id} in the last 24 hours (post ${existing}). Send allowDuplicateContent: true to post it again.`,
        { param: `platforms[${target.index}]`, details: { accountId: target.account.id, platform: target.platform, existingPostId: existing } },
      );
    }
  }
}

/**
 * Wakes workers for targets that became runnable at `runAt`: PostgreSQL NOTIFY inside the transaction (delivered
 * to every listening process on commit), and an in-process event after it.
 */
export async function notifyDue(ctx: AppContext, trx: Kysely<Database>, runAt: number): Promise<void> {
  if (ctx.store.dialect === 'postgres') await sql`select pg_notify('outbox_targets', ${String(runAt)})`.execute(trx);
}
