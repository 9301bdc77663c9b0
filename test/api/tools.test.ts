import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { API_PLATFORM_NAMES } from '../../src/core/media/validate-platform-name.js';
import { ensureMediaFixtures, type MediaFixtureName, type MediaFixtures } from '../fixtures/media.js';
import { createTestApi, type TestApi } from '../helpers/context.js';
import { describeEachDialect } from '../helpers/dialects.js';

/*
 * The validation tools over real HTTP: fixture files made by ffmpeg are presigned and PUT exactly as a client does,
 * then validated by upload id and by public URL.
 */

let fixtures: MediaFixtures;
beforeAll(async () => {
  fixtures = await ensureMediaFixtures();
});

type Json = Record<string, any>;
interface Uploaded {
  uploadId: string;
  publicUrl: string;
  size: number;
}

const UPLOADED: MediaFixtureName[] = ['mp4Faststart', 'mp4Short2900ms', 'mp4Long601s', 'mp4Width359'];
const GIB = 1024 ** 3;

/** `count` copies of `unit`, e.g. a caption of an exact length. */
const repeat = (unit: string, count: number) => unit.repeat(count);

describeEachDialect('validation tools', (dialect) => {
  let t: TestApi;
  let origin: string;
  const files = {} as Record<MediaFixtureName, Uploaded>;

  const call = async (path: string, body: unknown, method = 'POST') => {
    const res = await fetch(`${origin}/api/v1${path}`, {
      method,
      headers: { ...t.auth(), 'content-type': 'application/json' },
      ...(method === 'POST' && { body: JSON.stringify(body) }),
    });
    return { status: res.status, json: (await res.json()) as Json };
  };
  const presign = async (filename: string) => (await call('/media/presign', { filename, contentType: 'video/mp4' })).json;

  beforeAll(async () => {
    t = await createTestApi(dialect, { OUTBOX_MAX_UPLOAD_BYTES: String(50 * 1024 * 1024) });
    origin = await t.app.listen({ port: 0, host: '127.0.0.1' });
    for (const name of UPLOADED) {
      const bytes = fs.readFileSync(fixtures[name]);
      const slot = await presign(`${name}.mp4`);
      const put = await fetch(slot.uploadUrl, { method: 'PUT', headers: { 'content-type': 'video/mp4' }, body: bytes });
      if (put.status !== 200) throw new Error(`PUT ${name} answered ${put.status}: ${await put.text()}`);
      files[name] = { uploadId: slot.uploadId, publicUrl: slot.publicUrl, size: bytes.length };
    }
  });
  afterAll(async () => t?.close());

  describe('POST /tools/validate/post-length', () => {
    it('counts per platform as each counts: X weighs URLs 23, Bluesky graphemes, TikTok UTF-16 units', async () => {
      const text = `Hi 👋🏽 see https://example.com/${repeat('p', 100)}`;
      const { status, json } = await call('/tools/validate/post-length', { text });
      expect(status).toBe(200);
      expect(json.text).toBe(text);
      expect(Object.keys(json.platforms)).toEqual(API_PLATFORM_NAMES);
      expect(json.platforms.twitter).toEqual({ count: 3 + 2 + 5 + 23, limit: 280, valid: true, unit: 'weighted' });
      expect(json.platforms.bluesky).toEqual({ count: 3 + 1 + 5 + 120, limit: 300, valid: true, unit: 'graphemes' });
      expect(json.platforms.tiktok).toEqual({ count: 3 + 4 + 5 + 120, limit: 2200, valid: true, unit: 'utf16' });
      expect(json.platforms.googlebusiness).toMatchObject({ limit: 1500, unit: 'utf16' });
    });

    it('marks a text invalid where it is too long, including Bluesky’s byte cap on few graphemes', async () => {
      const family = '👨‍👩‍👧'; // 1 grapheme, 8 UTF-16 units, 18 UTF-8 bytes
      const { json } = await call('/tools/validate/post-length', { text: repeat(family, 200) });
      expect(json.platforms.bluesky).toEqual({ count: 200, limit: 300, valid: false, unit: 'graphemes' });
      expect(json.platforms.twitter).toMatchObject({ count: 400, valid: false });
      expect(json.platforms.tiktok).toMatchObject({ count: 1600, valid: true });
    });

    it('answers 400 naming the field for a missing or non-string text', async () => {
      for (const body of [{}, { text: 5 }]) {
        const { status, json } = await call('/tools/validate/post-length', body);
        expect(status).toBe(400);
        expect(json).toMatchObject({ code: 'VALIDATION_FAILED', param: 'text' });
      }
    });
  });

  describe('POST /tools/validate/media', () => {
    it('reports a valid 5 s 720x1280 MP4 in the SDK shape with its probe and per-platform results', async () => {
      const file = files.mp4Faststart;
      const { status, json } = await call('/tools/validate/media', { url: file.publicUrl });
      expect(status).toBe(200);
      expect(json).toMatchObject({
        valid: true, url: file.publicUrl, uploadId: file.uploadId, contentType: 'video/mp4', size: file.size, type: 'video',
        probe: { kind: 'video', container: 'mp4', width: 720, height: 1280 },
      });
      expect(json.platformLimits.tiktok).toEqual({ limit: GIB, limitFormatted: '1 GiB', withinLimit: true });
      expect(json.platforms.tiktok).toEqual({ valid: true, violations: [] });
      expect(Object.keys(json.platforms)).toEqual(API_PLATFORM_NAMES);
      // Google Business takes no video: a violation there, and no size limit to compare.
      expect(json.platforms.googlebusiness.violations.map((v: Json) => v.code)).toEqual(['MEDIA_KIND_NOT_SUPPORTED']);
      expect(json.platformLimits.googlebusiness).toBeUndefined();
    });

    it('finds every TikTok violation of short, long and narrow videos, with limit and measured value', async () => {
      const tiktok = async (name: MediaFixtureName) =>
        (await call('/tools/validate/media', { uploadId: files[name].uploadId })).json.platforms.tiktok as Json;
      const short = await tiktok('mp4Short2900ms');
      expect(short.valid).toBe(false);
      expect(short.violations).toEqual([
        expect.objectContaining({ code: 'MEDIA_DURATION_TOO_SHORT', field: 'uploadId', property: 'durationMs', limit: 3000 }),
      ]);
      expect(short.violations[0].actual).toBeGreaterThan(2850);
      expect(short.violations[0].actual).toBeLessThan(3000);
      const long = await tiktok('mp4Long601s');
      expect(long.violations).toEqual([expect.objectContaining({ code: 'MEDIA_DURATION_TOO_LONG', limit: 600_000 })]);
      expect(long.violations[0].actual).toBeGreaterThan(600_000);
      const narrow = await tiktok('mp4Width359');
      expect(narrow.violations).toEqual([
        expect.objectContaining({ code: 'MEDIA_DIMENSIONS_TOO_SMALL', property: 'width', limit: 360, actual: 359 }),
      ]);
    });

    it('answers valid: false with the reason for media it cannot look at, never an error status', async () => {
      const external = await call('/tools/validate/media', { url: 'https://cdn.example.com/video.mp4' });
      expect(external).toMatchObject({ status: 200, json: { valid: false, url: 'https://cdn.example.com/video.mp4', type: 'unknown', code: 'MEDIA_URL_NOT_HOSTED' } });
      expect(external.json.error).toEqual(expect.any(String));
      const unknown = await call('/tools/validate/media', { uploadId: t.ctx.ids.next() });
      expect(unknown.json).toMatchObject({ valid: false, code: 'MEDIA_UPLOAD_NOT_FOUND', type: 'unknown' });
      const pending = await presign('later.mp4');
      const notYet = await call('/tools/validate/media', { url: pending.publicUrl });
      expect(notYet.json).toMatchObject({ valid: false, code: 'MEDIA_UPLOAD_NOT_RECEIVED' });
      const guessed = files.mp4Faststart.publicUrl.replace(/media\/[0-9a-f]{32}/, `media/${'0'.repeat(32)}`);
      expect((await call('/tools/validate/media', { url: guessed })).json).toMatchObject({ valid: false, code: 'MEDIA_NOT_FOUND' });
    });

    it('answers 400 for a body without url or uploadId, or with a url that is not absolute', async () => {
      expect((await call('/tools/validate/media', {})).json).toMatchObject({ code: 'VALIDATION_FAILED', param: 'url' });
      expect((await call('/tools/validate/media', { url: '/media/x/y.mp4' })).json).toMatchObject({ code: 'VALIDATION_FAILED', param: 'url' });
    });
  });

  describe('POST /tools/validate/post', () => {
    const validate = (body: unknown) => call('/tools/validate/post', body);

    it('accepts a valid TikTok post in the SDK shape', async () => {
      const { status, json } = await validate({ content: 'Hello #outbox', platforms: [{ platform: 'tiktok', accountId: 'any' }], mediaItems: [{ uploadId: files.mp4Faststart.uploadId }] });
      expect(status).toBe(200);
      expect(json).toEqual({ valid: true, message: expect.any(String), warnings: [], violations: [] });
    });

    it('counts a TikTok caption in UTF-16 units: 2,201 is POST_CAPTION_TOO_LONG', async () => {
      // 2,200 code points, but the emoji takes two UTF-16 units.
      const content = `${repeat('a', 2199)}😀`;
      const { json } = await validate({ content, platforms: [{ platform: 'tiktok' }], mediaItems: [{ url: files.mp4Faststart.publicUrl }] });
      expect(json.valid).toBe(false);
      expect(json.violations).toEqual([
        { platform: 'tiktok', code: 'POST_CAPTION_TOO_LONG', field: 'content', message: expect.any(String), limit: 2200, actual: 2201 },
      ]);
      expect(json.errors).toEqual([{ platform: 'tiktok', error: expect.stringContaining('content') }]);
    });

    it('returns every violation at once, each pointing into the request', async () => {
      const { json } = await validate({
        content: repeat('a', 2201),
        platforms: [{ platform: 'youtube' }, { platform: 'tiktok' }],
        mediaItems: [{ uploadId: files.mp4Short2900ms.uploadId }, { type: 'video', url: files.mp4Width359.publicUrl }],
      });
      const tiktok = (json.violations as Json[]).filter((v) => v.platform === 'tiktok').map(({ code, field, property }) => ({ code, field, property }));
      expect(tiktok).toEqual([
        { code: 'POST_CAPTION_TOO_LONG', field: 'content', property: undefined },
        { code: 'MEDIA_DURATION_TOO_SHORT', field: 'mediaItems[0]', property: 'durationMs' },
        { code: 'MEDIA_DIMENSIONS_TOO_SMALL', field: 'mediaItems[1]', property: 'width' },
        { code: 'MEDIA_TOO_MANY_ITEMS', field: 'mediaItems', property: undefined },
      ]);
      const youtube = (json.violations as Json[]).filter((v) => v.platform === 'youtube').map((v) => v.code);
      expect(youtube).toContain('MEDIA_TOO_MANY_ITEMS');
      expect(json.errors).toHaveLength(json.violations.length);
    });

    it('applies customContent and customMedia to their platform only', async () => {
      const { json } = await validate({
        content: repeat('a', 2201),
        platforms: [
          { platform: 'tiktok', customContent: 'short enough', customMedia: [{ uploadId: files.mp4Faststart.uploadId }] },
          { platform: 'youtube', customContent: repeat('b', 10) },
        ],
        mediaItems: [{ uploadId: files.mp4Short2900ms.uploadId }],
      });
      expect(json.valid).toBe(true);
      const overLimit = await validate({ platforms: [{ platform: 'tiktok', customContent: repeat('c', 2300), customMedia: [{ uploadId: files.mp4Faststart.uploadId }] }] });
      expect(overLimit.json.violations).toEqual([expect.objectContaining({ code: 'POST_CAPTION_TOO_LONG', field: 'platforms[0].customContent', actual: 2300 })]);
    });

    it('weighs an X post: each URL counts 23 whatever its length', async () => {
      const url = `https://example.com/${repeat('p', 200)}`;
      const fits = await validate({ content: `${repeat('a', 256)} ${url}`, platforms: [{ platform: 'x' }] });
      expect(fits.json.valid).toBe(true);
      expect(fits.json.warnings).toEqual([{ platform: 'twitter', warning: expect.any(String) }]);
      const over = await validate({ content: `${repeat('a', 257)} ${url}`, platforms: [{ platform: 'twitter' }] });
      expect(over.json.violations).toEqual([expect.objectContaining({ platform: 'twitter', code: 'POST_CAPTION_TOO_LONG', limit: 280, actual: 281 })]);
    });

    it('counts Bluesky text in graphemes: 300 skin-toned emoji fit, 301 do not', async () => {
      const emoji = '👍🏽'; // 1 grapheme, 4 UTF-16 units, 8 UTF-8 bytes
      expect((await validate({ content: repeat(emoji, 300), platforms: [{ platform: 'bluesky' }] })).json.valid).toBe(true);
      const over = await validate({ content: repeat(emoji, 301), platforms: [{ platform: 'bluesky' }] });
      expect(over.json.violations).toEqual([expect.objectContaining({ platform: 'bluesky', code: 'POST_CAPTION_TOO_LONG', limit: 300, actual: 301 })]);
    });

    it('reports media it cannot look at as violations on their fields, not as errors', async () => {
      const pending = await presign('not-yet.mp4');
      const { status, json } = await validate({
        content: 'x',
        platforms: [{ platform: 'tiktok' }],
        mediaItems: [{ uploadId: t.ctx.ids.next() }, { uploadId: pending.uploadId }, { url: 'https://cdn.example.com/a.mp4' }, { url: null }],
      });
      expect(status).toBe(200);
      expect(json.violations.map((v: Json) => [v.code, v.field])).toEqual([
        ['MEDIA_UPLOAD_NOT_FOUND', 'mediaItems[0]'],
        ['MEDIA_UPLOAD_NOT_RECEIVED', 'mediaItems[1]'],
        ['MEDIA_URL_NOT_HOSTED', 'mediaItems[2]'],
      ]);
      expect(json.warnings).toEqual([{ warning: expect.stringContaining('mediaItems[3]') }]);
    });

    it('flags a post with neither text nor media, and media a platform requires', async () => {
      const { json } = await validate({ content: '', platforms: [{ platform: 'bluesky' }, { platform: 'tiktok' }] });
      expect(json.violations.map((v: Json) => [v.platform, v.code, v.field])).toEqual([
        ['bluesky', 'POST_CAPTION_REQUIRED', 'content'],
        ['tiktok', 'POST_CAPTION_REQUIRED', 'content'],
        ['tiktok', 'MEDIA_REQUIRED', 'mediaItems'],
      ]);
    });

    it('answers 400 naming platforms[i].platform, with the allowed values, for an unknown platform', async () => {
      const { status, json } = await validate({ content: 'x', platforms: [{ platform: 'tiktok' }, { platform: 'myspace' }] });
      expect(status).toBe(400);
      expect(json).toMatchObject({ code: 'VALIDATION_FAILED', param: 'platforms[1].platform' });
      expect(json.details.fields['platforms[1].platform'][0]).toContain(API_PLATFORM_NAMES.join(', '));
      const none = await validate({ content: 'x', platforms: [] });
      expect(none.json).toMatchObject({ code: 'VALIDATION_FAILED', param: 'platforms' });
    });
  });

  it('lets a read-only key validate, since validating changes nothing', async () => {
    const readOnly = await t.createKey({ name: 'ro', permission: 'read' });
    const res = await fetch(`${origin}/api/v1/tools/validate/post-length`, {
      method: 'POST',
      headers: { ...t.auth(readOnly), 'content-type': 'application/json' },
      body: JSON.stringify({ text: 'hello' }),
    });
    expect(res.status).toBe(200);
    const create = await fetch(`${origin}/api/v1/profiles`, {
      method: 'POST', headers: { ...t.auth(readOnly), 'content-type': 'application/json' }, body: JSON.stringify({ name: 'x' }),
    });
    expect(create.status).toBe(403);
  });

  it('recognises media URLs under OUTBOX_PUBLIC_URL, path prefix included', async () => {
    const base = 'https://media.example.com/outbox';
    const behind = await createTestApi(dialect, { OUTBOX_PUBLIC_URL: base });
    try {
      const local = await behind.app.listen({ port: 0, host: '127.0.0.1' });
      const post = async (path: string, body: unknown) =>
        (await fetch(`${local}/api/v1${path}`, { method: 'POST', headers: { ...behind.auth(), 'content-type': 'application/json' }, body: JSON.stringify(body) })).json() as Promise<Json>;
      const slot = await post('/media/presign', { filename: 'clip.mp4', contentType: 'video/mp4' });
      expect(slot.publicUrl).toMatch(/^https:\/\/media\.example\.com\/outbox\/media\/[0-9a-f]{32}\/clip\.mp4$/);
      // The proxy in front would strip the prefix; the test talks to the server directly.
      const put = await fetch(slot.uploadUrl.replace(base, local), { method: 'PUT', headers: { 'content-type': 'video/mp4' }, body: fs.readFileSync(fixtures.mp4Faststart) });
      expect(put.status).toBe(200);
      expect(await post('/tools/validate/media', { url: slot.publicUrl })).toMatchObject({ valid: true, uploadId: slot.uploadId });
      const withoutPrefix = slot.publicUrl.replace(base, 'https://media.example.com');
      expect(await post('/tools/validate/media', { url: withoutPrefix })).toMatchObject({ valid: false, code: 'MEDIA_URL_NOT_HOSTED' });
    } finally {
      await behind.close();
    }
  });

  it('answers 501 for hosted-service tools Outbox does not offer, and 404 for a wrong method on its own', async () => {
    expect((await call('/tools/validate/subreddit?name=x', undefined, 'GET')).json.code).toBe('REQUEST_NOT_IMPLEMENTED');
    const wrongMethod = await call('/tools/validate/post', undefined, 'GET');
    expect(wrongMethod).toMatchObject({ status: 404, json: { code: 'REQUEST_ROUTE_NOT_FOUND' } });
  });
});
