import { GB, MB, MINUTE, type PlatformRules } from '../platform-rules.js';

const MEDIA = 'https://docs.x.com/x-api/media';
const BEST_PRACTICES = 'https://docs.x.com/x-api/media/quickstart/best-practices';
const COUNTING = 'https://docs.x.com/fundamentals/counting-characters';

/**
 * X. The id is `twitter`, not `x`, because the @getlatedev/node SDK names the platform `twitter`; the facts come
 * from shared/platforms/x.md.
 */
export const twitterRules: PlatformRules = {
  id: 'twitter',
  displayName: 'X (Twitter)',
  video: {
    // The upload media_type enum lists these three video types.
    containers: ['mp4', 'mov', 'webm'],
    audioCodecs: ['aac'],
    minDurationMs: 500,
    maxDurationMs: 20 * MINUTE,
    maxFrameRate: 60,
    minWidth: 32,
    minHeight: 32,
    // Stated as 1280x1024; X takes portrait videos too, so the bound is applied to the long and short sides.
    maxLongSide: 1280,
    maxShortSide: 1024,
    minAspectRatio: 1 / 3,
    maxAspectRatio: 3,
    maxBytes: 8 * GB,
    source: BEST_PRACTICES,
  },
  image: {
    formats: ['jpeg', 'png', 'gif', 'webp'],
    maxBytes: 5 * MB,
    formatOverrides: { gif: { maxBytes: 15 * MB, maxWidth: 1280, maxHeight: 1080 } },
    source: BEST_PRACTICES,
  },
  media: { maxItems: 4, maxImages: 4, maxVideos: 1, allowMixed: false, gifMustBeAlone: true, source: MEDIA },
  captions: { caption: { maxLength: 280, unit: 'weighted', urlLength: 23, source: COUNTING } },
  notes: [
    'Premium accounts may post longer text (4,000 per Postiz) and longer videos (125 min / 16 GB); the defaults are enforced.',
    'Animated GIFs are also limited to 350 frames, which the probe does not count.',
    'Post caps per 24 h depend on the API tier (Free: 17 per user), so no daily cap is set here.',
  ],
  sources: ['shared/platforms/x.md', MEDIA, BEST_PRACTICES, COUNTING, 'https://docs.x.com/x-api/fundamentals/rate-limits'],
};
