import { setTimeout as delay } from 'node:timers/promises';
import type { Updateable } from 'kysely';
import type { AppContext } from '../context.js';
import { getAccessToken, markNeedsReauth } from '../core/accounts/get-access-token.js';
import { buildPublishTarget } from '../core/posts/build-publish-target.js';
import { transitionTarget } from '../core/posts/target-transition.js';
import { AppError, type ErrorCode } from '../errors.js';
import type { PlatformAdapter, PublishResult, PublishTarget } from '../platforms/adapter.js';
import { PlatformError, type PlatformErrorKind } from '../platforms/platform-error.js';
import { findAccountById, type AccountRow } from '../store/accounts-queries.js';
import {
  blockBudget,
  budgetBlockedUntil,
  closeInterruptedAttempts,
  countAttempts,
  finishAttempt,
  findPost,
  findTarget,
  insertAttempt,
  renewLeases,
  updateLeasedTarget,
  type PostRow,
  type TargetRow,
} from '../store/posts-queries.js';
import type { PostTargetsTable } from '../store/schema.js';
import { decideFailure } from './failure-policy.js';
import { dailyPostCap } from '../core/posts/daily-cap.js';

/** How one target is run. */
export interface RunTargetOptions {
  /** The lease owner (this process's instance id). */
  owner: string;
  /** Aborts the platform calls (graceful shutdown). */
  signal?: AbortSignal | undefined;
  /** Jitter source (Default: Math.random). */
  random?: () => number;
}

/** Thrown inside an attempt when this worker's lease on the target was taken over. */
class LeaseLostError extends Error {
  override name = 'LeaseLostError';
}

/** How an attempt ended, before it is written down. */
type Outcome =
  | { type: 'published'; result: Extract<PublishResult, { status: 'published' | 'inbox' }> }
  | { type: 'processing'; externalRef: string; pollAfterMs: number }
  | { type: 'cancelled'; reason: string }
  | { type: 'requeue'; reason: string }
  | { type: 'defer'; runAt: number; reason: string }
  | { type: 'fail'; code: ErrorCode; message: string; category: string }
  | { type: 'unconfirmed'; reason: string }
  | { type: 'error'; error: unknown; sent: boolean; externalRef: string | null; adapter: PlatformAdapter | undefined; target: PublishTarget | undefined; account: AccountRow | undefined }
  | { type: 'lost' };

/** Budget keys a publish to this account draws on: the account's own and the app's on that platform. */
function budgetKeys(platform: string, accountId: string): string[] {
  return [`${platform}:${accountId}`, `${platform}:app`];
}

const RELEASE = { lease_owner: null, lease_expires_at: null } as const;

const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * When a fresh send would exceed the platform's daily cap for the account (counting what it published in the last
 * 24 hours), the time the oldest of those leaves the window; undefined when there is room. Create-time checks keep
 * schedules under the cap; this catches what they cannot see (retries, posts published elsewhere through Outbox).
 */
async function dailyCapWait(ctx: AppContext, claimed: TargetRow, now: number): Promise<number | undefined> {
  if (claimed.external_ref !== null) return undefined;
  const cap = dailyPostCap(ctx, claimed.platform);
  if (cap === undefined) return undefined;
  const rows = await ctx.db
    .selectFrom('post_targets')
    .select('published_at')
    .where('account_id', '=', claimed.account_id)
    .where('status', 'in', ['published', 'unconfirmed'])
    .where('published_at', '>', now - DAY_MS)
    .orderBy('published_at')
    .execute();
  if (rows.length < cap) return undefined;
  return (rows[rows.length - cap]!.published_at ?? now) + DAY_MS;
}

/** Re-reads the target and its post right before the first byte: an edit, delete or cancel made since the claim wins. */
async function stillCurrent(ctx: AppContext, claimed: TargetRow, owner: string): Promise<string | undefined> {
  const [target, post] = await Promise.all([findTarget(ctx.db, claimed.id), findPost(ctx.db, claimed.post_id)]);
  if (!target || target.lease_owner !== owner || target.status !== 'publishing') return 'lost';
  if (target.cancel_requested === 1 || !post || post.deleted_at !== null) return 'the post was deleted before it was sent';
  if (post.version !== claimed.claimed_version) return 'the post was edited after it was claimed';
  return undefined;
}

