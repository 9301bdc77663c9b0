import type { Updateable } from 'kysely';
import type { AppContext } from '../../context.js';
import { findPost, findTargetsOfPost, updateLeasedTarget, updatePostRow, updateTargetRow, type PostRow } from '../../store/posts-queries.js';
import type { PostStatus, PostTargetsTable } from '../../store/schema.js';
import { derivePostStatus, TERMINAL_POST_STATUSES } from './post-status.js';

/** A change to one target. */
export interface TargetTransition {
  postId: string;
  targetId: string;
  /** Apply only while this worker holds the target's lease (Default: unconditionally). */
  owner?: string | undefined;
  changes: Updateable<PostTargetsTable>;
}

/** What a transition did. */
export interface TransitionResult {
  /** False when `owner` no longer held the lease, so nothing changed. */
  applied: boolean;
  post: PostRow | undefined;
  /** The post's derived status after the change. */
  status: PostStatus | undefined;
  /**
   * Emits the post's final event (post:published, post:partial, post:failed, post:cancelled) when the change made the
   * post reach one; a no-op otherwise. Left to the caller so its per-target event can go first.
   */
  emitPostEvent(): void;
}

/**
 * Changes a target and re-derives its post's status in one transaction, the post row locked first (PostgreSQL) so
 * two workers finishing two targets of one post cannot both derive from a stale view.
 */
export async function transitionTarget(ctx: AppContext, transition: TargetTransition): Promise<TransitionResult> {
  const lock = ctx.store.dialect === 'postgres';
  const result = await ctx.db.transaction().execute(async (trx): Promise<Omit<TransitionResult, 'emitPostEvent'> & { previous?: PostStatus }> => {
    const post = await findPost(trx, transition.postId, lock);
    const changes = { ...transition.changes, updated_at: ctx.clock.now() };
    if (transition.owner !== undefined) {
      if (!(await updateLeasedTarget(trx, transition.targetId, transition.owner, changes))) return { applied: false, post, status: post?.status };
    } else {
      await updateTargetRow(trx, transition.targetId, changes);
    }
    if (!post) return { applied: true, post, status: undefined };
    const targets = await findTargetsOfPost(trx, post.id);
    const status = derivePostStatus(targets.map((t) => t.status), post.is_draft === 1);
    if (status !== post.status) await updatePostRow(trx, post.id, { status, updated_at: ctx.clock.now() });
    return { applied: true, post: { ...post, status }, status, previous: post.status };
  });
  const { post, status, previous } = result;
  const emitPostEvent = () => {
    if (post && status && status !== previous && TERMINAL_POST_STATUSES.has(status) && post.deleted_at === null) {
      const event = `post:${status}` as 'post:published' | 'post:partial' | 'post:failed' | 'post:cancelled';
      ctx.events.emit(event, { postId: post.id, profileId: post.profile_id, status });
    }
  };
  return { applied: result.applied, post, status, emitPostEvent };
}
