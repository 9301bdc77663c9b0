import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PlatformError } from '../platform-error.js';
import { generatedSha256, generatedVideo, startTikTokTestbed, videoTarget, type TikTokTestbed } from './adapter-test-helpers.js';
import { receivedFromContentRange } from './upload.js';

const MB = 1024 * 1024;
let bed: TikTokTestbed;
let token: string;

beforeEach(async () => {
  bed = await startTikTokTestbed();
  token = (await bed.connect()).accessToken;
});

afterEach(async () => {
  await bed.app.close();
});

function uploads(): string[] {
  return bed.requests.filter((entry) => entry.operation === 'upload').map((entry) => String(entry.status ?? entry.errorCode));
}

describe('FILE_UPLOAD', () => {
  it('streams 200 MB chunk by chunk with flat memory, and the bytes arrive intact', async () => {
    const size = 200 * MB;
    const baseline = process.memoryUsage();
    let peak = 0;
    let blocks = 0;
    const media = generatedVideo(size, {
      onBlock: () => {
        blocks += 1;
        if (blocks % 64 !== 0) return;
        const now = process.memoryUsage();
        peak = Math.max(peak, now.heapUsed - baseline.heapUsed + (now.arrayBuffers - baseline.arrayBuffers));
      },
    });
    const { context, saved } = bed.context(token);
    const result = await bed.adapter.publish(context, videoTarget(media, { privacy_level: 'SELF_ONLY' }));
    expect(result.status).toBe('published');
    const post = bed.emulator.state.posts()[0];
    expect(post?.publishId).toBe(saved[0]);
    expect(post?.bytes).toBe(size);
    expect(post?.sha256).toBe(generatedSha256(size));
    expect(uploads()).toEqual([...Array(19).fill('206'), '201']);
    // Holding the file (or even a few chunks) would show up here; streaming keeps it near one socket buffer.
    expect(peak).toBeLessThan(96 * MB);
  });

  it('saves the publish_id before the first byte is sent', async () => {
    const { context } = bed.context(token);
    const bytesAtSave: number[] = [];
    context.saveExternalRef = async (ref) => {
      bytesAtSave.push(bed.emulator.state.posts().find((post) => post.publishId === ref)?.bytes ?? -1);
    };
    await bed.adapter.publish(context, videoTarget(generatedVideo(12 * MB)));
    expect(bytesAtSave).toEqual([0]);
  });

  it('resumes from the Content-Range of a 416 in the middle of an upload', async () => {
    const size = 32 * MB;
    const media = generatedVideo(size, {
      onOpen: (start) => {
        if (start === 10_000_000 && uploads().length === 1) bed.emulator.faults.add({ endpoint: 'upload', kind: 'error', status: 416 });
      },
    });
    const { context } = bed.context(token);
    expect((await bed.adapter.publish(context, videoTarget(media))).status).toBe('published');
    expect(uploads()).toEqual(['206', '416', '206', '201']);
    expect(bed.emulator.state.posts()[0]?.sha256).toBe(generatedSha256(size));
  });

  it('resends a chunk refused with a 5xx, and one whose connection dropped', async () => {
    const size = 32 * MB;
    const media = generatedVideo(size, {
      onOpen: (start) => {
        const sent = uploads().length;
        if (start === 10_000_000 && sent === 1) bed.emulator.faults.add({ endpoint: 'upload', kind: 'error', status: 503 });
        if (start === 20_000_000 && sent === 3) bed.emulator.faults.add({ endpoint: 'upload', kind: 'drop' });
      },
    });
    const { context } = bed.context(token);
    expect((await bed.adapter.publish(context, videoTarget(media))).status).toBe('published');
    expect(uploads()).toEqual(['206', '503', '206', 'ECONNRESET', '201']);
    expect(bed.emulator.state.posts()[0]?.sha256).toBe(generatedSha256(size));
  });

  it('gives up after repeated 5xx, cancels the publish and reports it as not published', async () => {
    bed.emulator.faults.add({ endpoint: 'upload', kind: 'error', status: 500, count: 5 });
    const { context, saved } = bed.context(token);
    const failure = await bed.adapter.publish(context, videoTarget(generatedVideo(6 * MB))).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(PlatformError);
    expect(failure).toMatchObject({ kind: 'transient', notPublished: true });
    expect(saved).toHaveLength(1);
    expect(bed.emulator.state.posts()[0]).toMatchObject({ status: 'FAILED', failReason: 'publish_cancelled' });
  });

  it('treats an expired upload URL as a failed attempt, cancelled', async () => {
    const media = generatedVideo(12 * MB, { onOpen: () => bed.clock.advance(3_600_000) });
    const { context } = bed.context(token);
    const failure = await bed.adapter.publish(context, videoTarget(media)).catch((error: unknown) => error);
    expect(failure).toMatchObject({ kind: 'transient', platformCode: 'upload_url_expired', notPublished: true });
  });
});

describe('receivedFromContentRange', () => {
  it.each([
    ['bytes 0-9999999/50000123', 10_000_000],
    ['bytes */50000123', 0],
    [undefined, undefined],
    ['garbage', undefined],
  ])('%s → %s', (header, expected) => {
    expect(receivedFromContentRange(header)).toBe(expected);
  });
});
