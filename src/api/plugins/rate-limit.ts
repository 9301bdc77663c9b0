/**
 * Fixed one-minute windows per caller (an API key, or the client address for unauthenticated requests). The reset
 * time is reported as Unix seconds, which is what the SDK's RateLimitError reads from X-RateLimit-Reset.
 * Counts are per process: behind a load balancer with N API processes a key can reach up to N × the limit.
 */
export interface RateLimiter {
  /** Counts one request and reports the window's state. */
  hit(callerKey: string): RateLimitState;
}

/** The caller's window after a hit. */
export interface RateLimitState {
  limit: number;
  remaining: number;
  /** Window end, epoch seconds. */
  resetSeconds: number;
  /** True when this hit is over the limit. */
  limited: boolean;
  /** Seconds until the window ends (at least 1). */
  retryAfterSeconds: number;
}

const WINDOW_MS = 60_000;

/** Creates a limiter allowing `limit` requests per minute per caller. */
export function createRateLimiter(limit: number, now: () => number): RateLimiter {
  const windows = new Map<string, { start: number; count: number }>();
  let lastSweep = now();
  return {
    hit(callerKey) {
      const t = now();
      if (t - lastSweep > WINDOW_MS) {
        for (const [key, window] of windows) if (t - window.start >= WINDOW_MS) windows.delete(key);
        lastSweep = t;
      }
      let window = windows.get(callerKey);
      if (!window || t - window.start >= WINDOW_MS) {
        window = { start: t, count: 0 };
        windows.set(callerKey, window);
      }
      window.count += 1;
      const end = window.start + WINDOW_MS;
      return {
        limit,
        remaining: Math.max(0, limit - window.count),
        resetSeconds: Math.ceil(end / 1000),
        limited: window.count > limit,
        retryAfterSeconds: Math.max(1, Math.ceil((end - t) / 1000)),
      };
    },
  };
}
