import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PLATFORM_ERROR_KINDS } from '../platforms/platform-error.js';
import { backoffDelay, decideFailure, type FailureFacts } from './failure-policy.js';

const base: FailureFacts = {
  kind: 'transient',
  attempts: 1,
  maxAttempts: 5,
  hasExternalRef: false,
  mayHaveSent: false,
  resendSafe: false,
  retryAfterMs: undefined,
  now: 1_000_000,
  retryBaseMs: 1_000,
  retryMaxDelayMs: 60_000,
  random: 0.5,
};

describe('decideFailure', () => {
  it('defers a rate limit until the reset without spending an attempt', () => {
    expect(decideFailure({ ...base, kind: 'rate_limited', retryAfterMs: 5_000, attempts: 99 })).toEqual({ action: 'retry', runAt: 1_005_000, spendsAttempt: false });
  });

  it('fails rejected content at once and asks for reconnection on revoked authorization', () => {
    expect(decideFailure({ ...base, kind: 'content_rejected' })).toEqual({ action: 'fail' });
    expect(decideFailure({ ...base, kind: 'media_rejected' })).toEqual({ action: 'fail' });
    expect(decideFailure({ ...base, kind: 'auth_revoked' })).toEqual({ action: 'reauth' });
  });

  it('never re-sends what may have been published unless the adapter proves it safe', () => {
    expect(decideFailure({ ...base, kind: 'unknown', mayHaveSent: true })).toEqual({ action: 'unconfirmed' });
    expect(decideFailure({ ...base, kind: 'unknown', mayHaveSent: true, resendSafe: true }).action).toBe('retry');
    expect(decideFailure({ ...base, kind: 'unknown', mayHaveSent: true, hasExternalRef: true }).action).toBe('retry');
  });

  it('ends every failure within maxAttempts spent attempts', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...PLATFORM_ERROR_KINDS, 'internal' as const),
        fc.integer({ min: 1, max: 10 }),
        fc.boolean(),
        fc.boolean(),
        fc.boolean(),
        fc.double({ min: 0, max: 0.999, noNaN: true }),
        (kind, maxAttempts, hasExternalRef, mayHaveSent, resendSafe, random) => {
          const facts = { ...base, kind, maxAttempts, attempts: maxAttempts, hasExternalRef, mayHaveSent, resendSafe, random };
          const decision = decideFailure(facts);
          // At the last attempt only a rate limit may come back, and it spends nothing.
          if (decision.action === 'retry') expect([kind, decision.spendsAttempt]).toEqual(['rate_limited', false]);
        },
      ),
    );
  });
});

describe('backoffDelay', () => {
  it('stays within [0, min(cap, base * 2^(n-1))]', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 40 }), fc.double({ min: 0, max: 0.999999, noNaN: true }), (attempt, random) => {
        const delay = backoffDelay(attempt, 1_000, 60_000, random);
        expect(delay).toBeGreaterThanOrEqual(0);
        expect(delay).toBeLessThanOrEqual(Math.min(60_000, 1_000 * 2 ** (attempt - 1)));
      }),
    );
  });
});
