import type { ResolvedConfig } from './emulator-config.js';
import type { PullRunner } from './emulator-pull.js';
import type { PublishRecord } from './emulator-state.js';

/** The `status` values of `status/fetch`. */
export type PublishStatus =
  | 'PROCESSING_UPLOAD'
  | 'PROCESSING_DOWNLOAD'
  | 'SEND_TO_USER_INBOX'
  | 'PUBLISH_COMPLETE'
  | 'FAILED';

/** A publish's status at one instant. */
export interface DerivedStatus {
  status: PublishStatus;
  failReason: string | null;
  /** Post ids visible to the client (only public direct posts, only after moderation). */
  postIds: bigint[];
  /** When the publish reached its current final status, or null while it is processing. */
  finishedAt: number | null;
}

/** True for statuses that no longer change. */
export function isFinalStatus(status: PublishStatus): boolean {
  return status === 'PUBLISH_COMPLETE' || status === 'SEND_TO_USER_INBOX' || status === 'FAILED';
}

/**
 * Computes a publish's status from its recorded times and the clock, so status moves forward as the (fake) clock
 * passes, without timers:
 * transfer (PROCESSING_UPLOAD / PROCESSING_DOWNLOAD) → `processingDelayMs` after the last byte → PUBLISH_COMPLETE
 * (direct) or SEND_TO_USER_INBOX (inbox), or FAILED with an injected fail_reason; a public direct post shows its id
 * `moderationDelayMs` later.
 */
export function derivePublishStatus(publish: PublishRecord, now: number, config: ResolvedConfig): DerivedStatus {
  const transferring: PublishStatus = publish.source === 'FILE_UPLOAD' ? 'PROCESSING_UPLOAD' : 'PROCESSING_DOWNLOAD';
  if (publish.failedAt !== null && publish.failedAt <= now) {
    return { status: 'FAILED', failReason: publish.failReason, postIds: [], finishedAt: publish.failedAt };
  }
  if (publish.transferCompletedAt === null) return { status: transferring, failReason: null, postIds: [], finishedAt: null };
  const finishedAt = publish.transferCompletedAt + config.processingDelayMs;
  if (now < finishedAt) return { status: transferring, failReason: null, postIds: [], finishedAt: null };
  if (publish.forcedFailReason !== null) {
    return { status: 'FAILED', failReason: publish.forcedFailReason, postIds: [], finishedAt };
  }
  if (publish.mode === 'MEDIA_UPLOAD') return { status: 'SEND_TO_USER_INBOX', failReason: null, postIds: [], finishedAt };
  const moderated = now >= finishedAt + config.moderationDelayMs;
  const postIds = moderated && publish.postId !== null ? [publish.postId] : [];
  return { status: 'PUBLISH_COMPLETE', failReason: null, postIds, finishedAt };
}

/**
 * Applies the one time-driven change that is not a pure function of recorded times: a PULL_FROM_URL download
 * still running (or hung) when the pull timeout passes is aborted and the publish fails with *_pull_failed.
 */
export function settlePublish(publish: PublishRecord, now: number, config: ResolvedConfig, pulls: PullRunner): void {
  if (publish.source !== 'PULL_FROM_URL' || publish.transferCompletedAt !== null || publish.failedAt !== null) return;
  const deadline = publish.createdAt + config.pullTimeoutMs;
  if (now < deadline) return;
  pulls.abort(publish.publishId);
  publish.failedAt = deadline;
  publish.failReason = publish.mediaType === 'PHOTO' ? 'photo_pull_failed' : 'video_pull_failed';
}
