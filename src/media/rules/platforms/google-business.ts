import { KB, MB, type PlatformRules } from '../platform-rules.js';

const LOCAL_POSTS = 'https://developers.google.com/my-business/reference/rest/v4/accounts.locations.localPosts';
const POSTS_DATA = 'https://developers.google.com/my-business/content/posts-data';

/** Google Business Profile local posts (v4 localPosts). */
export const googleBusinessRules: PlatformRules = {
  id: 'google-business',
  displayName: 'Google Business Profile',
  image: {
    formats: ['jpeg', 'png'],
    minBytes: 10 * KB,
    maxBytes: 5 * MB,
    minWidth: 250,
    minHeight: 250,
    source: 'https://docs.zernio.com/platforms/google-business/reference (third-party figures)',
  },
  media: { maxItems: 1, maxImages: 1, maxVideos: 0, allowMixed: false, source: `${LOCAL_POSTS}; Postiz gmb.provider.ts` },
  captions: { caption: { maxLength: 1500, unit: 'utf16', source: `${POSTS_DATA}; Postiz gmb.provider.ts` } },
  notes: [
    'The schema has mediaFormat VIDEO, but video posts are treated as unsupported (Postiz rejects them too).',
    'Other sources give a 400x300 minimum; 4:3 at 1200x900 is recommended.',
  ],
  sources: ['shared/platforms/google-business.md', LOCAL_POSTS, POSTS_DATA,
    'https://developers.google.com/my-business/content/limits'],
};
