import type { PlatformRules } from '../platform-rules.js';

const MEDIA = 'https://docs.joinmastodon.org/methods/media/';
const INSTANCE = 'https://docs.joinmastodon.org/entities/Instance/';
const STATUSES = 'https://docs.joinmastodon.org/methods/statuses/';
const LENGTH_VALIDATOR = 'github.com/mastodon/mastodon app/validators/status_length_validator.rb';

/** Mastodon, with upstream defaults; each instance may configure other limits (see `GET /api/v2/instance`). */
export const mastodonRules: PlatformRules = {
  id: 'mastodon',
  displayName: 'Mastodon',
  video: {
    // Instances list supported_mime_types; these are the upstream defaults the probe can identify.
    containers: ['mp4', 'mov', 'webm'],
    maxFrameRate: 120,
    maxPixels: 8_294_400,
    maxBytes: 103_809_024,
    source: INSTANCE,
  },
  image: {
    formats: ['jpeg', 'png', 'webp', 'gif'],
    maxPixels: 33_177_600,
    maxBytes: 16_777_216,
    source: INSTANCE,
  },
  // Upstream attaches either up to four images or a single video, never both.
  media: { maxItems: 4, maxImages: 4, maxVideos: 1, allowMixed: false, source: `${INSTANCE}; ${STATUSES}` },
  captions: {
    caption: {
      maxLength: 500,
      unit: 'graphemes',
      urlLength: 23,
      mentionsWithoutDomain: true,
      source: `${INSTANCE} (max_characters, characters_reserved_per_url); ${LENGTH_VALIDATOR}`,
    },
  },
  notes: [
    'Every limit is per instance (many forks allow 1,000–15,000 characters); these are upstream defaults.',
    'Content warnings (spoiler_text) count toward the same character limit.',
  ],
  sources: ['shared/platforms/mastodon.md', MEDIA, STATUSES, INSTANCE, LENGTH_VALIDATOR],
};
