import { MINUTE, type PlatformRules } from '../platform-rules.js';

const LEXICONS = 'github.com/bluesky-social/atproto lexicons/app/bsky/{feed/post,embed/images,embed/video}.json';
const VIDEO_TUTORIAL = 'https://docs.bsky.app/docs/tutorials/video';
const RICHTEXT = 'https://docs.bsky.app/docs/advanced-guides/post-richtext';

/** Bluesky (AT Protocol app.bsky.feed.post). */
export const blueskyRules: PlatformRules = {
  id: 'bluesky',
  displayName: 'Bluesky',
  video: {
    // The video embed takes video/mp4 only.
    containers: ['mp4'],
    // Set by the video service, not the lexicon; third-party guides say 3 min.
    maxDurationMs: 3 * MINUTE,
    maxBytes: 300_000_000,
    source: `${LEXICONS}; ${VIDEO_TUTORIAL}`,
  },
  image: {
    formats: ['jpeg', 'png', 'webp', 'gif'],
    // Exact figure from the lexicon's maxSize (formerly 1,000,000).
    maxBytes: 2_000_000,
    source: LEXICONS,
  },
  // A post has one embed: up to four images or one video.
  media: { maxItems: 4, maxImages: 4, maxVideos: 1, allowMixed: false, source: LEXICONS },
  captions: {
    caption: { maxLength: 300, unit: 'graphemes', maxUtf8Bytes: 3000, source: `${LEXICONS}; ${RICHTEXT}` },
  },
  notes: [
    'Older PDS deployments cap image blobs at 1,000,000 bytes; the reference PDS caps any blob upload at 5 MB by default.',
    'Video uploads also count against daily quotas reported by app.bsky.video.getUploadLimits.',
  ],
  sources: ['shared/platforms/bluesky.md', LEXICONS, VIDEO_TUTORIAL, RICHTEXT],
};
