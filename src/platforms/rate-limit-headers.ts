/** Rate-limit state a platform reported in its response headers. Every field is absent when not sent. */
export interface RateLimitInfo {
  /** `X-RateLimit-Limit`: requests allowed in the window. */
  limit?: number | undefined;
  /** `X-RateLimit-Remaining`: requests left in the window. */
  remaining?: number | undefined;
  /** `X-RateLimit-Reset` as epoch milliseconds. */
  resetAt?: number | undefined;
  /** `Retry-After` as milliseconds from now. */
  retryAfterMs?: number | undefined;
}

/** Header values as Node delivers them. */
type HeaderValue = string | string[] | number | undefined;

// Epoch seconds have been above 1e9 since 2001; smaller values are a number of seconds from now (GitHub and X send
// epoch seconds, others the delta). The same cut-off is used by most client libraries.
const EPOCH_SECONDS_THRESHOLD = 1_000_000_000;

function first(value: HeaderValue): string | undefined {
  if (value === undefined) return undefined;
  if (Array.isArray(value)) return value[0];
  return String(value);
}

function nonNegativeNumber(value: HeaderValue): number | undefined {
  const text = first(value)?.trim();
  if (text === undefined || !/^\d+(\.\d+)?$/.test(text)) return undefined;
  return Number(text);
}

/**
 * Parses `Retry-After`: delay-seconds (`120`) or an HTTP date (`Wed, 21 Oct 2015 07:28:00 GMT`), as milliseconds
 * from `nowMs`. A date in the past gives 0; anything unparseable gives undefined.
 */
export function parseRetryAfter(value: HeaderValue, nowMs: number): number | undefined {
  const seconds = nonNegativeNumber(value);
  if (seconds !== undefined) return Math.round(seconds * 1000);
  const text = first(value)?.trim();
  // An HTTP date always names its month; without this check Date.parse reads "-3" as a year.
  if (text === undefined || !/[a-z]{3}/i.test(text)) return undefined;
  const at = Date.parse(text);
  return Number.isNaN(at) ? undefined : Math.max(0, at - nowMs);
}

/** Parses `X-RateLimit-Reset` (epoch seconds, or seconds from now when small) into epoch milliseconds. */
export function parseRateLimitReset(value: HeaderValue, nowMs: number): number | undefined {
  const seconds = nonNegativeNumber(value);
  if (seconds === undefined) return undefined;
  return seconds >= EPOCH_SECONDS_THRESHOLD ? Math.round(seconds * 1000) : nowMs + Math.round(seconds * 1000);
}

/** Reads `Retry-After` and `X-RateLimit-Limit/Remaining/Reset` from response headers (lower-case names). */
export function parseRateLimitHeaders(headers: Record<string, HeaderValue>, nowMs: number): RateLimitInfo {
  return {
    limit: nonNegativeNumber(headers['x-ratelimit-limit']),
    remaining: nonNegativeNumber(headers['x-ratelimit-remaining']),
    resetAt: parseRateLimitReset(headers['x-ratelimit-reset'], nowMs),
    retryAfterMs: parseRetryAfter(headers['retry-after'], nowMs),
  };
}

/**
 * How long to wait before the next request is allowed: `Retry-After` when sent, else the time until the window
 * resets when nothing remains in it, else undefined.
 */
export function waitFromRateLimit(info: RateLimitInfo, nowMs: number): number | undefined {
  if (info.retryAfterMs !== undefined) return info.retryAfterMs;
  if (info.remaining === 0 && info.resetAt !== undefined) return Math.max(0, info.resetAt - nowMs);
  return undefined;
}
