import { measureCaption } from './caption-length.js';
import { getPlatformRules } from './platform-registry.js';
import type { CaptionRule, CaptionUnit } from './platform-rules.js';

/** Which text field to measure and whether the post carries media. */
export interface CaptionOptions {
  /** A key of the platform's `captions`, e.g. `caption`, `title`, `photoDescription`. (Default: 'caption') */
  field?: string;
  /** The post has attachments, which lowers some limits (Telegram captions). (Default: false) */
  withMedia?: boolean;
}

/** A caption's length as the platform counts it, next to the limit that applies. */
export interface CaptionCount {
  /** Measured length in `unit`. */
  length: number;
  /** The maximum for this field (and media presence). */
  limit: number;
  /** How `length` was counted. */
  unit: CaptionUnit;
}

/**
 * Measures `text` the way `platform` counts it: UTF-16 units by default, X's weighted length (URLs = 23),
 * Bluesky and Mastodon graphemes, YouTube description bytes, Threads emoji bytes. Pure.
 * Throws `RangeError` for an unknown platform or a field the platform does not define; use `getPlatformRules`
 * first when the platform comes from user input.
 */
export function countCaption(platform: string, text: string, opts: CaptionOptions = {}): CaptionCount {
  const field = opts.field ?? 'caption';
  const rule = captionRule(platform, field);
  if (rule === undefined) throw new RangeError(`No caption rule "${field}" for platform "${platform}"`);
  return { length: measureCaption(text, rule), limit: captionLimit(rule, opts.withMedia === true), unit: rule.unit };
}

/** The rule for one field, or undefined for an unknown platform or field. */
export function captionRule(platform: string, field: string): CaptionRule | undefined {
  const rules = getPlatformRules(platform);
  return rules === undefined || !Object.hasOwn(rules.captions, field) ? undefined : rules.captions[field];
}

/** The maximum length that applies with or without media. */
export function captionLimit(rule: CaptionRule, withMedia: boolean): number {
  return withMedia && rule.maxLengthWithMedia !== undefined ? rule.maxLengthWithMedia : rule.maxLength;
}
