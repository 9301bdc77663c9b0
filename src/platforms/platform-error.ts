/**
 * How the scheduler and the connect flow should react to a platform failure. Every adapter maps each of its
 * platform's error codes to one of these through a lookup table (`<name>/errors.ts`).
 * - auth_expired: refresh the token once, then retry.
 * - auth_revoked: the user must reconnect; the account becomes needs_reauth.
 * - rate_limited: wait until `retryAfterMs`, without spending an attempt.
 * - content_rejected / media_rejected: fail at once; retrying the same content cannot succeed.
 * - transient: retry with backoff.
 * - unknown: the outcome is not known (a timeout after the request was sent); reconcile before any resend.
 */
export type PlatformErrorKind =
  | 'auth_expired'
  | 'auth_revoked'
  | 'rate_limited'
  | 'content_rejected'
  | 'media_rejected'
  | 'transient'
  | 'unknown';

/** Every kind, for exhaustive tests and docs. */
export const PLATFORM_ERROR_KINDS: readonly PlatformErrorKind[] = [
  'auth_expired',
  'auth_revoked',
  'rate_limited',
  'content_rejected',
  'media_rejected',
  'transient',
  'unknown',
];

/** Options of a PlatformError beyond kind, platform and message. */
export interface PlatformErrorOptions {
  /** The platform's own error code (`spam_risk_too_many_posts`, `invalid_grant` …). */
  platformCode?: string | undefined;
  /** HTTP status the platform answered, when there was an answer. */
  status?: number | undefined;
  /** How long to wait before trying again (rate limits, Retry-After). */
  retryAfterMs?: number | undefined;
  /** The platform's error payload, verbatim, for the API's `platformError`. */
  platformError?: Record<string, unknown> | undefined;
  /**
   * The platform confirmed that the post was not published (TikTok status FAILED, a cancelled upload), so the caller
   * may clear the target's `externalRef` and send it again without risking a duplicate (Default: false).
   */
  notPublished?: boolean | undefined;
  cause?: unknown;
}

/** A failure reported by (or while talking to) a platform, classified for the caller. */
export class PlatformError extends Error {
  readonly kind: PlatformErrorKind;
  readonly platform: string;
  readonly platformCode: string | undefined;
  readonly status: number | undefined;
  readonly retryAfterMs: number | undefined;
  readonly platformError: Record<string, unknown> | undefined;
  /** True when the platform confirmed nothing was published; see {@link PlatformErrorOptions.notPublished}. */
  readonly notPublished: boolean;

  constructor(kind: PlatformErrorKind, platform: string, message: string, options: PlatformErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'PlatformError';
    this.kind = kind;
    this.platform = platform;
    this.platformCode = options.platformCode;
    this.status = options.status;
    this.retryAfterMs = options.retryAfterMs;
    this.platformError = options.platformError;
    this.notPublished = options.notPublished ?? false;
  }
}
