import { PlatformError, type PlatformErrorKind } from '../platform-error.js';

/** What the adapter does with one TikTok code: the kind, and how long to wait when it is a cap. */
export interface TikTokErrorRule {
  kind: PlatformErrorKind;
  /** Wait before trying again (caps and rate limits) (Default: none). */
  retryAfterMs?: number;
  /** Why, for docs and messages. */
  meaning: string;
}

const MINUTE = 60_000;
const DAY = 24 * 60 * MINUTE;

/** The platform id on every error. */
export const TIKTOK = 'tiktok';

/**
 * v2 data-endpoint `error.code` values (shared/platforms/tiktok.md, Errors). Rate limits are per token per sliding
 * minute, so a 429 waits a minute unless `Retry-After` says otherwise; the daily caps wait a day.
 */
export const TIKTOK_API_ERRORS: Readonly<Record<string, TikTokErrorRule>> = {
  access_token_invalid: { kind: 'auth_expired', meaning: 'The access token expired or was revoked: refresh once, then retry.' },
  scope_not_authorized: { kind: 'auth_revoked', meaning: 'The account did not grant a scope this call needs: reconnect.' },
  scope_permission_missed: { kind: 'auth_revoked', meaning: 'The app is not approved for a scope this call needs.' },
  invalid_param: { kind: 'content_rejected', meaning: 'TikTok refused a field of the request.' },
  invalid_params: { kind: 'content_rejected', meaning: 'TikTok refused a field of the request.' },
  invalid_file_upload: { kind: 'media_rejected', meaning: 'TikTok refused the file description.' },
  app_version_check_failed: { kind: 'content_rejected', meaning: "The creator's TikTok app is older than 31.8, needed for drafts." },
  privacy_level_option_mismatch: { kind: 'content_rejected', meaning: "The privacy level is not one of the creator's options." },
  url_ownership_unverified: { kind: 'media_rejected', meaning: 'The media URL is not under a domain verified for the app.' },
  spam_risk_too_many_posts: { kind: 'rate_limited', retryAfterMs: DAY, meaning: "The creator reached TikTok's daily post cap." },
  spam_risk_too_many_pending_share: { kind: 'rate_limited', retryAfterMs: DAY, meaning: 'The creator has 5 drafts pending in the inbox.' },
  spam_risk_user_banned_from_posting: { kind: 'content_rejected', meaning: 'The account is banned from posting.' },
  reached_active_user_cap: { kind: 'rate_limited', retryAfterMs: DAY, meaning: "The app reached its daily cap of posting users." },
  unaudited_client_can_only_post_to_private_accounts: {
    kind: 'content_rejected',
    meaning: 'The app is not audited: it may only post SELF_ONLY to private accounts.',
  },
  rate_limit_exceeded: { kind: 'rate_limited', retryAfterMs: MINUTE, meaning: 'Too many requests with this token this minute.' },
  internal_error: { kind: 'transient', meaning: 'A fault at TikTok.' },
  invalid_publish_id: { kind: 'content_rejected', meaning: 'TikTok does not know this publish_id.' },
  token_not_authorized_for_specified_publish_id: {
    kind: 'content_rejected',
    meaning: 'The publish_id belongs to another account or app.',
  },
};

/**
 * Token and revoke endpoint `error` values (flat OAuth errors). Only `invalid_grant` says something about the
 * account's own grant; the others are faults of the app's request or configuration (a wrong client secret), which
 * must not mark every account for reconnection: they are `content_rejected` until an operator fixes them.
 */
export const TIKTOK_OAUTH_ERRORS: Readonly<Record<string, TikTokErrorRule>> = {
  invalid_grant: { kind: 'auth_revoked', meaning: 'The code or refresh token is invalid, used or expired: reconnect.' },
  invalid_request: { kind: 'content_rejected', meaning: 'The request was malformed (a wrong PKCE verifier, a missing field).' },
  invalid_client: { kind: 'content_rejected', meaning: "The app's client key or secret is wrong: fix the configuration." },
  unauthorized_client: { kind: 'content_rejected', meaning: 'The app may not use this grant.' },
  unsupported_grant_type: { kind: 'content_rejected', meaning: 'The grant type is not supported.' },
  invalid_scope: { kind: 'content_rejected', meaning: 'A requested scope is not valid for the app.' },
  access_denied: { kind: 'auth_revoked', meaning: 'The person declined the consent page.' },
  server_error: { kind: 'transient', meaning: 'A fault at TikTok.' },
  temporarily_unavailable: { kind: 'transient', meaning: 'TikTok is briefly unavailable.' },
};

/**
 * `fail_reason` of a FAILED publish. Media checks fail for good; pulls and internal faults are worth a whole new
 * post; the spam family and cancellations are terminal. A FAILED publish never becomes a post, so every error built
 * from this table is marked `notPublished`.
 */
