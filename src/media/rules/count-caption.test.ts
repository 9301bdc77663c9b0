import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { countCaption } from './count-caption.js';

const FAMILY = '👨‍👩‍👧'; // three people joined by ZWJ: 5 code points, 8 UTF-16 units, 18 UTF-8 bytes, 1 grapheme

describe('countCaption', () => {
  it('counts UTF-16 code units by default (TikTok)', () => {
    expect(countCaption('tiktok', 'héllo 😀')).toEqual({ length: 8, limit: 2200, unit: 'utf16' });
    expect(countCaption('tiktok', 'x', { field: 'photoTitle' }).limit).toBe(90);
  });

  it('weights X text like twitter-text', () => {
    expect(countCaption('twitter', 'hello world').length).toBe(11);
    expect(countCaption('twitter', '你好').length).toBe(4); // CJK weighs 2
    expect(countCaption('twitter', FAMILY).length).toBe(2); // one emoji sequence weighs 2
    expect(countCaption('twitter', '🇫🇷').length).toBe(2); // a flag is one emoji
    expect(countCaption('twitter', '“quoted” — ok').length).toBe(13); // general punctuation weighs 1
    expect(countCaption('twitter', 'é').length).toBe(1); // NFC: e + combining accent is one code point
  });

  it('counts every X URL as 23, with or without a scheme', () => {
    const long = `https://example.com/${'a'.repeat(100)}`;
    expect(countCaption('twitter', long).length).toBe(23);
    expect(countCaption('twitter', `see ${long}.`).length).toBe(4 + 23 + 1); // trailing period is not in the URL
    expect(countCaption('twitter', 'visit example.com/path now').length).toBe(6 + 23 + 4);
    expect(countCaption('twitter', 'e.g. this').length).toBe(9); // not a domain
  });

  it('counts Bluesky in graphemes', () => {
    expect(countCaption('bluesky', `${FAMILY}${FAMILY}e\u0301`)).toEqual({ length: 3, limit: 300, unit: 'graphemes' });
  });

  it('counts Mastodon in graphemes with URLs as 23 and remote mentions without their domain', () => {
    expect(countCaption('mastodon', `hi @alice@example.social https://example.com/${'x'.repeat(80)}`).length).toBe(
      3 + '@alice'.length + 1 + 23,
    );
  });

  it('counts Threads emoji by their UTF-8 bytes', () => {
    expect(countCaption('threads', 'ab😀').length).toBe(2 + 4);
    expect(countCaption('threads', FAMILY).length).toBe(18);
  });

  it('counts the YouTube description in UTF-8 bytes and the title in UTF-16 units', () => {
    expect(countCaption('youtube', 'é😀')).toEqual({ length: 2 + 4, limit: 5000, unit: 'utf8_bytes' });
    expect(countCaption('youtube', 'é😀', { field: 'title' })).toEqual({ length: 3, limit: 100, unit: 'utf16' });
  });

  it('lowers the Telegram limit when the message carries media', () => {
    expect(countCaption('telegram', 'x').limit).toBe(4096);
    expect(countCaption('telegram', 'x', { withMedia: true }).limit).toBe(1024);
  });

  it('throws RangeError for an unknown platform or field', () => {
    expect(() => countCaption('myspace', 'x')).toThrow(RangeError);
    expect(() => countCaption('tiktok', 'x', { field: 'title' })).toThrow(RangeError);
    expect(() => countCaption('tiktok', 'x', { field: 'toString' })).toThrow(RangeError);
  });

  it('keeps the X weight between the grapheme count and twice the code points for text without links', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 60 }), (raw) => {
        const text = raw.replace(/[.:/]/g, ' ').normalize('NFC');
        const { length } = countCaption('twitter', text);
        const graphemes = [...new Intl.Segmenter(undefined, { granularity: 'grapheme' }).segment(text)].length;
        return length >= graphemes && length <= 2 * [...text].length;
      }),
    );
  });

  it('counts UTF-16 units exactly like String#length', () => {
    fc.assert(fc.property(fc.string({ unit: 'binary' }), (text) => countCaption('linkedin', text).length === text.length));
  });
});
