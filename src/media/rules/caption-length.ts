import type { CaptionRule, CaptionUnit } from './platform-rules.js';
import { findUrls, replaceRanges, stripMentionDomains } from './text-entities.js';

const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

// A grapheme containing any of these is an emoji (including flags and keycaps like 1️⃣).
const EMOJI = /\p{Extended_Pictographic}|\p{Regional_Indicator}|\u20E3/u;

// twitter-text v3 configuration: code points in these ranges weigh 1, everything else 2.
const TWITTER_LIGHT_RANGES: readonly (readonly [number, number])[] = [
  [0x0000, 0x10ff], // Latin through Georgian
  [0x2000, 0x200d], // spaces and joiners
  [0x2010, 0x201f], // dashes and quotation marks
  [0x2032, 0x2037], // primes
];

/**
 * Length of `text` as the rule's platform counts it. URLs are replaced by `urlLength` placeholder characters and
 * remote mentions shortened before counting, where the rule says so.
 */
export function measureCaption(text: string, rule: CaptionRule): number {
  let countable = text;
  if (rule.urlLength !== undefined) {
    const placeholder = 'x'.repeat(rule.urlLength);
    // X shortens bare domains too; Mastodon only links with a scheme.
    const urls = findUrls(countable, { bareDomains: rule.unit === 'weighted' });
    countable = replaceRanges(countable, urls, () => placeholder);
  }
  if (rule.mentionsWithoutDomain === true) countable = stripMentionDomains(countable);
  return measure(countable, rule.unit);
}

/** Length of `text` in `unit`, without URL or mention rewriting. */
export function measure(text: string, unit: CaptionUnit): number {
  switch (unit) {
    case 'utf16':
      return text.length;
    case 'utf8_bytes':
      return Buffer.byteLength(text, 'utf8');
    case 'graphemes':
      return countGraphemes(text);
    case 'weighted':
      return twitterWeightedLength(text);
    case 'emoji_utf8':
      return emojiUtf8Length(text);
  }
}

function countGraphemes(text: string): number {
  let count = 0;
  for (const _ of graphemes.segment(text)) count += 1;
  return count;
}

/**
 * twitter-text's weighted length after NFC normalisation: an emoji sequence (ZWJ family, flag, keycap, skin tone)
 * weighs 2 as a whole; other code points weigh 1 inside the light ranges and 2 outside (CJK, most symbols).
 */
function twitterWeightedLength(text: string): number {
  let total = 0;
  for (const { segment } of graphemes.segment(text.normalize('NFC'))) {
    const single = [...segment].length === 1;
    if (EMOJI.test(segment) && !(single && isLight(segment.codePointAt(0) ?? 0))) {
      total += 2;
      continue;
    }
    for (const char of segment) total += isLight(char.codePointAt(0) ?? 0) ? 1 : 2;
  }
  return total;
}

function isLight(codePoint: number): boolean {
  return TWITTER_LIGHT_RANGES.some(([start, end]) => codePoint >= start && codePoint <= end);
}

// Threads: characters count one each, but an emoji counts as many as its UTF-8 bytes.
function emojiUtf8Length(text: string): number {
  let total = 0;
  for (const { segment } of graphemes.segment(text)) {
    total += EMOJI.test(segment) ? Buffer.byteLength(segment, 'utf8') : [...segment].length;
  }
  return total;
}
