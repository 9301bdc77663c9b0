import { z } from 'zod';

/**
 * Request and response shapes of every TikTok endpoint the adapter calls (Login Kit v2, Content Posting API v2),
 * as documented (shared/platforms/tiktok.md). Responses are parsed leniently: unknown fields are kept, missing
 * optional ones are tolerated, so a field TikTok adds later does not break publishing.
 */

/** Paths, appended to `authBaseUrl` (consent page) or `apiBaseUrl` (everything else). */
export const TIKTOK_PATHS = {
  authorize: '/v2/auth/authorize/',
  token: '/v2/oauth/token/',
  revoke: '/v2/oauth/revoke/',
  userInfo: '/v2/user/info/',
  creatorInfo: '/v2/post/publish/creator_info/query/',
  videoInit: '/v2/post/publish/video/init/',
  inboxVideoInit: '/v2/post/publish/inbox/video/init/',
  contentInit: '/v2/post/publish/content/init/',
  statusFetch: '/v2/post/publish/status/fetch/',
  cancel: '/v2/post/publish/cancel/',
} as const;

/** A post's audience. */
export const TIKTOK_PRIVACY_LEVELS = ['PUBLIC_TO_EVERYONE', 'MUTUAL_FOLLOW_FRIENDS', 'FOLLOWER_OF_CREATOR', 'SELF_ONLY'] as const;
/** One privacy level. */
export type TikTokPrivacyLevelValue = (typeof TIKTOK_PRIVACY_LEVELS)[number];

/** The `error` object of every v2 data answer; `code: "ok"` means success. */
export const envelopeErrorSchema = z.looseObject({
  code: z.string(),
  message: z.string().optional(),
  log_id: z.string().optional(),
});

/** `{data, error}`, the envelope of every v2 data endpoint. */
export const envelopeSchema = z.looseObject({
  data: z.unknown().optional(),
  error: envelopeErrorSchema,
});

/** Token endpoint success (flat, no envelope). */
export const tokenResponseSchema = z.looseObject({
  access_token: z.string().min(1),
  expires_in: z.number(),
  open_id: z.string().min(1),
  refresh_token: z.string().min(1).optional(),
  refresh_expires_in: z.number().optional(),
  scope: z.string().default(''),
  token_type: z.string().optional(),
});
/** A parsed token response. */
export type TikTokTokenResponse = z.infer<typeof tokenResponseSchema>;

/** Flat OAuth error `{error, error_description, log_id}`, sometimes with HTTP 200. */
export const oauthErrorSchema = z.looseObject({
  error: z.string().min(1),
  error_description: z.string().optional(),
  log_id: z.string().optional(),
});

/** `data.user` of `GET /v2/user/info/`. */
export const userInfoSchema = z.looseObject({
  user: z.looseObject({
    open_id: z.string(),
    union_id: z.string().optional(),
    avatar_url: z.string().optional(),
    display_name: z.string().optional(),
    username: z.string().optional(),
  }),
});

/** `data` of `creator_info/query`. */
export const creatorInfoSchema = z.looseObject({
  creator_avatar_url: z.string().optional(),
  creator_username: z.string().optional(),
  creator_nickname: z.string().optional(),
  privacy_level_options: z.array(z.string()).default([]),
  comment_disabled: z.boolean().default(false),
  duet_disabled: z.boolean().default(false),
  stitch_disabled: z.boolean().default(false),
  max_video_post_duration_sec: z.number().optional(),
});
/** Parsed creator_info data. */
export type TikTokCreatorInfoData = z.infer<typeof creatorInfoSchema>;

/** `data` of the three init endpoints. */
export const initResponseSchema = z.looseObject({
  publish_id: z.string().min(1),
  upload_url: z.string().min(1).optional(),
});
/** Parsed init data. */
export type TikTokInitResponse = z.infer<typeof initResponseSchema>;

/** The `status` values of `status/fetch`. */
export const TIKTOK_PUBLISH_STATUSES = [
  'PROCESSING_UPLOAD',
  'PROCESSING_DOWNLOAD',
  'SEND_TO_USER_INBOX',
  'PUBLISH_COMPLETE',
  'FAILED',
] as const;

/** `data` of `status/fetch`; post ids arrive as strings when they exceed 2^53 (see parseJsonWithInt64). */
export const statusResponseSchema = z.looseObject({
  status: z.enum(TIKTOK_PUBLISH_STATUSES),
  fail_reason: z.string().optional(),
  publicaly_available_post_id: z.array(z.union([z.string(), z.number()])).default([]),
  uploaded_bytes: z.number().optional(),
  downloaded_bytes: z.number().optional(),
});
/** Parsed status data. */
export type TikTokStatusResponse = z.infer<typeof statusResponseSchema>;

/** `post_info` of a video Direct Post. */
export interface VideoPostInfo {
  privacy_level: TikTokPrivacyLevelValue;
  title?: string;
  disable_duet?: boolean;
  disable_stitch?: boolean;
  disable_comment?: boolean;
  video_cover_timestamp_ms?: number;
  brand_content_toggle: boolean;
  brand_organic_toggle?: boolean;
  is_aigc?: boolean;
}

/** `source_info` of a video init. */
export type VideoSourceInfo =
  | { source: 'FILE_UPLOAD'; video_size: number; chunk_size: number; total_chunk_count: number }
  | { source: 'PULL_FROM_URL'; video_url: string };

/** Body of `video/init`. */
export interface VideoInitRequest {
  post_info: VideoPostInfo;
  source_info: VideoSourceInfo;
}

/** Body of `inbox/video/init` (the documented body carries `source_info` only). */
export interface InboxVideoInitRequest {
  source_info: VideoSourceInfo;
}

/** Body of `content/init` (photo posts; PULL_FROM_URL is the only source). */
export interface ContentInitRequest {
  media_type: 'PHOTO';
  post_mode: 'DIRECT_POST' | 'MEDIA_UPLOAD';
  post_info: {
    title?: string;
    description?: string;
    privacy_level?: TikTokPrivacyLevelValue;
    disable_comment?: boolean;
    auto_add_music?: boolean;
    brand_content_toggle?: boolean;
    brand_organic_toggle?: boolean;
  };
  source_info: { source: 'PULL_FROM_URL'; photo_images: string[]; photo_cover_index: number };
}