export const TIKTOK_FAIL_REASONS: Readonly<Record<string, TikTokErrorRule>> = {
  file_format_check_failed: { kind: 'media_rejected', meaning: 'TikTok cannot read the file format.' },
  duration_check_failed: { kind: 'media_rejected', meaning: "The video is longer or shorter than the creator may post." },
  frame_rate_check_failed: { kind: 'media_rejected', meaning: 'The frame rate is outside 23–60 fps.' },
  picture_size_check_failed: { kind: 'media_rejected', meaning: 'The resolution is outside what TikTok accepts.' },
  video_pull_failed: { kind: 'transient', meaning: 'TikTok could not download the video URL.' },
  photo_pull_failed: { kind: 'transient', meaning: 'TikTok could not download a photo URL.' },
  internal: { kind: 'transient', meaning: 'TikTok failed internally while processing.' },
  publish_cancelled: { kind: 'content_rejected', meaning: 'The publish was cancelled.' },
  auth_removed: { kind: 'auth_revoked', meaning: 'The creator removed the app’s access while the post was processing.' },
  spam_risk_text: { kind: 'content_rejected', meaning: 'TikTok flagged the caption as spam.' },
  spam_risk: { kind: 'content_rejected', meaning: 'TikTok flagged the post as spam.' },
  spam_risk_too_many_posts: { kind: 'rate_limited', retryAfterMs: DAY, meaning: "The creator reached TikTok's daily post cap." },
  spam_risk_user_banned_from_posting: { kind: 'content_rejected', meaning: 'The account is banned from posting.' },
};

/**
 * Codes no table lists fall back on the HTTP status: 401 refresh, 429 wait, 5xx retry, any other answer (4xx or a
 * 2xx carrying an error) fails the post, so an unknown code can never loop.
 */
export function fallbackRule(httpStatus: number): TikTokErrorRule {
  if (httpStatus === 401) return { kind: 'auth_expired', meaning: 'Unauthorized.' };
  if (httpStatus === 429) return { kind: 'rate_limited', retryAfterMs: MINUTE, meaning: 'Too many requests.' };
  if (httpStatus >= 500) return { kind: 'transient', meaning: 'A fault at TikTok.' };
  return { kind: 'content_rejected', meaning: 'TikTok refused the request.' };
}

/** An unlisted fail_reason is terminal: retrying a post TikTok failed for a reason we cannot name could loop. */
const UNKNOWN_FAIL_REASON: TikTokErrorRule = { kind: 'content_rejected', meaning: 'TikTok failed the post.' };

/** What is known about an error answer of a v2 data endpoint. */
export interface TikTokApiFailure {
  code: string;
  httpStatus: number;
  message?: string | undefined;
  logId?: string | undefined;
  /** From `Retry-After` / `X-RateLimit-Reset`, when TikTok sends them. */
  retryAfterMs?: number | undefined;
  /**
   * Whether the call can be repeated safely. A 5xx on a call that changes state (init) may come after TikTok acted
   * (init is not idempotent), so it becomes `unknown` rather than `transient`.
   */
  idempotent: boolean;
  operation: string;
}

/** Builds the PlatformError for an error answer of a v2 data endpoint. */
export function tiktokApiError(failure: TikTokApiFailure): PlatformError {
  const rule = TIKTOK_API_ERRORS[failure.code] ?? fallbackRule(failure.httpStatus);
  const ambiguous = rule.kind === 'transient' && failure.httpStatus >= 500 && !failure.idempotent;
  const kind = ambiguous ? 'unknown' : rule.kind;
  const detail = failure.message === undefined || failure.message === '' ? rule.meaning : failure.message;
  const message = `TikTok ${failure.operation} failed: ${failure.code} (HTTP ${failure.httpStatus}). ${detail}`;
  return new PlatformError(kind, TIKTOK, message, {
    platformCode: failure.code,
    status: failure.httpStatus,
    retryAfterMs: rule.kind === 'rate_limited' ? (failure.retryAfterMs ?? rule.retryAfterMs) : undefined,
    platformError: { code: failure.code, message: failure.message ?? '', log_id: failure.logId ?? '' },
  });
}

/** What is known about an error answer of the token or revoke endpoint. */
export interface TikTokOAuthFailure {
  error: string;
  description?: string | undefined;
  httpStatus: number;
  logId?: string | undefined;
  /**
   * Whether the call can be repeated safely. A refresh that fails with a 5xx may already have rotated the refresh
   * token, so it becomes `unknown` (do not blindly retry it) rather than `transient`.
   */
  idempotent: boolean;
}

/** Builds the PlatformError for a flat OAuth error of the token or revoke endpoint. */
export function tiktokOAuthError(failure: TikTokOAuthFailure): PlatformError {
  const { error, description, httpStatus } = failure;
  const rule = TIKTOK_OAUTH_ERRORS[error] ?? fallbackRule(httpStatus);
  const ambiguous = rule.kind === 'transient' && !failure.idempotent;
  const message = `TikTok OAuth failed: ${error} (HTTP ${httpStatus}). ${description ?? rule.meaning}`;
  return new PlatformError(ambiguous ? 'unknown' : rule.kind, TIKTOK, message, {
    platformCode: error,
    status: httpStatus,
    platformError: { error, error_description: description ?? '', log_id: failure.logId ?? '' },
  });
}

/** Builds the PlatformError for a publish that ended FAILED. */
export function tiktokFailReasonError(failReason: string | undefined, publishId: string): PlatformError {
  const reason = failReason ?? 'unknown';
  const rule = TIKTOK_FAIL_REASONS[reason] ?? UNKNOWN_FAIL_REASON;
  return new PlatformError(rule.kind, TIKTOK, `TikTok failed the post ${publishId}: ${reason}. ${rule.meaning}`, {
    platformCode: reason,
    retryAfterMs: rule.retryAfterMs,
    platformError: { publish_id: publishId, status: 'FAILED', fail_reason: reason },
    notPublished: true,
  });
}
