import { GB, MB, MINUTE, SECOND, type PlatformRules } from '../platform-rules.js';

const OPENAPI = 'github.com/pinterest/api-description v5/openapi.json (v5.23.0)';
const PINS = 'https://developers.pinterest.com/docs/api-features/creating-boards-and-pins/';

/** Pinterest API v5 (image, carousel and video Pins). */
export const pinterestRules: PlatformRules = {
  id: 'pinterest',
  displayName: 'Pinterest',
  video: {
    containers: ['mp4', 'mov'],
    minDurationMs: 4 * SECOND,
    maxDurationMs: 15 * MINUTE,
    maxBytes: 2 * GB,
    source: 'Third-party media guides (ayrshare.com, docs.getlate.dev)',
  },
  image: {
    formats: ['jpeg', 'png'],
    // 20 MB (Ayrshare) vs 32 MB (Late); the stricter is enforced.
    maxBytes: 20 * MB,
    source: `${OPENAPI}; third-party media guides`,
  },
  media: {
    minItems: 1,
    maxItems: 5,
    maxImages: 5,
    maxVideos: 1,
    allowMixed: false,
    requireSameImageDimensions: true,
    source: `${OPENAPI} (multiple_image_urls maxItems 5); Postiz pinterest.provider.ts (equal dimensions)`,
  },
  captions: {
    caption: { maxLength: 800, unit: 'utf16', source: OPENAPI },
    title: { maxLength: 100, unit: 'utf16', source: OPENAPI },
    altText: { maxLength: 500, unit: 'utf16', source: OPENAPI },
  },
  notes: [
    'The caption is the Pin description; a Pin also needs a board and, for video, a cover image.',
    'Trial-access apps create Pins visible only to their creator.',
  ],
  sources: ['shared/platforms/pinterest.md', OPENAPI, PINS,
    'https://developers.pinterest.com/docs/reference/rate-limits/'],
};
