import { beforeAll, describe, expect, it } from 'vitest';
import { ensureMediaFixtures, type MediaFixtureName, type MediaFixtures } from '../../../test/fixtures/media.js';
import { expectedProbeFromFfprobe } from '../../../test/fixtures/probe-expectations.js';
import { probeFile } from './probe-file.js';

let fixtures: MediaFixtures;
beforeAll(async () => {
  fixtures = await ensureMediaFixtures();
}, 180_000);

const IMAGES: [MediaFixtureName, string][] = [
  ['jpeg', 'image/jpeg'],
  ['jpegExifRotated90', 'image/jpeg'],
  ['png', 'image/png'],
  ['pngWide', 'image/png'],
  ['webpLossy', 'image/webp'],
  ['webpLossless', 'image/webp'],
  ['gif', 'image/gif'],
];

describe('probeFile on images, compared with ffprobe', () => {
  it.each(IMAGES)('%s matches ffprobe', async (name, mimeType) => {
    const path = fixtures[name];
    const [probe, expected] = await Promise.all([probeFile(path), expectedProbeFromFfprobe(path)]);
    expect(probe).toEqual({
      kind: 'image',
      container: expected.container,
      mimeType,
      width: expected.width,
      height: expected.height,
      rotation: expected.rotation,
      sizeBytes: expected.sizeBytes,
      bytesRead: probe.bytesRead,
    });
    expect(probe.bytesRead).toBeLessThanOrEqual(8192);
  });

  it('applies EXIF orientation 6 as a clockwise quarter turn', async () => {
    expect(await probeFile(fixtures.jpegExifRotated90)).toMatchObject({ width: 480, height: 640, rotation: 90 });
  });

  it('reads the VP8X canvas of an animated WebP', async () => {
    // ffprobe 5.x cannot read animated WebP, so this compares with the size the fixture was generated at.
    expect(await probeFile(fixtures.webpAnimated)).toMatchObject({ container: 'webp', width: 640, height: 480 });
  });
});
