import type { PlatformRules } from './platform-rules.js';
import { blueskyRules } from './platforms/bluesky.js';
import { facebookRules } from './platforms/facebook.js';
import { googleBusinessRules } from './platforms/google-business.js';
import { instagramRules } from './platforms/instagram.js';
import { linkedinRules } from './platforms/linkedin.js';
import { mastodonRules } from './platforms/mastodon.js';
import { pinterestRules } from './platforms/pinterest.js';
import { redditRules } from './platforms/reddit.js';
import { telegramRules } from './platforms/telegram.js';
import { threadsRules } from './platforms/threads.js';
import { tiktokRules } from './platforms/tiktok.js';
import { twitterRules } from './platforms/twitter.js';
import { youtubeRules } from './platforms/youtube.js';

// An explicit list, in the order the docs present them.
const ALL_RULES: readonly PlatformRules[] = [
  tiktokRules, youtubeRules, twitterRules, instagramRules, facebookRules, threadsRules, linkedinRules,
  pinterestRules, blueskyRules, mastodonRules, redditRules, telegramRules, googleBusinessRules,
];

// Frozen because every caller shares these objects; a stray assignment would change validation for everyone.
const BY_ID = new Map(ALL_RULES.map((rules) => [rules.id, deepFreeze(rules)]));

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}

/**
 * The rules for `platform` (an id from `listPlatforms()`, e.g. `tiktok`, `twitter`), or undefined if unknown.
 * The returned object is frozen.
 */
export function getPlatformRules(platform: string): PlatformRules | undefined {
  return BY_ID.get(platform);
}

/** Every platform id that has rules, in documentation order. */
export function listPlatforms(): string[] {
  return ALL_RULES.map((rules) => rules.id);
}
