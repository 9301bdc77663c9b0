import { PlatformError } from '../platform-error.js';
import type { PlatformCallContext, PublishResult, PublishStatus } from '../publish-context.js';
import { statusResponseSchema, TIKTOK_PATHS, userInfoSchema, type TikTokStatusResponse } from './api.js';
import type { TikTokClient } from './client.js';
import { tiktokFailReasonError } from './errors.js';

/** Reads `status/fetch` for one publish_id. */
export function fetchPublishStatus(client: TikTokClient, context: PlatformCallContext, publishId: string): Promise<TikTokStatusResponse> {
  return client.data({
    operation: 'status',
    method: 'POST',
    path: TIKTOK_PATHS.statusFetch,
    accessToken: context.accessToken,
    body: { publish_id: publishId },
    idempotent: true,
    schema: statusResponseSchema,
    signal: context.signal,
  });
}

/** Public link of a post: `https://www.tiktok.com/@{username}/video/{id}` (TikTok serves photo posts there too). */
export function tiktokPostUrl(username: string, postId: string): string {
  return `https://www.tiktok.com/@${encodeURIComponent(username)}/video/${postId}`;
}

/** The handle for post links: the one the caller knows, else `user/info` (needs user.info.profile; best effort). */
async function resolveUsername(client: TikTokClient, context: PlatformCallContext): Promise<string | undefined> {
  if (context.username !== undefined) return context.username;
  try {
    const data = await client.data({
      operation: 'user.info',
      method: 'GET',
      path: TIKTOK_PATHS.userInfo,
      query: { fields: 'open_id,username' },
      accessToken: context.accessToken,
      idempotent: true,
      schema: userInfoSchema,
      signal: context.signal,
    });
    return data.user.username;
  } catch {
    // A link is a convenience; the post is published either way.
    return undefined;
  }
}

/** Turns one status answer into the adapter's status (FAILED becomes a `failed` entry with the mapped error). */
export async function interpretStatus(
  client: TikTokClient,
  context: PlatformCallContext,
  publishId: string,
  data: TikTokStatusResponse,
): Promise<PublishStatus> {
  switch (data.status) {
    case 'FAILED':
      return { status: 'failed', externalRef: publishId, error: tiktokFailReasonError(data.fail_reason, publishId) };
    case 'SEND_TO_USER_INBOX':
      return { status: 'inbox', externalRef: publishId };
    case 'PUBLISH_COMPLETE': {
      const postId = data.publicaly_available_post_id[0];
      if (postId === undefined) return { status: 'published', externalRef: publishId };
      const id = String(postId);
      const username = await resolveUsername(client, context);
      const url = username === undefined ? undefined : tiktokPostUrl(username, id);
      return { status: 'published', externalRef: publishId, platformPostId: id, platformPostUrl: url };
    }
    case 'PROCESSING_UPLOAD':
    case 'PROCESSING_DOWNLOAD':
      return { status: 'processing', externalRef: publishId, pollAfterMs: 0 };
  }
}

/** How {@link pollPublish} waits. */
export interface PollOptions {
  /**
   * Longest wait between two status calls (30 per minute are allowed). The first waits are shorter, doubling from
   * {@link FIRST_POLL_MS}, so a post TikTok finishes quickly is not held for a whole interval.
   */
  intervalMs: number;
  /** Caller time to keep polling before answering `processing`. */
  budgetMs: number;
  /** `pollAfterMs` of a `processing` answer. */
  pollAfterMs: number;
  /** Keep polling after PUBLISH_COMPLETE until the public post id appears (public direct posts only). */
  waitForPostId: boolean;
  sleep(ms: number): Promise<void>;
}

function retryableWhilePolling(error: unknown): error is PlatformError {
  return error instanceof PlatformError && (error.kind === 'transient' || error.kind === 'rate_limited');
}

/** The first wait between status calls; later waits double up to the interval (ms). */
export const FIRST_POLL_MS = 500;

/**
 * Polls a publish until it is final or the budget is spent. FAILED rejects with the fail_reason's PlatformError
 * (marked `notPublished`). Transient trouble with the status call itself does not fail a post whose bytes were sent:
 * it keeps polling and, at the end of the budget, answers `processing` so the caller polls later.
 */
export async function pollPublish(client: TikTokClient, context: PlatformCallContext, publishId: string, options: PollOptions): Promise<PublishResult> {
  const deadline = context.clock.now() + options.budgetMs;
  const processing: PublishResult = { status: 'processing', externalRef: publishId, pollAfterMs: options.pollAfterMs };
  for (let poll = 0; ; poll += 1) {
    let data: TikTokStatusResponse | undefined;
    let wait = Math.min(options.intervalMs, FIRST_POLL_MS * 2 ** Math.min(poll, 20));
    try {
      data = await fetchPublishStatus(client, context, publishId);
    } catch (error) {
      if (!retryableWhilePolling(error)) throw error;
      if (context.clock.now() >= deadline) return processing;
      wait = Math.max(wait, error.retryAfterMs ?? 0);
    }
    if (data !== undefined) {
      const status = await interpretStatus(client, context, publishId, data);
      if (status.status === 'failed') throw status.error;
      const awaitingId = status.status === 'published' && status.platformPostId === undefined && options.waitForPostId;
      if (status.status !== 'processing' && !awaitingId) return status;
      if (context.clock.now() >= deadline) return status.status === 'processing' ? processing : status;
    }
    await options.sleep(Math.max(1, Math.min(wait, deadline - context.clock.now())));
  }
}
