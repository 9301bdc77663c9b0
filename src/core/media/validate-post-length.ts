import { countCaption, listPlatforms, validateCaption, type CaptionUnit } from '../../media/rules/index.js';
import { apiPlatformName } from './validate-platform-name.js';

/** A text's length on one platform, counted the way that platform counts. */
export interface PostLengthCount {
  /** Length in `unit`. */
  count: number;
  /** The platform's maximum for a post's main text (without media). */
  limit: number;
  /** True when the text fits: within `limit`, and within any second cap the platform has (Bluesky's 3,000 bytes). */
  valid: boolean;
  /** How `count` was measured: utf16, weighted (X), graphemes, utf8_bytes, emoji_utf8 (Threads). */
  unit: CaptionUnit;
}

/** The length of one text on every platform Outbox has rules for. */
export interface PostLengthReport {
  /** The text as received. */
  text: string;
  /** By platform, in the API spelling (`twitter`, `googlebusiness`). */
  platforms: Record<string, PostLengthCount>;
}

/**
 * Counts `text` as the main text of a post on every platform: X weighs it (URLs 23), Bluesky and Mastodon count
 * graphemes, YouTube descriptions UTF-8 bytes, most others UTF-16 units. Only length is judged here; hashtag,
 * mention and link caps are `validatePost`'s. Pure.
 */
export function validatePostLength(text: string): PostLengthReport {
  const platforms: Record<string, PostLengthCount> = {};
  for (const rulesId of listPlatforms()) {
    const { length, limit, unit } = countCaption(rulesId, text);
    const tooLong = validateCaption(rulesId, text).some((v) => v.code === 'POST_CAPTION_TOO_LONG');
    platforms[apiPlatformName(rulesId)] = { count: length, limit, valid: !tooLong, unit };
  }
  return { text, platforms };
}
