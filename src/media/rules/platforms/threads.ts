import { GB, MB, MINUTE, type PlatformRules } from '../platform-rules.js';

const POSTS = 'https://developers.facebook.com/documentation/threads/posts';
const OVERVIEW = 'https://developers.facebook.com/docs/threads/overview/';
const TROUBLESHOOTING = 'https://developers.facebook.com/docs/threads/troubleshooting/';

/** Threads API (Meta). */
export const threadsRules: PlatformRules = {
  id: 'threads',
  displayName: 'Threads',
  video: {
    containers: ['mp4', 'mov'],
    videoCodecs: ['h264', 'hevc'],
    audioCodecs: ['aac'],
    // "> 0 s": any positive duration.
    minDurationMs: 1,
    maxDurationMs: 5 * MINUTE,
    minFrameRate: 23,
    maxFrameRate: 60,
    maxWidth: 1920,
    minAspectRatio: 0.01,
    maxAspectRatio: 10,
    maxBytes: 1 * GB,
    requireMoovAtStart: true,
    source: OVERVIEW,
  },
  image: {
    formats: ['jpeg', 'png'],
    maxBytes: 8 * MB,
    // "Aspect ≤ 10:1" in either orientation.
    minAspectRatio: 1 / 10,
    maxAspectRatio: 10,
    source: OVERVIEW,
  },
  media: { maxItems: 20, maxImages: 20, maxVideos: 20, allowMixed: true, source: POSTS },
  captions: {
    caption: { maxLength: 500, unit: 'emoji_utf8', maxLinks: 5, source: `${POSTS}; ${TROUBLESHOOTING}` },
  },
  dailyPostCap: 250,
  notes: [
    'Image widths outside 320–1440 px are rescaled, not rejected; images must be sRGB.',
    'Video must be progressive with a closed GOP, 4:2:0, ≤ 100 Mbps, AAC ≤ 48 kHz mono/stereo; not measured by the probe.',
    'The 5-link limit comes from a third-party client; Meta pages read did not state it.',
  ],
  sources: ['shared/platforms/threads.md', OVERVIEW, POSTS, TROUBLESHOOTING],
};
