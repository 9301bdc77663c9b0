import { GB, MB, MINUTE, type PlatformRules } from '../platform-rules.js';

const DATA_API = 'https://support.reddithelp.com/hc/en-us/articles/16160319875092-Reddit-Data-API-Wiki';
const API_WIKI = 'https://github.com/reddit-archive/reddit/wiki/API';

/** Reddit submissions (self, link, image, video and gallery posts). */
export const redditRules: PlatformRules = {
  id: 'reddit',
  displayName: 'Reddit',
  video: {
    containers: ['mp4', 'mov'],
    maxDurationMs: 15 * MINUTE,
    maxBytes: 1 * GB,
    source: 'Third-party guides (uncertain; not in the API documentation)',
  },
  image: {
    formats: ['jpeg', 'png', 'gif'],
    maxBytes: 20 * MB,
    source: 'Third-party guides (uncertain; not in the API documentation)',
  },
  // One image or video per submission; galleries take 2–20 images.
  media: { maxItems: 20, maxImages: 20, maxVideos: 1, allowMixed: false, source: 'Postiz reddit.provider.ts; client code' },
  captions: {
    caption: { maxLength: 40_000, unit: 'utf16', source: API_WIKI },
    title: { maxLength: 300, unit: 'utf16', required: true, source: API_WIKI },
  },
  notes: [
    'Subreddits add their own rules (allowed post kinds, flair, karma and account age, NSFW).',
    'Video posts need a poster image.',
  ],
  sources: ['shared/platforms/reddit.md', DATA_API, API_WIKI],
};
