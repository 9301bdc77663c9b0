import { GB, MB, MINUTE, SECOND, type PlatformRules } from '../platform-rules.js';

const POSTING_API = 'https://developers.tiktok.com/doc/content-posting-api-reference-direct-post';
const MEDIA_TRANSFER = 'https://developers.tiktok.com/doc/content-posting-api-media-transfer-guide';
const PHOTO_POST = 'https://developers.tiktok.com/doc/content-posting-api-reference-photo-post';

/** TikTok Content Posting API, with the product's stricter video rules (shared/DESIGN.md). */
export const tiktokRules: PlatformRules = {
  id: 'tiktok',
  displayName: 'TikTok',
  video: {
    containers: ['mp4', 'mov', 'webm'],
    videoCodecs: ['h264', 'hevc', 'vp8', 'vp9'],
    minDurationMs: 3 * SECOND,
    // TikTok accepts up to 10 min only for some creators (creator_info max_video_post_duration_sec says which);
    // 10 min is the product ceiling.
    maxDurationMs: 10 * MINUTE,
    minWidth: 360,
    minHeight: 360,
    maxWidth: 4096,
    maxHeight: 4096,
    minFrameRate: 23,
    maxFrameRate: 60,
    // The product cap from the Outbox brief (shared/DESIGN.md); TikTok itself accepts up to 4 GB.
    maxBytes: 1 * GB,
    source: `shared/DESIGN.md (product rules: MP4/MOV/WebM, ≤ 1 GB, 3 s–10 min, ≥ 360 px); ${MEDIA_TRANSFER}`,
  },
  image: {
    formats: ['jpeg', 'webp'],
    maxBytes: 20 * MB,
    // "≤ 1080p": at most the pixel count of 1920x1080, in either orientation.
    maxPixels: 1920 * 1080,
    source: PHOTO_POST,
  },
  media: {
    minItems: 1,
    maxItems: 35,
    maxImages: 35,
    maxVideos: 1,
    allowMixed: false,
    source: PHOTO_POST,
  },
  captions: {
    caption: { maxLength: 2200, unit: 'utf16', source: POSTING_API },
    photoTitle: { maxLength: 90, unit: 'utf16', source: PHOTO_POST },
    photoDescription: { maxLength: 4000, unit: 'utf16', source: PHOTO_POST },
  },
  // The product's per-account cap from the brief; TikTok's own Direct Post cap is "typically ~15" and varies.
  dailyPostCap: 25,
  notes: [
    'The 10 min maximum is further limited per creator by creator_info.max_video_post_duration_sec (3 min for all creators, 5 or 10 min for some).',
    'Photo posts are pulled from a public URL only (PULL_FROM_URL); PNG is not accepted.',
  ],
  sources: [
    'shared/platforms/tiktok.md',
    'shared/DESIGN.md',
    POSTING_API,
    MEDIA_TRANSFER,
    PHOTO_POST,
    'https://developers.tiktok.com/doc/content-sharing-guidelines',
  ],
};
