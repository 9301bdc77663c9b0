import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeSparseMoovAtEnd } from '../../../test/fixtures/iso-bmff-surgery.js';
import { ensureMediaFixtures, type MediaFixtures } from '../../../test/fixtures/media.js';
import { probeFile } from './probe-file.js';

const GIB = 1024 ** 3;
let fixtures: MediaFixtures;
let scratch: string;
beforeAll(async () => {
  fixtures = await ensureMediaFixtures();
  scratch = await mkdtemp(join(tmpdir(), 'outbox-probe-large-'));
}, 180_000);
afterAll(async () => {
  await rm(scratch, { recursive: true, force: true });
});

describe('probeFile on a 1 GiB MP4 with moov at the end', () => {
  it('seeks past the 64-bit mdat and reads under 2 MB', async () => {
    const path = join(scratch, 'sparse-1gib.mp4');
    // The moov of the 601 s fixture holds real tables for 18,030 samples, so the walk is realistic.
    await writeSparseMoovAtEnd(fixtures.mp4Long601s, path, GIB);
    const [probe, source] = await Promise.all([probeFile(path), probeFile(fixtures.mp4Long601s)]);
    expect(probe.sizeBytes).toBe((await stat(path)).size);
    expect(probe.sizeBytes).toBeGreaterThan(GIB);
    expect(probe.bytesRead).toBeLessThan(2 * 1024 * 1024);
    expect(probe).toEqual({ ...source, sizeBytes: probe.sizeBytes, bytesRead: probe.bytesRead, moovAtEnd: true });
  });
});