async function attempt(ctx: AppContext, claimed: TargetRow, options: RunTargetOptions, signal: AbortSignal): Promise<Outcome> {
  const post = await findPost(ctx.db, claimed.post_id);
  if (!post || post.deleted_at !== null || claimed.cancel_requested === 1) return { type: 'cancelled', reason: 'the post was deleted before it was sent' };
  if (post.version !== claimed.claimed_version) return { type: 'requeue', reason: 'the post was edited after it was claimed' };
  const account = await findAccountById(ctx.db, claimed.account_id);
  if (!account || account.status === 'disconnected') {
    return { type: 'fail', code: 'ACCOUNT_DISCONNECTED', message: `Account ${claimed.account_id} was disconnected.`, category: 'account_issue' };
  }
  if (account.status === 'needs_reauth') {
    return { type: 'fail', code: 'ACCOUNT_NEEDS_REAUTH', message: `Account ${account.id} must be reconnected before it can publish.`, category: 'auth_expired' };
  }
  const adapter = ctx.platforms.get(claimed.platform);
  if (!adapter) {
    return { type: 'fail', code: 'PLATFORM_CAPABILITY_UNSUPPORTED', message: `Outbox cannot publish to ${claimed.platform}.`, category: 'system_error' };
  }
  const now = ctx.clock.now();
  const blockedUntil = await budgetBlockedUntil(ctx.db, budgetKeys(claimed.platform, account.id), now);
  if (blockedUntil !== undefined) return { type: 'defer', runAt: blockedUntil, reason: `${claimed.platform} asked to wait until ${new Date(blockedUntil).toISOString()}` };

  const capWait = await dailyCapWait(ctx, claimed, now);
  if (capWait !== undefined) return { type: 'defer', runAt: capWait, reason: `the account reached ${claimed.platform}'s daily cap; waiting until ${new Date(capWait).toISOString()}` };

  const target = await buildPublishTarget(ctx, post, claimed);
  let externalRef = claimed.external_ref;
  if (externalRef === null && claimed.send_started_at !== null && adapter.canResendWithoutRef?.(target) !== true) {
    return { type: 'unconfirmed', reason: 'An earlier attempt stopped after its request reached the platform and before the platform\'s handle was saved; whether it was published cannot be proven.' };
  }
  if (externalRef !== null && claimed.send_started_at !== null && now - claimed.send_started_at > ctx.config.scheduler.processingTimeoutMs) {
    return { type: 'unconfirmed', reason: `The platform kept reporting the post as processing for more than ${Math.round(ctx.config.scheduler.processingTimeoutMs / 60_000)} minutes.` };
  }
  let token = await getAccessToken(ctx, account.id);
  const stale = await stillCurrent(ctx, claimed, options.owner);
  if (stale === 'lost') return { type: 'lost' };
  if (stale !== undefined) return { type: 'cancelled', reason: stale };
  if (externalRef === null && !(await updateLeasedTarget(ctx.db, claimed.id, options.owner, { send_started_at: now, updated_at: now }))) return { type: 'lost' };

  const publishOnce = (accessToken: string) =>
    adapter.publish(
      {
        accessToken,
        clock: ctx.clock,
        signal,
        username: account.username ?? undefined,
        externalRef: externalRef ?? undefined,
        async saveExternalRef(ref) {
          if (!(await updateLeasedTarget(ctx.db, claimed.id, options.owner, { external_ref: ref, updated_at: ctx.clock.now() }))) throw new LeaseLostError();
          externalRef = ref;
        },
        sleep: (ms) => delay(ms, undefined, { signal }),
      },
      target,
    );
  try {
    let result: PublishResult;
    try {
      result = await publishOnce(token);
    } catch (error) {
      if (!(error instanceof PlatformError) || error.kind !== 'auth_expired') throw error;
      // One refresh, then one more try: refresh tokens rotate, so getAccessToken refreshes single-flight.
      token = await getAccessToken(ctx, account.id, { rejectedToken: token });
      result = await publishOnce(token);
    }
    if (result.status === 'processing') return { type: 'processing', externalRef: result.externalRef, pollAfterMs: result.pollAfterMs };
    return { type: 'published', result };
  } catch (error) {
    // A heartbeat that finds the lease taken aborts the platform calls; whatever they then throw is that abort, not a
    // platform failure, and must not reach the failure policy (which would log it as an internal error).
    if (error instanceof LeaseLostError || signal.reason instanceof LeaseLostError) return { type: 'lost' };
    return { type: 'error', error, sent: true, externalRef, adapter, target, account };
  }
}

