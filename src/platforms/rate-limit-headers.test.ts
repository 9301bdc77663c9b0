import { describe, expect, it } from 'vitest';
import { parseRateLimitHeaders, parseRateLimitReset, parseRetryAfter, waitFromRateLimit } from './rate-limit-headers.js';

const NOW = Date.UTC(2025, 0, 15, 12, 0, 0);

describe('rate-limit headers', () => {
  it('reads Retry-After as seconds or as an HTTP date', () => {
    expect(parseRetryAfter('120', NOW)).toBe(120_000);
    expect(parseRetryAfter('1.5', NOW)).toBe(1500);
    expect(parseRetryAfter('Wed, 15 Jan 2025 12:00:30 GMT', NOW)).toBe(30_000);
    expect(parseRetryAfter('Wed, 15 Jan 2025 11:00:00 GMT', NOW)).toBe(0);
    expect(parseRetryAfter(['5', '9'], NOW)).toBe(5000);
    expect(parseRetryAfter('soon', NOW)).toBeUndefined();
    expect(parseRetryAfter('-3', NOW)).toBeUndefined();
    expect(parseRetryAfter(undefined, NOW)).toBeUndefined();
  });

  it('reads X-RateLimit-Reset as epoch seconds or as seconds from now', () => {
    expect(parseRateLimitReset(String(NOW / 1000 + 60), NOW)).toBe(NOW + 60_000);
    expect(parseRateLimitReset('60', NOW)).toBe(NOW + 60_000);
    expect(parseRateLimitReset('x', NOW)).toBeUndefined();
  });

  it('collects the headers and tells how long to wait', () => {
    const info = parseRateLimitHeaders({ 'x-ratelimit-limit': '6', 'x-ratelimit-remaining': '0', 'x-ratelimit-reset': '45' }, NOW);
    expect(info).toEqual({ limit: 6, remaining: 0, resetAt: NOW + 45_000, retryAfterMs: undefined });
    expect(waitFromRateLimit(info, NOW)).toBe(45_000);
    expect(waitFromRateLimit({ ...info, retryAfterMs: 5000 }, NOW)).toBe(5000);
    expect(waitFromRateLimit({ ...info, remaining: 3 }, NOW)).toBeUndefined();
    expect(parseRateLimitHeaders({}, NOW)).toEqual({ limit: undefined, remaining: undefined, resetAt: undefined, retryAfterMs: undefined });
  });
});
