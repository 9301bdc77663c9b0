import type { PostStatus, TargetStatus } from '../../store/schema.js';

/** Target statuses that end a target: nothing more happens to it unless a person retries it. */
export const TERMINAL_TARGET_STATUSES: ReadonlySet<TargetStatus> = new Set(['published', 'failed', 'unconfirmed', 'cancelled']);

/** Post statuses that mean every target has ended. */
export const TERMINAL_POST_STATUSES: ReadonlySet<PostStatus> = new Set(['published', 'partial', 'failed', 'cancelled']);

/**
 * A post's status from its targets' statuses. Cancelled targets do not count once others remain; an unconfirmed
 * target counts as not published (it may have gone out, but that is not proven), so a post with one published and
 * one unconfirmed target is `partial`.
 */
export function derivePostStatus(targets: readonly TargetStatus[], isDraft: boolean): PostStatus {
  if (isDraft || targets.length === 0 || targets.every((s) => s === 'draft')) return 'draft';
  if (targets.some((s) => s === 'pending_approval')) return 'pending_approval';
  const live = targets.filter((s) => s !== 'cancelled');
  if (live.length === 0) return 'cancelled';
  if (live.some((s) => s === 'publishing')) return 'publishing';
  const ended = live.filter((s) => TERMINAL_TARGET_STATUSES.has(s));
  if (ended.length < live.length) return ended.length > 0 ? 'publishing' : 'scheduled';
  const published = live.filter((s) => s === 'published').length;
  if (published === live.length) return 'published';
  return published === 0 ? 'failed' : 'partial';
}