function categoryOf(kind: PlatformErrorKind | 'internal'): string {
  switch (kind) {
    case 'auth_expired':
    case 'auth_revoked':
      return 'auth_expired';
    case 'content_rejected':
    case 'media_rejected':
      return 'user_content';
    case 'rate_limited':
      return 'platform_rate_limit';
    case 'transient':
      return 'platform_error';
    case 'unknown':
      return 'unknown';
    default:
      return 'system_error';
  }
}

/** What the failure policy needs to know about an error, whatever threw it. */
function classify(error: unknown): { kind: PlatformErrorKind | 'internal'; code: ErrorCode; message: string; retryAfterMs?: number | undefined } {
  if (error instanceof PlatformError) {
    const code: ErrorCode =
      error.kind === 'content_rejected' || error.kind === 'media_rejected'
        ? 'PLATFORM_REJECTED'
        : error.kind === 'auth_revoked' || error.kind === 'auth_expired'
          ? 'ACCOUNT_NEEDS_REAUTH'
          : error.kind === 'rate_limited'
            ? 'PLATFORM_RATE_LIMITED'
            : 'PLATFORM_UNAVAILABLE';
    return { kind: error.kind, code, message: error.message, retryAfterMs: error.retryAfterMs };
  }
  if (error instanceof AppError) {
    const retryAfter = Number(error.headers?.['Retry-After']);
    if (error.code === 'PLATFORM_RATE_LIMITED') return { kind: 'rate_limited', code: error.code, message: error.message, retryAfterMs: Number.isFinite(retryAfter) ? retryAfter * 1000 : undefined };
    return { kind: error.spec.retryable ? 'transient' : 'content_rejected', code: error.code, message: error.message };
  }
  return { kind: 'internal', code: 'INTERNAL', message: error instanceof Error ? error.message : String(error) };
}

/** Written on the target and the attempt for an outcome. */
interface Decision {
  changes: Updateable<PostTargetsTable>;
  outcome: string;
  errorCode?: string | undefined;
  errorKind?: string | undefined;
  message?: string | undefined;
  platformError?: PlatformError | undefined;
  event?: 'published' | 'failed' | 'unconfirmed' | undefined;
}

