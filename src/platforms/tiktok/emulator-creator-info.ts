import type { FastifyInstance } from 'fastify';
import { privacyOptionsFor } from './emulator-config.js';
import type { TikTokEmulatorContext } from './emulator-context.js';
import { fail, ok, serveDataEndpoint, type DataCall, type Outcome } from './emulator-guard.js';
import type { TikTokPrivacyLevel } from './emulator-options.js';
import type { PostMode } from './emulator-state.js';

/** The active-creator cap that applies to the call's app, if any. */
function activeCreatorCap(ctx: TikTokEmulatorContext, call: DataCall): number | undefined {
  const configured = call.app.activeCreatorCap;
  if (call.app.audited) return configured;
  const unaudited = ctx.store.limits.unauditedActiveCreatorsPer24h;
  return configured === undefined ? unaudited : Math.min(configured, unaudited);
}

/**
 * The account- and app-level reasons a creator cannot post right now: banned account, the app's active-creator
 * cap, and the creator's rolling 24 h caps (direct posts for DIRECT_POST, pending shares for MEDIA_UPLOAD).
 * Null when posting is allowed.
 */
export function postingBlock(ctx: TikTokEmulatorContext, call: DataCall, mode: PostMode): Outcome | null {
  const { creator, app } = call;
  if (creator.bannedFromPosting) {
    return fail('spam_risk_user_banned_from_posting', 'This user is banned from making new posts.');
  }
  const cap = activeCreatorCap(ctx, call);
  if (cap !== undefined) {
    const active = ctx.store.activeCreators.members(app.clientKey);
    if (!active.has(creator.openId) && active.size >= cap) {
      return fail('reached_active_user_cap', `The app has reached its cap of ${cap} posting users in 24 hours.`);
    }
  }
  if (mode === 'DIRECT_POST') {
    const limit = ctx.store.limits.directPostsPer24h;
    if (ctx.store.directPosts.count(creator.openId) >= limit) {
      return fail('spam_risk_too_many_posts', `The user has reached the limit of ${limit} posts in 24 hours.`);
    }
  } else {
    const limit = ctx.store.limits.pendingSharesPer24h;
    if (ctx.store.pendingShares.count(creator.openId) >= limit) {
      return fail('spam_risk_too_many_pending_share', `The user has ${limit} pending shares in the last 24 hours.`);
    }
  }
  return null;
}

/**
 * The audience rules of a Direct Post: an unaudited app may only post SELF_ONLY to private accounts, and the
 * privacy level must be one creator_info offers this creator. Null when the level is allowed.
 */
export function privacyProblem(call: DataCall, privacyLevel: TikTokPrivacyLevel): Outcome | null {
  if (!call.app.audited && (!call.creator.privateAccount || privacyLevel !== 'SELF_ONLY')) {
    return fail(
      'unaudited_client_can_only_post_to_private_accounts',
      'Unaudited clients can only post SELF_ONLY content to private accounts.',
    );
  }
  if (!privacyOptionsFor(call.creator).includes(privacyLevel)) {
    return fail('privacy_level_option_mismatch', `privacy_level ${privacyLevel} is not among the creator's options.`);
  }
  return null;
}

function creatorInfo(ctx: TikTokEmulatorContext, call: DataCall): Outcome {
  const blocked = postingBlock(ctx, call, 'DIRECT_POST');
  if (blocked !== null) return blocked;
  const { creator } = call;
  return ok({
    creator_avatar_url: creator.avatarUrl,
    creator_username: creator.username,
    creator_nickname: creator.displayName,
    privacy_level_options: privacyOptionsFor(creator),
    comment_disabled: creator.commentDisabled,
    duet_disabled: creator.duetDisabled,
    stitch_disabled: creator.stitchDisabled,
    max_video_post_duration_sec: creator.maxVideoPostDurationSec,
  });
}

/** Registers `POST /v2/post/publish/creator_info/query/`. */
export function registerCreatorInfoRoute(app: FastifyInstance, ctx: TikTokEmulatorContext): void {
  const spec = { endpoint: 'creator_info', scopes: ['video.publish'], rateLimit: 'creatorInfo' } as const;
  app.post('/v2/post/publish/creator_info/query/', (request, reply) =>
    serveDataEndpoint(ctx, request, reply, spec, (call) => creatorInfo(ctx, call)),
  );
}
