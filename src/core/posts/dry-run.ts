import type { AppContext } from '../../context.js';
import { dailyPostCap } from './daily-cap.js';
import { findAccountById } from '../../store/accounts-queries.js';
import { capTimes } from '../../store/posts-queries.js';
import { canSeeProfile, type Principal } from '../access/principal.js';
import type { PostInput } from './post-input.js';

const DAY_MS = 24 * 60 * 60 * 1000;

/** The SDK's TikTokDryRunVerdict. */
export interface TikTokDryRunVerdict {
  dryRun: true;
  canPublish: boolean;
  tiktok: Array<{ accountId: string; canPublish: boolean; alreadyPostedToday?: boolean; reason: string }>;
}

/**
 * Whether each TikTok account of the request could publish now: connected, and under the daily cap counting what
 * it published or has running in the last 24 hours. Stores nothing and calls no platform.
 */
export async function tiktokDryRun(ctx: AppContext, principal: Principal, input: PostInput, _origin: string): Promise<TikTokDryRunVerdict> {
  const cap = dailyPostCap(ctx, 'tiktok') ?? Number.POSITIVE_INFINITY;
  const now = ctx.clock.now();
  const verdicts: TikTokDryRunVerdict['tiktok'] = [];
  for (const target of (input.platforms ?? []).filter((p) => p.platform.trim().toLowerCase() === 'tiktok')) {
    const account = await findAccountById(ctx.db, target.accountId);
    if (!account || account.platform !== 'tiktok' || !canSeeProfile(principal, account.profile_id)) {
      verdicts.push({ accountId: target.accountId, canPublish: false, reason: 'No TikTok account with this id is visible to this API key.' });
      continue;
    }
    if (account.status !== 'active') {
      verdicts.push({ accountId: account.id, canPublish: false, reason: `The account is ${account.status === 'needs_reauth' ? 'waiting to be reconnected' : 'disconnected'}.` });
      continue;
    }
    const recent = (await capTimes(ctx.db, account.id, now - DAY_MS, now)).length;
    const canPublish = recent < cap;
    verdicts.push({
      accountId: account.id,
      canPublish,
      alreadyPostedToday: recent > 0,
      reason: canPublish ? `The account has ${recent} of ${cap} posts in the last 24 hours.` : `The account reached TikTok's cap of ${cap} posts in 24 hours.`,
    });
  }
  return { dryRun: true, canPublish: verdicts.length > 0 && verdicts.every((v) => v.canPublish), tiktok: verdicts };
}