async function decide(ctx: AppContext, claimed: TargetRow, outcome: Exclude<Outcome, { type: 'lost' }>, random: () => number): Promise<Decision> {
  const now = ctx.clock.now();
  switch (outcome.type) {
    case 'published': {
      const { result } = outcome;
      const platformPostId = result.status === 'published' ? (result.platformPostId ?? null) : null;
      const platformPostUrl = result.status === 'published' ? (result.platformPostUrl ?? null) : null;
      return {
        outcome: result.status === 'inbox' ? 'inbox' : 'published',
        event: 'published',
        changes: {
          status: 'published', run_at: null, ...RELEASE, external_ref: result.externalRef, platform_post_id: platformPostId, platform_post_url: platformPostUrl,
          published_at: now, error_code: null, error_message: null, error_category: null, platform_error: null,
          attempts: claimed.attempts + (claimed.external_ref === null ? 1 : 0),
        },
      };
    }
    case 'processing':
      return { outcome: 'processing', changes: { status: 'publishing', run_at: now + outcome.pollAfterMs, ...RELEASE, external_ref: outcome.externalRef, attempts: claimed.attempts + (claimed.external_ref === null ? 1 : 0) } };
    case 'cancelled':
      return { outcome: 'cancelled', message: outcome.reason, changes: { status: 'cancelled', run_at: null, ...RELEASE } };
    case 'requeue':
      return { outcome: 'requeued', message: outcome.reason, changes: { status: 'scheduled', run_at: Math.max(now, claimed.scheduled_for ?? now), ...RELEASE } };
    case 'defer':
      return { outcome: 'deferred', message: outcome.reason, changes: { status: 'scheduled', run_at: outcome.runAt, ...RELEASE } };
    case 'fail':
      return {
        outcome: 'failed', event: 'failed', errorCode: outcome.code, message: outcome.message,
        changes: { status: 'failed', run_at: null, ...RELEASE, error_code: outcome.code, error_message: outcome.message, error_category: outcome.category },
      };
    case 'unconfirmed':
      return {
        outcome: 'unconfirmed', event: 'unconfirmed', errorCode: 'PUBLISH_UNCONFIRMED', message: outcome.reason,
        changes: { status: 'unconfirmed', run_at: null, ...RELEASE, error_code: 'PUBLISH_UNCONFIRMED', error_message: outcome.reason, error_category: 'unknown' },
      };
    case 'error': {
      const facts = classify(outcome.error);
      const platformError = outcome.error instanceof PlatformError ? outcome.error : undefined;
      const cleared = platformError?.notPublished === true;
      const externalRef = cleared ? null : outcome.externalRef;
      const attempts = claimed.attempts + (facts.kind === 'rate_limited' ? 0 : 1);
      const decision = decideFailure({
        kind: facts.kind,
        attempts,
        maxAttempts: ctx.config.scheduler.maxAttempts,
        hasExternalRef: externalRef !== null,
        mayHaveSent: outcome.sent && !cleared && facts.kind !== 'content_rejected' && facts.kind !== 'media_rejected',
        resendSafe: outcome.target !== undefined && outcome.adapter?.canResendWithoutRef?.(outcome.target) === true,
        retryAfterMs: facts.retryAfterMs,
        now,
        retryBaseMs: ctx.config.scheduler.retryBaseMs,
        retryMaxDelayMs: ctx.config.scheduler.retryMaxDelayMs,
        random: random(),
      });
      const common = {
        ...RELEASE, attempts, external_ref: externalRef, ...(cleared && { send_started_at: null }),
        error_code: facts.code, error_message: facts.message, error_category: categoryOf(facts.kind),
        platform_error: platformError?.platformError === undefined ? null : JSON.stringify(platformError.platformError),
      };
      const base = { errorCode: facts.code, errorKind: facts.kind, message: facts.message, platformError };
      if (facts.kind === 'rate_limited') {
        const until = decision.action === 'retry' ? decision.runAt : now;
        await blockBudget(ctx.db, `${claimed.platform}:${claimed.account_id}`, until, facts.message, now);
      }
      if (facts.kind === 'internal') ctx.logger.error({ err: outcome.error, targetId: claimed.id }, 'publishing a target failed inside Outbox');
      switch (decision.action) {
        case 'retry':
          return { ...base, outcome: decision.spendsAttempt ? 'retry' : 'deferred', changes: { ...common, status: 'scheduled', run_at: decision.runAt } };
        case 'unconfirmed': {
          const reason = externalRef !== null
            ? `The platform's status for ${externalRef} could not be read after ${attempts} attempts (${facts.message}); whether it was published cannot be proven.`
            : `The request may have reached the platform (${facts.message}) and no handle came back; whether it was published cannot be proven.`;
          return { ...base, outcome: 'unconfirmed', event: 'unconfirmed', errorCode: 'PUBLISH_UNCONFIRMED', message: reason, changes: { ...common, status: 'unconfirmed', run_at: null, error_code: 'PUBLISH_UNCONFIRMED', error_message: reason } };
        }
        case 'reauth': {
          if (outcome.account) await markNeedsReauth(ctx, outcome.account, facts.message);
          return { ...base, errorCode: 'ACCOUNT_NEEDS_REAUTH', outcome: 'failed', event: 'failed', changes: { ...common, status: 'failed', run_at: null, error_code: 'ACCOUNT_NEEDS_REAUTH' } };
        }
        default:
          return { ...base, outcome: 'failed', event: 'failed', changes: { ...common, status: 'failed', run_at: null } };
      }
    }
  }
}

/**
 * Runs one claimed target to its next state and records the attempt: publishes (or reconciles by the saved handle),
 * then writes the outcome (published, still processing, retry at a time, deferred by a rate limit, failed with a
 * code, unconfirmed, or cancelled by a delete that came first), re-derives the post's status and emits the events.
 * The lease is renewed while the attempt runs; every write is conditional on still holding it, so a worker that
 * lost its lease changes nothing. Resolves the target as it stands afterwards.
 */
