import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listTopLevelBoxes } from '../../../test/fixtures/iso-bmff-surgery.js';
import { ensureMediaFixtures, type MediaFixtures } from '../../../test/fixtures/media.js';
import { MediaProbeError, type MediaProbeErrorCode } from './media-probe-error.js';
import { probeFile } from './probe-file.js';
import type { ProbeFileOptions } from './media-probe.js';

let fixtures: MediaFixtures;
let scratch: string;
beforeAll(async () => {
  fixtures = await ensureMediaFixtures();
  scratch = await mkdtemp(join(tmpdir(), 'outbox-probe-errors-'));
}, 180_000);
afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

async function probeError(path: string, opts?: ProbeFileOptions): Promise<MediaProbeError> {
  const error: unknown = await probeFile(path, opts).then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(error instanceof MediaProbeError)) throw new Error(`expected a MediaProbeError, got ${String(error)}`);
  return error;
}

async function expectCode(path: string, code: MediaProbeErrorCode, opts?: ProbeFileOptions): Promise<void> {
  expect((await probeError(path, opts)).code).toBe(code);
}

async function variant(name: string, bytes: Buffer): Promise<string> {
  const path = join(scratch, name);
  await writeFile(path, bytes);
  return path;
}

describe('MEDIA_TRUNCATED', () => {
  it('rejects an MP4 cut in the middle of moov', async () => {
    await expectCode(fixtures.mp4Truncated, 'MEDIA_TRUNCATED');
  });

  it('rejects a moov-at-end MP4 cut exactly before moov (no index at all)', async () => {
    const file = await readFile(fixtures.mp4MoovAtEnd);
    const moov = listTopLevelBoxes(file).find((b) => b.type === 'moov');
    const error = await probeError(await variant('no-moov.mp4', file.subarray(0, moov?.offset)));
    expect(error.code).toBe('MEDIA_TRUNCATED');
    expect(error.message).toMatch(/moov/);
  });

  it('rejects a file that ends inside a box header', async () => {
    const file = await readFile(fixtures.mp4MoovAtEnd);
    const moov = listTopLevelBoxes(file).find((b) => b.type === 'moov');
    await expectCode(await variant('cut-header.mp4', file.subarray(0, (moov?.offset ?? 0) + 4)), 'MEDIA_TRUNCATED');
  });

  it('rejects a WebM cut in half', async () => {
    const file = await readFile(fixtures.webmVp9);
    await expectCode(await variant('half.webm', file.subarray(0, file.length >> 1)), 'MEDIA_TRUNCATED');
  });

  it('rejects a PNG that ends before its IHDR', async () => {
    const file = await readFile(fixtures.png);
    await expectCode(await variant('short.png', file.subarray(0, 20)), 'MEDIA_TRUNCATED');
  });
});

describe('MEDIA_TYPE_MISMATCH', () => {
  it('rejects a PNG renamed .mp4 and a PNG declared as video/mp4', async () => {
    const byName = await probeError(fixtures.pngRenamedMp4, { filename: 'holiday.mp4' });
    expect(byName.code).toBe('MEDIA_TYPE_MISMATCH');
    expect(byName.details).toMatchObject({ declared: 'holiday.mp4', detected: 'png', source: 'filename' });
    const byType = await probeError(fixtures.pngRenamedMp4, { declaredContentType: 'video/mp4' });
    expect(byType.details).toMatchObject({ declared: 'video/mp4', detected: 'png', source: 'contentType' });
  });

  it('rejects a WebM declared as MP4 and an MP4 declared as an image', async () => {
    await expectCode(fixtures.webmVp9, 'MEDIA_TYPE_MISMATCH', { declaredContentType: 'video/mp4' });
    await expectCode(fixtures.mp4Faststart, 'MEDIA_TYPE_MISMATCH', { declaredContentType: 'image/png' });
    await expectCode(fixtures.jpeg, 'MEDIA_TYPE_MISMATCH', { filename: 'photo.heic' });
  });

  it('checks the declared type before parsing, so a damaged mislabelled file is reported as mislabelled', async () => {
    await expectCode(fixtures.mp4Truncated, 'MEDIA_TYPE_MISMATCH', { filename: 'cut.png' });
  });

  it('accepts the MP4/MOV family, jpg/jpeg and generic declarations', async () => {
    await expect(probeFile(fixtures.mp4Faststart, { declaredContentType: 'video/quicktime', filename: 'a.MOV' }))
      .resolves.toMatchObject({ container: 'mp4' });
    await expect(probeFile(fixtures.mov, { declaredContentType: 'video/mp4', filename: 'b.m4v' }))
      .resolves.toMatchObject({ container: 'mov' });
    await expect(probeFile(fixtures.jpeg, { declaredContentType: 'image/jpg; charset=binary', filename: 'c.JPEG' }))
      .resolves.toMatchObject({ container: 'jpeg' });
    await expect(probeFile(fixtures.png, { declaredContentType: 'application/octet-stream', filename: 'upload' }))
      .resolves.toMatchObject({ container: 'png' });
  });
});

describe('MEDIA_UNSUPPORTED_FORMAT', () => {
  it('rejects bytes of no known format', async () => {
    await expectCode(await variant('notes.txt', Buffer.from('just some text, not media\n')), 'MEDIA_UNSUPPORTED_FORMAT');
    await expectCode(await variant('empty.mp4', Buffer.alloc(0)), 'MEDIA_UNSUPPORTED_FORMAT');
  });

  it('rejects an MP4 without a video track', async () => {
    await expectCode(fixtures.mp4AudioOnly, 'MEDIA_UNSUPPORTED_FORMAT');
  });
});

describe('MEDIA_CORRUPT', () => {
  it('rejects a box whose size is smaller than its header', async () => {
    const file = Buffer.from(await readFile(fixtures.mp4Faststart));
    const moov = listTopLevelBoxes(file).find((b) => b.type === 'moov');
    file.writeUInt32BE(4, (moov?.offset ?? 0) + 8); // first child of moov (mvhd) now claims 4 bytes
    await expectCode(await variant('bad-child.mp4', file), 'MEDIA_CORRUPT');
  });

  it('rejects a child box that overruns its parent', async () => {
    const file = Buffer.from(await readFile(fixtures.mp4Faststart));
    const moov = listTopLevelBoxes(file).find((b) => b.type === 'moov');
    file.writeUInt32BE(moov?.size ?? 0, (moov?.offset ?? 0) + 8);
    await expectCode(await variant('overrun.mp4', file), 'MEDIA_CORRUPT');
  });

  it('rejects a PNG with zero width and a JPEG whose image data starts before any frame header', async () => {
    const png = Buffer.from(await readFile(fixtures.png));
    png.writeUInt32BE(0, 16);
    await expectCode(await variant('zero.png', png), 'MEDIA_CORRUPT');
    const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0xda, 0x00, 0x08, 1, 2, 3, 4, 5, 6, 0xff, 0xd9]);
    await expectCode(await variant('no-sof.jpg', jpeg), 'MEDIA_CORRUPT');
  });
});

describe('file-system errors', () => {
  it('lets a missing file fail with the ordinary ENOENT error', async () => {
    await expect(probeFile(join(scratch, 'does-not-exist.mp4'))).rejects.toMatchObject({ code: 'ENOENT' });
  });
});
