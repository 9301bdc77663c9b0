import type { TikTokCreatorInfo } from './creator-info.js';

const PRIVACY_LABELS: Readonly<Record<string, string>> = {
  PUBLIC_TO_EVERYONE: 'Everyone',
  MUTUAL_FOLLOW_FRIENDS: 'Friends',
  FOLLOWER_OF_CREATOR: 'Followers',
  SELF_ONLY: 'Only me',
};

function interaction(enabled: boolean, label: string): Record<string, unknown> {
  // TikTok's guidelines forbid defaulting an interaction toggle: the composer must ask, so `required` is always true.
  return { enabled, required: true, default: false, label };
}

/**
 * creator_info as the API's `GET /v1/accounts/{id}/tiktok/creator-info` body, in the shape of the SDK's
 * GetTikTokCreatorInfoResponse: the creator, the privacy levels to offer (only these), the duration limit, which
 * interactions the creator left enabled, and the commercial content disclosures.
 */
export function presentCreatorInfo(info: TikTokCreatorInfo): Record<string, unknown> {
  return {
    creator: {
      nickname: info.nickname,
      username: info.username,
      avatarUrl: info.avatarUrl,
      // creator_info answers only when the creator may post now; caps and bans arrive as errors instead.
      canPostMore: true,
    },
    privacyLevels: info.privacyLevelOptions.map((value) => ({ value, label: PRIVACY_LABELS[value] ?? value })),
    postingLimits: {
      maxVideoDurationSec: info.maxVideoPostDurationSec,
      interactionSettings: {
        allow_comment: interaction(!info.commentDisabled, 'Allow comments'),
        allow_duet: interaction(!info.duetDisabled, 'Allow duets'),
        allow_stitch: interaction(!info.stitchDisabled, 'Allow stitches'),
      },
    },
    commercialContentTypes: [
      { value: 'none', label: 'No commercial content' },
      { value: 'brand_organic', label: 'Your brand' },
      { value: 'brand_content', label: 'Branded content' },
    ],
  };
}
