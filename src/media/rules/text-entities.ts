/** A half-open character range `[start, end)` of a string. */
export interface TextRange {
  start: number;
  end: number;
}

// Common generic and country TLDs. twitter-text recognises bare domains only for known TLDs; this shorter list
// covers the ones people actually type without a scheme. URLs with http(s):// are always recognised.
const BARE_TLDS = [
  'com', 'net', 'org', 'io', 'co', 'dev', 'app', 'ai', 'me', 'ly', 'gg', 'tv', 'info', 'biz', 'xyz', 'edu', 'gov',
  'news', 'blog', 'shop', 'store', 'site', 'online', 'tech', 'link', 'page',
  'uk', 'de', 'fr', 'jp', 'es', 'it', 'nl', 'ca', 'au', 'us', 'in', 'br', 'ru', 'ch', 'se', 'no', 'pl', 'be', 'at',
  'dk', 'fi', 'ie', 'nz', 'eu', 'cn', 'kr', 'mx', 'ar', 'pt', 'cz', 'gr', 'tr', 'za',
].join('|');

const SCHEME_URL = /https?:\/\/[^\s<>"'`]+/giu;
const BARE_URL = new RegExp(
  String.raw`(?<![\p{L}\p{N}@._/-])(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+(?:${BARE_TLDS})` +
    String.raw`(?::\d{1,5})?(?:/[^\s<>"'\x60]*)?(?![\p{L}\p{N}-])`,
  'giu',
);
// Sentence punctuation right after a link belongs to the sentence, as in twitter-text.
const TRAILING_PUNCTUATION = /[.,;:!?)\]}'"]+$/u;

/** Finds links: always `http(s)://…`, and bare domains such as `example.com/x` when `bareDomains` is set. */
export function findUrls(text: string, options: { bareDomains: boolean }): TextRange[] {
  const ranges = matchRanges(text, SCHEME_URL);
  if (options.bareDomains) {
    for (const range of matchRanges(text, BARE_URL)) {
      if (!ranges.some((r) => range.start < r.end && r.start < range.end)) ranges.push(range);
    }
  }
  return ranges.sort((a, b) => a.start - b.start);
}

function matchRanges(text: string, pattern: RegExp): TextRange[] {
  const ranges: TextRange[] = [];
  for (const match of text.matchAll(pattern)) {
    const trimmed = match[0].replace(TRAILING_PUNCTUATION, '');
    if (trimmed.length > 0) ranges.push({ start: match.index, end: match.index + trimmed.length });
  }
  return ranges;
}

/** Returns `text` with each range replaced by `replacement(rangeText)`. Ranges must be sorted and disjoint. */
export function replaceRanges(text: string, ranges: TextRange[], replacement: (part: string) => string): string {
  let result = '';
  let at = 0;
  for (const range of ranges) {
    result += text.slice(at, range.start) + replacement(text.slice(range.start, range.end));
    at = range.end;
  }
  return result + text.slice(at);
}

const HASHTAG = /(?<![\p{L}\p{N}_&#])#[\p{L}\p{M}\p{N}_]*[\p{L}\p{M}_][\p{L}\p{M}\p{N}_]*/gu;
const MENTION = /(?<![\p{L}\p{N}_.@])@[A-Za-z0-9_](?:[A-Za-z0-9_.]*[A-Za-z0-9_])?/gu;
// A fediverse mention `@user@example.social`; Mastodon counts only the `@user` part.
const REMOTE_MENTION = /(?<![\p{L}\p{N}_.@/])(@[\p{L}\p{N}_]+)@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)+/gu;

/** Number of `#hashtags` (at least one letter, so `#1` is not a tag). */
export function countHashtags(text: string): number {
  return [...text.matchAll(HASHTAG)].length;
}

/** Number of `@mentions`. */
export function countMentions(text: string): number {
  return [...text.matchAll(MENTION)].length;
}

/** Rewrites `@user@domain` mentions to `@user`. */
export function stripMentionDomains(text: string): string {
  return text.replace(REMOTE_MENTION, '$1');
}
