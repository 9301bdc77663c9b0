import { GB, KB, MB, type PlatformRules } from '../platform-rules.js';

const PAGE_PHOTOS = 'https://developers.facebook.com/docs/graph-api/reference/page/photos';
const VIDEO_PUBLISHING = 'https://developers.facebook.com/docs/video-api/guides/publishing';
const VIDEO_ERRORS = 'https://developers.facebook.com/documentation/video-api/reference/error-codes.md';
const PAGE_FEED = 'https://developers.facebook.com/docs/graph-api/reference/page/feed';

/** Facebook Pages API (feed posts, photos, Video API). */
export const facebookRules: PlatformRules = {
  id: 'facebook',
  displayName: 'Facebook',
  video: {
    containers: ['mp4', 'mov'],
    // Video API error codes 1363022 (< 1 KB) and 1363023 (> 2 GB).
    minBytes: 1 * KB,
    maxBytes: 2 * GB,
    source: `${VIDEO_PUBLISHING}; ${VIDEO_ERRORS}`,
  },
  image: {
    // BMP and TIFF are also accepted by Facebook but are not formats the probe identifies.
    formats: ['jpeg', 'png', 'gif'],
    // Sources disagree (4 MB per error subcode 1366046 as quoted by Postiz, 10 MB per third parties); the
    // figure from an actual error message is used.
    maxBytes: 4 * MB,
    source: `${PAGE_PHOTOS}; Postiz facebook.provider.ts`,
  },
  // Photos attach through attached_media and cannot be mixed with a video; 10 is a third-party figure.
  media: { maxItems: 10, maxImages: 10, maxVideos: 1, allowMixed: false, source: `${PAGE_FEED} (third-party count)` },
  captions: { caption: { maxLength: 63_206, unit: 'utf16', source: 'Postiz facebook.provider.ts maxLength' } },
  notes: [
    'Reels are stricter: MP4, 9:16, ≥ 540x960, 24–60 fps, 3–90 s, and 30 reels per Page per 24 h.',
    'The photo size limit is uncertain (4 MB vs 10 MB); the stricter figure is enforced.',
  ],
  sources: ['shared/platforms/facebook.md', PAGE_FEED, PAGE_PHOTOS, VIDEO_PUBLISHING, VIDEO_ERRORS,
    'https://developers.facebook.com/documentation/video-api/guides/reels-publishing.md'],
};
