import { GB, MINUTE, type PlatformRules } from '../platform-rules.js';

const VIDEOS_INSERT = 'https://developers.google.com/youtube/v3/docs/videos/insert';
const VIDEOS = 'https://developers.google.com/youtube/v3/docs/videos';

/** YouTube Data API v3 uploads. */
export const youtubeRules: PlatformRules = {
  id: 'youtube',
  displayName: 'YouTube',
  video: {
    // Uploads accept any video/* type; these are the containers the probe can identify.
    containers: ['mp4', 'mov', 'webm', 'mkv'],
    // Unverified channels; verified channels may upload up to 12 h.
    maxDurationMs: 15 * MINUTE,
    maxBytes: 256 * GB,
    source: VIDEOS_INSERT,
  },
  media: { minItems: 1, maxItems: 1, maxImages: 0, maxVideos: 1, allowMixed: false, source: VIDEOS_INSERT },
  captions: {
    // The post caption becomes the video description, which YouTube limits in bytes.
    caption: { maxLength: 5000, unit: 'utf8_bytes', forbiddenCharacters: ['<', '>'], source: VIDEOS },
    title: { maxLength: 100, unit: 'utf16', required: true, forbiddenCharacters: ['<', '>'], source: VIDEOS },
  },
  notes: [
    'Verified channels may upload videos up to 12 h; the 15 min limit applies to unverified channels.',
    'Shorts are classified by YouTube from duration (≤ 3 min) and a square or vertical aspect; there is no API flag.',
    'Tags are limited to 500 characters in total; thumbnails are JPEG/PNG ≤ 2 MB.',
  ],
  sources: [
    'shared/platforms/youtube.md',
    VIDEOS_INSERT,
    VIDEOS,
    'https://developers.google.com/youtube/v3/guides/using_resumable_upload_protocol',
  ],
};
