import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeSparseMoovAtEnd } from '../../../test/fixtures/iso-bmff-surgery.js';
import { ensureMediaFixtures, type MediaFixtureName, type MediaFixtures } from '../../../test/fixtures/media.js';
import type { MediaProbe } from '../probe/media-probe.js';
import { probeFile } from '../probe/probe-file.js';
import { validateMediaAgainstRules } from './validate-media.js';

let fixtures: MediaFixtures;
let scratch: string;
beforeAll(async () => {
  fixtures = await ensureMediaFixtures();
  scratch = await mkdtemp(join(tmpdir(), 'outbox-rules-media-'));
}, 180_000);
afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

async function codesFor(platform: string, name: MediaFixtureName): Promise<string[]> {
  return validateMediaAgainstRules(platform, await probeFile(fixtures[name])).map((v) => v.code);
}

describe('TikTok video rules on real files (each fixture breaks exactly one rule)', () => {
  it.each<[MediaFixtureName, string[]]>([
    ['mp4Faststart', []],
    ['mp4MoovAtEnd', []],
    ['mov', []],
    ['webmVp9', []],
    ['mp4Rotated90', []],
    ['mp4Short2900ms', ['MEDIA_DURATION_TOO_SHORT']],
    ['mp4Long601s', ['MEDIA_DURATION_TOO_LONG']],
    ['mp4Width359', ['MEDIA_DIMENSIONS_TOO_SMALL']],
    ['mp4Width4100', ['MEDIA_DIMENSIONS_TOO_LARGE']],
    ['mp4Fps20', ['MEDIA_FRAME_RATE_OUT_OF_RANGE']],
    ['mp4Mpeg4Codec', ['MEDIA_CODEC_NOT_ALLOWED']],
  ])('%s → %j', async (name, expected) => {
    expect(await codesFor('tiktok', name)).toEqual(expected);
  });

  it('names the field, limit and measured value', async () => {
    const [violation] = validateMediaAgainstRules('tiktok', await probeFile(fixtures.mp4Short2900ms), {
      field: 'mediaItems[0]',
    });
    expect(violation).toMatchObject({ field: 'mediaItems[0].durationMs', limit: 3000, actual: 2900 });
    const [small] = validateMediaAgainstRules('tiktok', await probeFile(fixtures.mp4Width359));
    expect(small).toMatchObject({ field: 'media.width', limit: 360, actual: 359 });
  });

  it('rejects a file over the 1 GiB product cap, read from a sparse 1.5 GiB MP4', async () => {
    const path = join(scratch, 'sparse-1.5gib.mp4');
    await writeSparseMoovAtEnd(fixtures.mp4Faststart, path, 1.5 * 1024 ** 3);
    const violations = validateMediaAgainstRules('tiktok', await probeFile(path));
    expect(violations).toEqual([expect.objectContaining({ code: 'MEDIA_TOO_LARGE', limit: 1024 ** 3 })]);
  });
});

