import { describe, expect, it } from 'vitest';
import { createFakeClock } from '../../clock.js';
import { createSlidingWindowLimiter } from './sliding-window-limiter.js';

describe('createSlidingWindowLimiter', () => {
  it('admits `limit` requests per sliding minute and says when the next one fits', () => {
    const clock = createFakeClock(0);
    const limiter = createSlidingWindowLimiter({ clock });
    for (let index = 0; index < 6; index += 1) {
      expect(limiter.take('token', 6)).toMatchObject({ allowed: true, count: index + 1, resetMs: 60_000 - index * 5_000 });
      clock.advance(5_000);
    }
    expect(limiter.take('token', 6)).toEqual({ allowed: false, count: 6, retryAfterMs: 30_000, resetMs: 30_000 });
    clock.advance(29_999);
    expect(limiter.take('token', 6).allowed).toBe(false);
    clock.advance(1);
    expect(limiter.take('token', 6).allowed).toBe(true);
    expect(limiter.take('token', 6).allowed).toBe(false);
  });

  it('does not count refused requests and keeps keys apart', () => {
    const clock = createFakeClock(0);
    const limiter = createSlidingWindowLimiter({ clock, windowMs: 1000 });
    limiter.take('a', 1);
    for (let index = 0; index < 5; index += 1) expect(limiter.take('a', 1).allowed).toBe(false);
    expect(limiter.take('b', 1).allowed).toBe(true);
    clock.advance(1000);
    expect(limiter.take('a', 1).allowed).toBe(true);
    limiter.clear();
    expect(limiter.take('a', 1).allowed).toBe(true);
  });
});
