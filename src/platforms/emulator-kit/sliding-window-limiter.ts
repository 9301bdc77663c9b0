import type { Clock } from '../../clock.js';
import { createRollingWindowLog } from './rolling-window-log.js';

/** The verdict of one {@link SlidingWindowLimiter.take} call. */
export interface LimiterDecision {
  /** True when the request fits under the limit and was counted. */
  allowed: boolean;
  /** Requests counted in the window after this decision. */
  count: number;
  /** When refused: milliseconds until the oldest counted request leaves the window (0 when allowed). */
  retryAfterMs: number;
  /** Milliseconds until the oldest counted request leaves the window, freeing one slot (0 when none is counted). */
  resetMs: number;
}

/**
 * A sliding-window request limiter: at most `limit` admitted requests per key in any window of `windowMs`. Only
 * admitted requests are counted, so a client that backs off after a refusal gets through once the window slides,
 * the way the platforms describe their per-token limits.
 */
export interface SlidingWindowLimiter {
  /** Admits one request for `key` if fewer than `limit` were admitted in the window, and counts it. */
  take(key: string, limit: number): LimiterDecision;
  /** Forgets every counted request. */
  clear(): void;
}

/** Options of {@link createSlidingWindowLimiter}. */
export interface SlidingWindowLimiterOptions {
  /** Source of the current time. */
  clock: Clock;
  /** Window length in milliseconds (Default: 60000). */
  windowMs?: number;
}

/** Creates a {@link SlidingWindowLimiter}. */
export function createSlidingWindowLimiter(options: SlidingWindowLimiterOptions): SlidingWindowLimiter {
  const log = createRollingWindowLog({ clock: options.clock, windowMs: options.windowMs ?? 60_000 });
  return {
    take(key, limit) {
      const count = log.count(key);
      if (count >= limit) {
        const wait = log.msUntilOldestExpires(key);
        return { allowed: false, count, retryAfterMs: wait, resetMs: wait };
      }
      log.record(key);
      return { allowed: true, count: count + 1, retryAfterMs: 0, resetMs: log.msUntilOldestExpires(key) };
    },
    clear: () => log.clear(),
  };
}
