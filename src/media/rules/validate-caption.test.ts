import { describe, expect, it } from 'vitest';
import { validateCaption } from './validate-caption.js';

const codes = (platform: string, text: string, opts?: Parameters<typeof validateCaption>[2]): string[] =>
  validateCaption(platform, text, opts).map((v) => v.code);

describe('validateCaption', () => {
  it('accepts TikTok captions up to exactly 2,200 UTF-16 units', () => {
    expect(validateCaption('tiktok', 'a'.repeat(2200))).toEqual([]);
    expect(validateCaption('tiktok', 'a'.repeat(2201))).toEqual([
      expect.objectContaining({ code: 'POST_CAPTION_TOO_LONG', field: 'caption', limit: 2200, actual: 2201 }),
    ]);
    // An emoji is two UTF-16 units, so 1,101 of them are over the limit.
    expect(codes('tiktok', '😀'.repeat(1101))).toEqual(['POST_CAPTION_TOO_LONG']);
  });

  it('applies TikTok photo title and description limits by field', () => {
    expect(validateCaption('tiktok', 'a'.repeat(91), { field: 'photoTitle' })).toEqual([
      expect.objectContaining({ code: 'POST_CAPTION_TOO_LONG', field: 'photoTitle', limit: 90 }),
    ]);
    expect(codes('tiktok', 'a'.repeat(4000), { field: 'photoDescription' })).toEqual([]);
  });

  it('uses the X weighted length: 280 Latin characters pass, 141 CJK characters fail', () => {
    expect(codes('twitter', 'a'.repeat(280))).toEqual([]);
    expect(codes('twitter', '字'.repeat(140))).toEqual([]);
    expect(codes('twitter', '字'.repeat(141))).toEqual(['POST_CAPTION_TOO_LONG']);
    const url = `https://example.com/${'p'.repeat(300)}`;
    expect(codes('twitter', `${'a'.repeat(256)} ${url}`)).toEqual([]);
    expect(codes('twitter', `${'a'.repeat(257)} ${url}`)).toEqual(['POST_CAPTION_TOO_LONG']);
  });

  it('checks both Bluesky limits: 300 graphemes and 3,000 UTF-8 bytes', () => {
    expect(codes('bluesky', 'a'.repeat(300))).toEqual([]);
    expect(codes('bluesky', 'a'.repeat(301))).toEqual(['POST_CAPTION_TOO_LONG']);
    // 200 family emoji are 200 graphemes but 3,600 bytes.
    const violations = validateCaption('bluesky', '👨‍👩‍👧'.repeat(200));
    expect(violations).toEqual([expect.objectContaining({ code: 'POST_CAPTION_TOO_LONG', limit: 3000, actual: 3600 })]);
  });

  it('returns every Instagram violation at once', () => {
    const text = `${'x'.repeat(2200)} ${Array.from({ length: 31 }, (_, i) => `#tag${i}`).join(' ')}`;
    expect(codes('instagram', text)).toEqual(['POST_CAPTION_TOO_LONG', 'POST_TOO_MANY_HASHTAGS']);
    const mentions = Array.from({ length: 21 }, (_, i) => `@user_${i}`).join(' ');
    expect(validateCaption('instagram', mentions)).toEqual([
      expect.objectContaining({ code: 'POST_TOO_MANY_MENTIONS', limit: 20, actual: 21 }),
    ]);
    expect(codes('instagram', 'mail me at a@b.com #1 is not a tag')).toEqual([]);
  });

  it('limits Threads to five distinct links', () => {
    const links = (n: number): string => Array.from({ length: n }, (_, i) => `https://site${i}.com`).join(' ');
    expect(codes('threads', links(5))).toEqual([]);
    expect(codes('threads', `${links(5)} https://site0.com`)).toEqual([]);
    expect(codes('threads', links(6))).toEqual(['POST_TOO_MANY_LINKS']);
  });

  it('requires a YouTube title and rejects angle brackets', () => {
    expect(codes('youtube', '   ', { field: 'title' })).toEqual(['POST_CAPTION_REQUIRED']);
    expect(validateCaption('youtube', 'a <b> c')).toEqual([
      expect.objectContaining({ code: 'POST_CAPTION_INVALID_CHARACTERS', actual: '<>' }),
    ]);
  });

  it('applies the Telegram media caption limit only with media', () => {
    expect(codes('telegram', 'a'.repeat(2000))).toEqual([]);
    expect(codes('telegram', 'a'.repeat(2000), { withMedia: true })).toEqual(['POST_CAPTION_TOO_LONG']);
  });

  it('reports an unknown platform and ignores fields the platform does not define', () => {
    expect(validateCaption('myspace', 'hi')).toEqual([
      expect.objectContaining({ code: 'POST_PLATFORM_UNKNOWN', field: 'platform', actual: 'myspace' }),
    ]);
    expect(validateCaption('tiktok', 'x'.repeat(10_000), { field: 'title' })).toEqual([]);
  });
});
