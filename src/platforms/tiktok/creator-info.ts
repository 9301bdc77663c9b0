import { creatorInfoSchema, TIKTOK_PATHS } from './api.js';
import type { TikTokClient } from './client.js';

/**
 * A creator's live posting options (`creator_info/query`), which TikTok requires a client to read before every
 * Direct Post and to honour: offer only these privacy levels, keep interactions the creator disabled off, respect
 * the maximum duration.
 */
export interface TikTokCreatorInfo {
  /** `@handle` without the at sign. */
  username: string | undefined;
  /** Display name. */
  nickname: string | undefined;
  /** Avatar URL (valid about two hours). */
  avatarUrl: string | undefined;
  /** Privacy levels this creator may post with. */
  privacyLevelOptions: string[];
  commentDisabled: boolean;
  duetDisabled: boolean;
  stitchDisabled: boolean;
  /** Longest video this creator may post, in seconds. */
  maxVideoPostDurationSec: number | undefined;
}

/**
 * Reads creator_info. Daily caps and bans arrive here as error codes with HTTP 200; they reject with the mapped
 * PlatformError (e.g. `spam_risk_too_many_posts` → rate_limited for a day) before anything is posted.
 */
export async function fetchCreatorInfo(client: TikTokClient, accessToken: string, signal?: AbortSignal): Promise<TikTokCreatorInfo> {
  const data = await client.data({
    operation: 'creator_info',
    method: 'POST',
    path: TIKTOK_PATHS.creatorInfo,
    accessToken,
    idempotent: true,
    schema: creatorInfoSchema,
    signal,
  });
  return {
    username: data.creator_username,
    nickname: data.creator_nickname,
    avatarUrl: data.creator_avatar_url,
    privacyLevelOptions: data.privacy_level_options,
    commentDisabled: data.comment_disabled,
    duetDisabled: data.duet_disabled,
    stitchDisabled: data.stitch_disabled,
    maxVideoPostDurationSec: data.max_video_post_duration_sec,
  };
}