export async function runTarget(ctx: AppContext, claimed: TargetRow, options: RunTargetOptions): Promise<TargetRow | undefined> {
  const startedAt = ctx.clock.now();
  if (claimed.lease_owner !== options.owner) return findTarget(ctx.db, claimed.id);
  await closeInterruptedAttempts(ctx.db, claimed.id, startedAt);
  const attemptId = ctx.ids.next();
  await insertAttempt(ctx.db, {
    id: attemptId, target_id: claimed.id, post_id: claimed.post_id, number: (await countAttempts(ctx.db, claimed.id)) + 1,
    worker: options.owner, outcome: 'running', error_code: null, error_kind: null, error_message: null, platform_status: null,
    platform_error: null, external_ref: claimed.external_ref, started_at: startedAt, finished_at: null,
  });

  const abort = new AbortController();
  const onOuterAbort = () => abort.abort(options.signal?.reason);
  options.signal?.addEventListener('abort', onOuterAbort, { once: true });
  const leaseMs = ctx.config.scheduler.leaseMs;
  const heartbeat = setInterval(() => {
    renewLeases(ctx.db, options.owner, [claimed.id], ctx.clock.now() + leaseMs)
      .then((held) => {
        if (!held.has(claimed.id)) abort.abort(new LeaseLostError());
      })
      .catch((error: unknown) => ctx.logger.warn({ err: error, targetId: claimed.id }, 'renewing a lease failed'));
  }, Math.max(250, Math.floor(leaseMs / 3)));
  heartbeat.unref();

  let outcome: Outcome;
  try {
    outcome = await attempt(ctx, claimed, options, abort.signal);
  } catch (error) {
    const current = await findTarget(ctx.db, claimed.id);
    outcome = { type: 'error', error, sent: current?.send_started_at !== null && current?.send_started_at !== undefined, externalRef: current?.external_ref ?? null, adapter: undefined, target: undefined, account: undefined };
  } finally {
    clearInterval(heartbeat);
    options.signal?.removeEventListener('abort', onOuterAbort);
  }
  // Shutting down mid-attempt is not the platform's fault: hand the target back as it stands, to be resumed.
  if (outcome.type === 'error' && options.signal?.aborted === true) {
    const current = await findTarget(ctx.db, claimed.id);
    await updateLeasedTarget(ctx.db, claimed.id, options.owner, { status: 'publishing', run_at: ctx.clock.now(), ...RELEASE, updated_at: ctx.clock.now() });
    await finishAttempt(ctx.db, attemptId, { outcome: 'interrupted', finished_at: ctx.clock.now(), error_message: 'Outbox was shutting down.', external_ref: current?.external_ref ?? null });
    return findTarget(ctx.db, claimed.id);
  }
  if (outcome.type === 'lost') {
    await finishAttempt(ctx.db, attemptId, { outcome: 'lease_lost', finished_at: ctx.clock.now(), error_message: 'Another worker took the target over.' });
    return findTarget(ctx.db, claimed.id);
  }

  const decision = await decide(ctx, claimed, outcome, options.random ?? Math.random);
  const applied = await transitionTarget(ctx, { postId: claimed.post_id, targetId: claimed.id, owner: options.owner, changes: decision.changes });
  await finishAttempt(ctx.db, attemptId, {
    outcome: applied.applied ? decision.outcome : 'lease_lost',
    finished_at: ctx.clock.now(),
    error_code: decision.errorCode ?? null,
    error_kind: decision.errorKind ?? null,
    error_message: decision.message ?? null,
    platform_status: decision.platformError?.status ?? null,
    platform_error: decision.platformError?.platformError === undefined ? null : JSON.stringify(decision.platformError.platformError),
    external_ref: (decision.changes.external_ref as string | null | undefined) ?? claimed.external_ref,
  });
  const after = await findTarget(ctx.db, claimed.id);
  if (applied.applied && after && applied.post) emitTargetEvent(ctx, applied.post, after, decision);
  applied.emitPostEvent();
  return after;
}

function emitTargetEvent(ctx: AppContext, post: PostRow, target: TargetRow, decision: Decision): void {
  const base = { postId: post.id, profileId: post.profile_id, targetId: target.id, accountId: target.account_id, platform: target.platform };
  if (decision.event === 'published') {
    ctx.events.emit('post:platform_published', { ...base, platformPostId: target.platform_post_id, platformPostUrl: target.platform_post_url });
  } else if (decision.event === 'failed') {
    ctx.events.emit('post:platform_failed', { ...base, errorCode: target.error_code ?? 'INTERNAL', errorMessage: target.error_message ?? '' });
  } else if (decision.event === 'unconfirmed') {
    ctx.events.emit('post:unconfirmed', { ...base, reason: target.error_message ?? '' });
  }
}
