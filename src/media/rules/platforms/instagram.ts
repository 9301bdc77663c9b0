import { MB, MINUTE, SECOND, type PlatformRules } from '../platform-rules.js';

const PUBLISHING = 'https://developers.facebook.com/docs/instagram-platform/content-publishing/';
const IG_MEDIA = 'https://developers.facebook.com/documentation/instagram-platform/instagram-graph-api/reference/ig-user/media';
const PUBLISHING_LIMIT =
  'https://developers.facebook.com/documentation/instagram-platform/instagram-graph-api/reference/ig-user/content_publishing_limit';

/** Instagram Graph API content publishing (feed images, carousels, Reels). */
export const instagramRules: PlatformRules = {
  id: 'instagram',
  displayName: 'Instagram',
  video: {
    containers: ['mp4', 'mov'],
    videoCodecs: ['h264', 'hevc'],
    audioCodecs: ['aac'],
    minDurationMs: 3 * SECOND,
    maxDurationMs: 15 * MINUTE,
    minFrameRate: 23,
    maxFrameRate: 60,
    maxWidth: 1920,
    minAspectRatio: 0.01,
    maxAspectRatio: 10,
    maxBytes: 300 * MB,
    // Meta fetches the file from a URL and rejects MP4s whose moov atom follows the media data.
    requireMoovAtStart: true,
    source: IG_MEDIA,
  },
  image: {
    // JPEG only; MPO and JPS variants are rejected by Meta but look like JPEG to a header probe.
    formats: ['jpeg'],
    maxBytes: 8 * MB,
    minAspectRatio: 4 / 5,
    maxAspectRatio: 1.91,
    source: IG_MEDIA,
  },
  media: { minItems: 1, maxItems: 10, maxImages: 10, maxVideos: 10, allowMixed: true, source: PUBLISHING },
  captions: {
    caption: { maxLength: 2200, unit: 'utf16', maxHashtags: 30, maxMentions: 20, source: IG_MEDIA },
  },
  // Meta's pages disagree (100, 50, older 25 per rolling 24 h); 50 matches the content_publishing_limit example.
  // The adapter should still read quota_total live.
  dailyPostCap: 50,
  notes: [
    'Image widths outside 320–1440 px are rescaled by Instagram, not rejected.',
    'Stories take video of 3–60 s and ≤ 100 MB; the Reels limits are enforced for all videos.',
    'Reels bitrate must be ≤ 25 Mbps and audio ≤ 48 kHz, which the probe does not measure.',
  ],
  sources: ['shared/platforms/instagram.md', PUBLISHING, IG_MEDIA, PUBLISHING_LIMIT],
};
