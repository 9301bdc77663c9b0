import { KB, MB, MINUTE, SECOND, type PlatformRules } from '../platform-rules.js';

const POSTS_API = 'https://learn.microsoft.com/en-us/linkedin/marketing/community-management/shares/posts-api';
const IMAGES_API = 'https://learn.microsoft.com/en-us/linkedin/marketing/community-management/shares/images-api';
const VIDEOS_API = 'https://learn.microsoft.com/en-us/linkedin/marketing/community-management/shares/videos-api';

/** LinkedIn Community Management API (Posts, Images, Videos). */
export const linkedinRules: PlatformRules = {
  id: 'linkedin',
  displayName: 'LinkedIn',
  video: {
    containers: ['mp4'],
    minDurationMs: 3 * SECOND,
    maxDurationMs: 30 * MINUTE,
    minBytes: 75 * KB,
    maxBytes: 500 * MB,
    source: `${VIDEOS_API} (third-party summary)`,
  },
  image: {
    formats: ['jpeg', 'png', 'gif'],
    // "< 36,152,320 pixels".
    maxPixels: 36_152_319,
    source: `${IMAGES_API} (third-party summary)`,
  },
  media: {
    maxItems: 20,
    maxImages: 20,
    maxVideos: 1,
    allowMixed: false,
    source: `${POSTS_API}; Postiz linkedin.provider.ts (upper bound unverified)`,
  },
  captions: { caption: { maxLength: 3000, unit: 'utf16', source: POSTS_API } },
  notes: [
    'Commentary uses little Text Format: reserved characters must be escaped by the adapter or LinkedIn silently truncates the post.',
    'Animated GIFs are limited to 250 frames, which the probe does not count.',
  ],
  sources: ['shared/platforms/linkedin.md', POSTS_API, IMAGES_API, VIDEOS_API,
    'https://learn.microsoft.com/en-us/linkedin/marketing/community-management/shares/little-text-format'],
};
