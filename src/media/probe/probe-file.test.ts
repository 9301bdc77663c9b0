import { beforeAll, describe, expect, it } from 'vitest';
import { ensureMediaFixtures, type MediaFixtureName, type MediaFixtures } from '../../../test/fixtures/media.js';
import { expectedProbeFromFfprobe } from '../../../test/fixtures/probe-expectations.js';
import { probeFile } from './probe-file.js';

let fixtures: MediaFixtures;
beforeAll(async () => {
  fixtures = await ensureMediaFixtures();
}, 180_000);

const VIDEOS: MediaFixtureName[] = [
  'mp4Faststart', 'mp4MoovAtEnd', 'mp4Short2900ms', 'mp4Long601s', 'mp4Width359', 'mp4Rotated90', 'mp4Fps20',
  'mp4Mpeg4Codec', 'mp4Width4100', 'mp4Mp3Audio', 'mov', 'webmVp9',
];

describe('probeFile on videos, compared with ffprobe', () => {
  it.each(VIDEOS)('%s matches ffprobe', async (name) => {
    const path = fixtures[name];
    const [probe, expected] = await Promise.all([probeFile(path), expectedProbeFromFfprobe(path)]);
    expect(probe).toMatchObject({
      kind: 'video',
      container: expected.container,
      videoCodec: expected.videoCodec,
      audioCodec: expected.audioCodec,
      width: expected.width,
      height: expected.height,
      rotation: expected.rotation,
      sizeBytes: expected.sizeBytes,
    });
    // ffprobe prints durations with microsecond precision; the probe keeps whole milliseconds.
    expect(Math.abs((probe.durationMs ?? Number.NaN) - (expected.durationMs ?? Number.NaN))).toBeLessThanOrEqual(1);
    expect(probe.frameRate).toBeCloseTo(expected.frameRate ?? Number.NaN, 2);
    expect(probe.bytesRead).toBeLessThan(64 * 1024);
  });
});

describe('probeFile video specifics', () => {
  it('reports an iPhone-style rotated video in display orientation', async () => {
    const probe = await probeFile(fixtures.mp4Rotated90);
    expect(probe).toMatchObject({ width: 720, height: 1280, rotation: 90 });
  });

  it('tells faststart from moov-at-end', async () => {
    expect((await probeFile(fixtures.mp4Faststart)).moovAtEnd).toBe(false);
    expect((await probeFile(fixtures.mp4MoovAtEnd)).moovAtEnd).toBe(true);
  });

  it('reports the fixtures\' intended values', async () => {
    expect(await probeFile(fixtures.mp4Faststart)).toMatchObject({
      container: 'mp4', mimeType: 'video/mp4', videoCodec: 'h264', audioCodec: 'aac', durationMs: 5000,
      width: 720, height: 1280, frameRate: 30,
    });
    expect(await probeFile(fixtures.mp4Long601s)).toMatchObject({ durationMs: 601_000, frameRate: 30 });
    expect(await probeFile(fixtures.mp4Short2900ms)).toMatchObject({ durationMs: 2900 });
    expect(await probeFile(fixtures.mp4Width359)).toMatchObject({ width: 359, height: 640 });
    expect(await probeFile(fixtures.mp4Fps20)).toMatchObject({ frameRate: 20 });
    expect(await probeFile(fixtures.mov)).toMatchObject({ container: 'mov', mimeType: 'video/quicktime' });
    expect(await probeFile(fixtures.webmVp9)).toMatchObject({
      container: 'webm', mimeType: 'video/webm', videoCodec: 'vp9', audioCodec: 'opus', width: 360, height: 640,
    });
  });

  it('has no moovAtEnd for WebM, where it means nothing', async () => {
    expect((await probeFile(fixtures.webmVp9)).moovAtEnd).toBeUndefined();
  });
});
