import type { PlatformErrorKind } from '../platforms/platform-error.js';

/** What the scheduler knows when an attempt fails. */
export interface FailureFacts {
  /** The platform error kind; `internal` for Outbox's own failures (a store error, a bug). */
  kind: PlatformErrorKind | 'internal';
  /** Transient attempts spent on the target, counting this one. */
  attempts: number;
  maxAttempts: number;
  /** The platform handle of the publish is known, so a later attempt can reconcile by it. */
  hasExternalRef: boolean;
  /** A request that may have published was sent without a handle coming back. */
  mayHaveSent: boolean;
  /** The adapter says such a send cannot have published (`canResendWithoutRef`). */
  resendSafe: boolean;
  /** The platform's wait, for rate limits. */
  retryAfterMs: number | undefined;
  now: number;
  retryBaseMs: number;
  retryMaxDelayMs: number;
  /** A number in [0, 1) for the jitter. */
  random: number;
}

/** What to do with the target. */
export type FailureDecision =
  /** Try again at `runAt`; `spendsAttempt` false for rate limits, which are the platform's pacing, not a failure. */
  | { action: 'retry'; runAt: number; spendsAttempt: boolean }
  /** Fail for good. */
  | { action: 'fail' }
  /** The outcome cannot be proven either way: stop, and ask a person to check. */
  | { action: 'unconfirmed' }
  /** The account's authorization is gone: mark it needs_reauth and fail the target. */
  | { action: 'reauth' };

/** When no Retry-After came with a rate limit (ms). */
export const DEFAULT_RATE_LIMIT_WAIT_MS = 60_000;

/** Exponential backoff with full jitter: uniformly random in [0, min(cap, base * 2^(attempt-1))]. */
export function backoffDelay(attempt: number, baseMs: number, capMs: number, random: number): number {
  const ceiling = Math.min(capMs, baseMs * 2 ** Math.max(0, attempt - 1));
  return Math.floor(random * ceiling);
}

/**
 * The scheduler invariants' failure rules as one pure function: a rate limit defers without spending an attempt;
 * revoked authorization asks for reconnection; rejected content or media fails at once; transient and unknown
 * failures back off with full jitter until attempts run out. Before any resend, a send that may have reached the
 * platform must be provable: with a handle the next attempt reconciles by it; without one the target is re-sent
 * only when the adapter says that cannot duplicate, and is otherwise unconfirmed.
 */
export function decideFailure(facts: FailureFacts): FailureDecision {
  if (facts.kind === 'rate_limited') {
    return { action: 'retry', runAt: facts.now + (facts.retryAfterMs ?? DEFAULT_RATE_LIMIT_WAIT_MS), spendsAttempt: false };
  }
  if (facts.kind === 'auth_revoked') return { action: 'reauth' };
  if (facts.kind === 'content_rejected' || facts.kind === 'media_rejected') return { action: 'fail' };
  const unprovable = !facts.hasExternalRef && facts.mayHaveSent && !facts.resendSafe;
  if (unprovable) return { action: 'unconfirmed' };
  if (facts.attempts >= facts.maxAttempts) return facts.hasExternalRef ? { action: 'unconfirmed' } : { action: 'fail' };
  const delay = backoffDelay(facts.attempts, facts.retryBaseMs, facts.retryMaxDelayMs, facts.random);
  return { action: 'retry', runAt: facts.now + delay, spendsAttempt: true };
}
