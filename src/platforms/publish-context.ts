import type { Clock } from '../clock.js';
import type { PlatformError } from './platform-error.js';

/** What every call of an adapter on behalf of one account needs. */
export interface PlatformCallContext {
  /** A valid access token of the account (the caller refreshes it on auth_expired). */
  accessToken: string;
  /** Time source for deadlines and token expiry maths. */
  clock: Clock;
  /** Cancels outbound requests (graceful shutdown) (Default: never aborted). */
  signal?: AbortSignal | undefined;
  /** The account's handle as stored at connect time; used to build post URLs (Default: looked up when needed). */
  username?: string | undefined;
}

/** What `publish` needs besides the target: the account's token, the resume handle and the caller's time. */
export interface PublishContext extends PlatformCallContext {
  /**
   * The platform handle a previous attempt of this target saved (TikTok's `publish_id`). When set, `publish` never
   * starts a new upload: it reconciles by that handle (polls its status) so a retry cannot post twice.
   */
  externalRef?: string | undefined;
  /**
   * Persists the platform handle durably. The adapter calls it the moment the platform returns the handle and
   * BEFORE sending any byte or further request, and awaits it: a crash after that point resumes by the handle.
   */
  saveExternalRef(ref: string): Promise<void>;
  /** Waits `ms` milliseconds of the caller's time; tests pass one that advances a fake clock. */
  sleep(ms: number): Promise<void>;
}

/** How a publish ended, when it did not fail. */
export type PublishResult =
  | {
      status: 'published';
      /** The post's id on the platform, once the platform reveals it (TikTok: after moderation of public posts). */
      platformPostId?: string | undefined;
      /** A link to the post, when the id (and the account handle) are known. */
      platformPostUrl?: string | undefined;
      externalRef: string;
    }
  /** Accepted and still processing: the caller polls `getStatus(externalRef)` after `pollAfterMs`. */
  | { status: 'processing'; externalRef: string; pollAfterMs: number }
  /** Delivered to the account's drafts (TikTok inbox); the creator finishes it in the app. */
  | { status: 'inbox'; externalRef: string };

/**
 * What `getStatus` reports for a handle: one of the publish results, or a failure the platform confirmed. A failed
 * status is returned, not thrown, so it is never confused with a failure of the status call itself.
 */
export type PublishStatus = PublishResult | { status: 'failed'; externalRef: string; error: PlatformError };