describe('other platforms on real files', () => {
  it('returns every violation of a WebM on Instagram', async () => {
    expect(await codesFor('instagram', 'webmVp9')).toEqual([
      'MEDIA_FORMAT_NOT_ALLOWED', 'MEDIA_CODEC_NOT_ALLOWED', 'MEDIA_AUDIO_CODEC_NOT_ALLOWED',
    ]);
  });

  it('checks the audio codec where the platform names one', async () => {
    expect(await codesFor('instagram', 'mp4Mp3Audio')).toEqual(['MEDIA_AUDIO_CODEC_NOT_ALLOWED']);
    expect(await codesFor('tiktok', 'mp4Mp3Audio')).toEqual([]);
  });

  it('needs fast start on Instagram and Threads', async () => {
    expect(await codesFor('instagram', 'mp4MoovAtEnd')).toEqual(['MEDIA_MOOV_NOT_AT_START']);
    expect(await codesFor('threads', 'mp4MoovAtEnd')).toEqual(['MEDIA_MOOV_NOT_AT_START']);
    expect(await codesFor('instagram', 'mp4Faststart')).toEqual([]);
  });

  it('applies X limits to either orientation', async () => {
    expect(await codesFor('twitter', 'mp4Faststart')).toEqual([]); // 720x1280 portrait
    expect(await codesFor('twitter', 'mp4Width4100')).toEqual([
      'MEDIA_DIMENSIONS_TOO_LARGE', 'MEDIA_ASPECT_RATIO_OUT_OF_RANGE',
    ]);
  });

  it('checks image formats and aspect ratios', async () => {
    expect(await codesFor('tiktok', 'png')).toEqual(['MEDIA_FORMAT_NOT_ALLOWED']);
    expect(await codesFor('tiktok', 'jpeg')).toEqual([]);
    expect(await codesFor('instagram', 'pngWide')).toEqual(['MEDIA_FORMAT_NOT_ALLOWED', 'MEDIA_ASPECT_RATIO_OUT_OF_RANGE']);
    expect(await codesFor('bluesky', 'webpLossy')).toEqual([]);
  });

  it('rejects a kind the platform does not take', async () => {
    expect(await codesFor('youtube', 'jpeg')).toEqual(['MEDIA_KIND_NOT_SUPPORTED']);
    expect(await codesFor('google-business', 'mp4Faststart')).toEqual(['MEDIA_KIND_NOT_SUPPORTED']);
  });

  it('reports an unknown platform', async () => {
    expect(await codesFor('friendster', 'jpeg')).toEqual(['POST_PLATFORM_UNKNOWN']);
  });
});

// Pure checks on probe values that are costly to produce as files (multi-megabyte images, exotic sizes).
function image(overrides: Partial<MediaProbe>): MediaProbe {
  return {
    kind: 'image', container: 'jpeg', mimeType: 'image/jpeg', width: 1000, height: 1000, rotation: 0,
    sizeBytes: 100_000, bytesRead: 4096, ...overrides,
  };
}

describe('image limits on probe values', () => {
  it('gives X GIFs their own size allowance', () => {
    const tenMiB = 10 * 1024 ** 2;
    expect(validateMediaAgainstRules('twitter', image({ container: 'gif', sizeBytes: tenMiB }))).toEqual([]);
    const codes = validateMediaAgainstRules('twitter', image({ sizeBytes: tenMiB })).map((v) => v.code);
    expect(codes).toEqual(['MEDIA_TOO_LARGE']);
    const bigGif = image({ container: 'gif', width: 1920, height: 1080 });
    expect(validateMediaAgainstRules('twitter', bigGif)).toEqual([
      expect.objectContaining({ code: 'MEDIA_DIMENSIONS_TOO_LARGE', field: 'media.width', limit: 1280 }),
    ]);
  });

  it('checks Bluesky bytes, Telegram side sums and aspect, Google minimums and LinkedIn pixels', () => {
    const codes = (platform: string, probe: MediaProbe): string[] =>
      validateMediaAgainstRules(platform, probe).map((v) => v.code);
    expect(codes('bluesky', image({ sizeBytes: 2_000_001 }))).toEqual(['MEDIA_TOO_LARGE']);
    expect(codes('bluesky', image({ sizeBytes: 2_000_000 }))).toEqual([]);
    expect(codes('telegram', image({ width: 6000, height: 4001 }))).toEqual(['MEDIA_DIMENSIONS_TOO_LARGE']);
    expect(codes('telegram', image({ width: 2100, height: 100 }))).toEqual(['MEDIA_ASPECT_RATIO_OUT_OF_RANGE']);
    expect(codes('google-business', image({ width: 200, sizeBytes: 5000 }))).toEqual([
      'MEDIA_DIMENSIONS_TOO_SMALL', 'MEDIA_TOO_SMALL',
    ]);
    expect(codes('linkedin', image({ width: 6016, height: 6016 }))).toEqual(['MEDIA_DIMENSIONS_TOO_LARGE']);
  });

  it('skips checks for values the probe could not determine', () => {
    const video: MediaProbe = {
      kind: 'video', container: 'webm', mimeType: 'video/webm', width: 720, height: 1280, rotation: 0,
      sizeBytes: 1000, bytesRead: 1000,
    };
    expect(validateMediaAgainstRules('tiktok', video)).toEqual([]);
  });
});
