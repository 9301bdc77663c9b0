import { describe, expect, it } from 'vitest';
import type { MediaProbe } from '../probe/media-probe.js';
import { validateMediaSet } from './validate-media-set.js';

function image(container: MediaProbe['container'] = 'jpeg', width = 1080, height = 1080): MediaProbe {
  return { kind: 'image', container, mimeType: `image/${container}`, width, height, rotation: 0, sizeBytes: 1, bytesRead: 1 };
}
function video(): MediaProbe {
  return {
    kind: 'video', container: 'mp4', mimeType: 'video/mp4', videoCodec: 'h264', durationMs: 5000, width: 720,
    height: 1280, rotation: 0, frameRate: 30, sizeBytes: 1, bytesRead: 1, moovAtEnd: false,
  };
}
const times = <T>(n: number, make: () => T): T[] => Array.from({ length: n }, make);
const codes = (platform: string, probes: MediaProbe[]): string[] => validateMediaSet(platform, probes).map((v) => v.code);

describe('validateMediaSet', () => {
  it('accepts what each platform allows', () => {
    expect(codes('tiktok', times(35, () => image()))).toEqual([]);
    expect(codes('tiktok', [video()])).toEqual([]);
    expect(codes('instagram', [image(), video(), image()])).toEqual([]);
    expect(codes('twitter', [])).toEqual([]);
    expect(codes('twitter', [image('gif')])).toEqual([]);
  });

  it('requires media where the platform has no text-only posts', () => {
    expect(validateMediaSet('tiktok', [])).toEqual([expect.objectContaining({ code: 'MEDIA_REQUIRED', limit: 1, actual: 0 })]);
    expect(codes('youtube', [])).toEqual(['MEDIA_REQUIRED']);
  });

  it('counts items in total and per kind, once each', () => {
    expect(validateMediaSet('tiktok', times(36, () => image()))).toEqual([
      expect.objectContaining({ code: 'MEDIA_TOO_MANY_ITEMS', limit: 35, actual: 36 }),
    ]);
    expect(validateMediaSet('twitter', [video(), video()])).toEqual([
      expect.objectContaining({ code: 'MEDIA_TOO_MANY_ITEMS', limit: 1, actual: 2 }),
    ]);
    expect(codes('google-business', [image(), image()])).toEqual(['MEDIA_TOO_MANY_ITEMS']);
  });

  it('returns every set violation together', () => {
    expect(codes('twitter', [video(), ...times(4, () => image())])).toEqual([
      'MEDIA_TOO_MANY_ITEMS', 'MEDIA_MIXED_KINDS_NOT_ALLOWED',
    ]);
    expect(codes('tiktok', [video(), video(), image()])).toEqual(['MEDIA_TOO_MANY_ITEMS', 'MEDIA_MIXED_KINDS_NOT_ALLOWED']);
  });

  it('keeps an X GIF alone', () => {
    expect(codes('twitter', [image('gif'), image()])).toEqual(['MEDIA_GIF_MUST_BE_ALONE']);
  });

  it('needs equal image sizes in a Pinterest carousel', () => {
    expect(codes('pinterest', [image('jpeg', 1000, 1500), image('jpeg', 1000, 1500)])).toEqual([]);
    expect(validateMediaSet('pinterest', [image('jpeg', 1000, 1500), image('png', 1000, 1000)])).toEqual([
      expect.objectContaining({ code: 'MEDIA_DIMENSIONS_MISMATCH', actual: '1000x1500, 1000x1000' }),
    ]);
  });

  it('leaves an unsupported kind to the per-item check and reports unknown platforms', () => {
    expect(codes('youtube', [image()])).toEqual([]);
    expect(codes('orkut', [image()])).toEqual(['POST_PLATFORM_UNKNOWN']);
  });
});
