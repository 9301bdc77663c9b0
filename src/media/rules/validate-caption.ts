import { measureCaption } from './caption-length.js';
import { captionLimit, captionRule, type CaptionOptions } from './count-caption.js';
import { getPlatformRules } from './platform-registry.js';
import type { CaptionRule } from './platform-rules.js';
import { countHashtags, countMentions, findUrls } from './text-entities.js';
import { unknownPlatform } from './unknown-platform.js';
import type { Violation } from './violation-codes.js';

const UNIT_NAMES = {
  utf16: 'characters',
  weighted: 'weighted characters',
  graphemes: 'characters',
  utf8_bytes: 'bytes',
  emoji_utf8: 'characters (emoji count their UTF-8 bytes)',
} as const;

/**
 * Checks one text field of a post against the platform's rules and returns every violation: length (as the
 * platform counts it), required, forbidden characters, hashtag/mention/link counts. A field the platform does not
 * define has no limits here and yields no violations. Pure.
 */
export function validateCaption(platform: string, text: string, opts: CaptionOptions = {}): Violation[] {
  if (getPlatformRules(platform) === undefined) return [unknownPlatform(platform)];
  const field = opts.field ?? 'caption';
  const rule = captionRule(platform, field);
  if (rule === undefined) return [];
  const violations: Violation[] = [];
  if (rule.required === true && text.trim() === '') {
    violations.push({ code: 'POST_CAPTION_REQUIRED', field, message: `${field} is required.` });
  }
  const limit = captionLimit(rule, opts.withMedia === true);
  const length = measureCaption(text, rule);
  if (length > limit) {
    const unit = UNIT_NAMES[rule.unit];
    const message = `${field} is ${length} ${unit} long; the limit is ${limit}.`;
    violations.push({ code: 'POST_CAPTION_TOO_LONG', field, message, limit, actual: length });
  }
  const bytes = Buffer.byteLength(text, 'utf8');
  if (rule.maxUtf8Bytes !== undefined && bytes > rule.maxUtf8Bytes) {
    const message = `${field} is ${bytes} UTF-8 bytes long; the limit is ${rule.maxUtf8Bytes} bytes.`;
    violations.push({ code: 'POST_CAPTION_TOO_LONG', field, message, limit: rule.maxUtf8Bytes, actual: bytes });
  }
  violations.push(...contentViolations(text, rule, field));
  return violations;
}

function contentViolations(text: string, rule: CaptionRule, field: string): Violation[] {
  const violations: Violation[] = [];
  const forbidden = (rule.forbiddenCharacters ?? []).filter((char) => text.includes(char));
  if (forbidden.length > 0) {
    violations.push({
      code: 'POST_CAPTION_INVALID_CHARACTERS',
      field,
      message: `${field} may not contain ${forbidden.join(' ')}.`,
      limit: rule.forbiddenCharacters,
      actual: forbidden.join(''),
    });
  }
  const counted = [
    { code: 'POST_TOO_MANY_HASHTAGS', what: 'hashtags', max: rule.maxHashtags, count: () => countHashtags(text) },
    { code: 'POST_TOO_MANY_MENTIONS', what: 'mentions', max: rule.maxMentions, count: () => countMentions(text) },
    { code: 'POST_TOO_MANY_LINKS', what: 'links', max: rule.maxLinks, count: () => distinctLinks(text) },
  ] as const;
  for (const { code, what, max, count } of counted) {
    if (max === undefined) continue;
    const actual = count();
    if (actual > max) {
      const message = `${field} has ${actual} ${what}; the limit is ${max}.`;
      violations.push({ code, field, message, limit: max, actual });
    }
  }
  return violations;
}

function distinctLinks(text: string): number {
  const urls = findUrls(text, { bareDomains: true }).map((r) => text.slice(r.start, r.end).toLowerCase());
  return new Set(urls).size;
}
