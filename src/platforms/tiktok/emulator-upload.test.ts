import { createHash, type Hash } from 'node:crypto';
import { Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { checkChunkPlan, MB } from './chunk-rules.js';
import {
  call,
  connect,
  fileInitBody,
  postJson,
  putChunk,
  startEmulator,
  type EmulatorHarness,
  type RequestBody,
} from './emulator-test-helpers.js';

let harness: EmulatorHarness;
let token: string;

beforeEach(async () => {
  harness = await startEmulator();
  token = (await connect(harness)).access_token;
});

afterEach(async () => {
  await harness.close();
});

async function initUpload(videoSize: number, chunkSize: number, chunks: number): Promise<{ publishId: string; uploadUrl: string }> {
  const answer = await postJson(harness, '/v2/post/publish/video/init/', token, fileInitBody(videoSize, chunkSize, chunks));
  expect(answer.json.error?.code, answer.text).toBe('ok');
  return { publishId: answer.json.data.publish_id, uploadUrl: answer.json.data.upload_url };
}

/** Deterministic bytes [start, end) of a test file, in 64 KB blocks, hashed into `hash` as they are produced. */
function* fileBytes(start: number, end: number, hash: Hash): Generator<Buffer> {
  const block = 64 * 1024;
  for (let offset = start; offset < end; offset += block) {
    const length = Math.min(block, end - offset);
    const bytes = Buffer.alloc(length, (offset / block) & 0xff);
    hash.update(bytes);
    yield bytes;
  }
}

function streamOf(start: number, end: number, hash: Hash): RequestBody {
  return Readable.from(fileBytes(start, end, hash)) as unknown as RequestBody;
}

describe('chunk rules', () => {
  it.each([
    ['the documented example', 50_000_123, 10_000_000, 5, undefined],
    ['a small file sent whole', 1_000_000, 1_000_000, 1, undefined],
    ['a 64 MB file sent whole', 64 * MB, 64 * MB, 1, undefined],
    ['the last chunk absorbing a large remainder', 30 * MB - 1, 10 * MB, 2, undefined],
    ['a small file split', 4 * MB, 2 * MB, 2, 'under 5 MB'],
    ['a count that is not floor(size / chunk)', 50_000_123, 10_000_000, 6, 'floor'],
    ['a chunk under 5 MB', 20 * MB, 4 * MB, 5, 'at least 5 MB'],
    ['a chunk over 64 MB', 200 * MB, 65 * MB, 3, 'at most 64 MB'],
    ['a file over 64 MB in one chunk', 100 * MB, 64 * MB, 1, 'several chunks'],
    ['a chunk larger than the file', 10 * MB, 20 * MB, 1, 'must not exceed'],
    ['a chunk just under 5 MB in a large file', 4 * 1024 * MB, 5 * MB - 1, 819, 'at least 5 MB'],
    ['a file over 4 GB', 4 * 1024 * MB + 1, 64 * MB, 64, '4 GB'],
  ])('%s', (_name, videoSize, chunkSize, totalChunkCount, problem) => {
    const found = checkChunkPlan({ videoSize, chunkSize, totalChunkCount });
    if (problem === undefined) expect(found).toBeUndefined();
    else expect(found).toContain(problem);
  });

  it('rejects more than 1000 chunks', () => {
    expect(checkChunkPlan({ videoSize: 5 * MB * 1001, chunkSize: 5 * MB, totalChunkCount: 1001 })).toContain('at most 1000');
  });

  it('answers a bad plan at init with 400 invalid_param naming the field', async () => {
    const answer = await postJson(harness, '/v2/post/publish/video/init/', token, fileInitBody(50_000_123, 10_000_000, 4));
    expect(answer.status).toBe(400);
    expect(answer.json.error.code).toBe('invalid_param');
    expect(answer.json.error.message).toContain('total_chunk_count');
    expect(harness.emulator.state.posts()).toEqual([]);
  });
});

describe('PUT upload_url', () => {
  it('takes the documented example: 206 four times, then 201, with the progress in Content-Range', async () => {
    const size = 50_000_123;
    const { publishId, uploadUrl } = await initUpload(size, 10_000_000, 5);
    const hash = createHash('sha256');
    const statuses: number[] = [];
    const ranges: (string | null)[] = [];
    for (let index = 0; index < 5; index += 1) {
      const first = index * 10_000_000;
      const last = index === 4 ? size - 1 : first + 10_000_000 - 1;
      const answer = await putChunk(uploadUrl, first, last, size, streamOf(first, last + 1, hash));
      statuses.push(answer.status);
      ranges.push(answer.headers.get('content-range'));
    }
    expect(statuses).toEqual([206, 206, 206, 206, 201]);
    expect(ranges[0]).toBe(`bytes 0-9999999/${size}`);
    expect(ranges[4]).toBe(`bytes 0-${size - 1}/${size}`);
    const post = harness.emulator.state.post(publishId);
    expect(post?.bytes).toBe(size);
    expect(post?.sha256).toBe(hash.digest('hex'));
    expect(post?.contentType).toBe('video/mp4');
  });

  it('answers 416 with the real progress when Content-Range skips ahead or repeats a chunk', async () => {
    const size = 12 * MB;
    const { uploadUrl } = await initUpload(size, 6 * MB, 2);
    const skip = await putChunk(uploadUrl, 6 * MB, size - 1, size, Buffer.alloc(6 * MB));
    expect(skip.status).toBe(416);
    expect(skip.headers.get('content-range')).toBe(`bytes */${size}`);
    expect((await putChunk(uploadUrl, 0, 6 * MB - 1, size, Buffer.alloc(6 * MB))).status).toBe(206);
    const repeat = await putChunk(uploadUrl, 0, 6 * MB - 1, size, Buffer.alloc(6 * MB));
    expect(repeat.status).toBe(416);
    expect(repeat.headers.get('content-range')).toBe(`bytes 0-${6 * MB - 1}/${size}`);
    expect((await putChunk(uploadUrl, 6 * MB, size - 1, size, Buffer.alloc(6 * MB))).status).toBe(201);
  });

  it('answers 400 for bad headers and a chunk of the wrong size, without counting its bytes', async () => {
    const size = 12 * MB;
    const { publishId, uploadUrl } = await initUpload(size, 6 * MB, 2);
    const chunk = Buffer.alloc(6 * MB);
    const wrongType = await putChunk(uploadUrl, 0, 6 * MB - 1, size, chunk, { 'content-type': 'application/octet-stream' });
    expect(wrongType.status).toBe(400);
    const wrongTotal = await call(uploadUrl, {
      method: 'PUT',
      headers: { 'content-type': 'video/webm', 'content-range': `bytes 0-${6 * MB - 1}/${size + 1}` },
      body: chunk,
    });
    expect(wrongTotal.status).toBe(400);
    const noRange = await call(uploadUrl, { method: 'PUT', headers: { 'content-type': 'video/mp4' }, body: chunk });
    expect(noRange.status).toBe(400);
    const shortChunk = await putChunk(uploadUrl, 0, 5 * MB, size, Buffer.alloc(5 * MB + 1));
    expect(shortChunk.status).toBe(400);
    expect(harness.emulator.state.post(publishId)?.bytes).toBe(0);
    expect((await putChunk(uploadUrl, 0, 6 * MB - 1, size, chunk, { 'content-type': 'video/quicktime' })).status).toBe(206);
  });

  it('answers 403 once the upload_url is an hour old and 404 for an unknown upload', async () => {
    const size = 1000;
    const { uploadUrl } = await initUpload(size, size, 1);
    harness.clock.advance(60 * 60 * 1000);
    expect((await putChunk(uploadUrl, 0, size - 1, size, Buffer.alloc(size))).status).toBe(403);
    const unknown = uploadUrl.replace(/upload_id=[^&]+/, 'upload_id=missing');
    expect((await putChunk(unknown, 0, size - 1, size, Buffer.alloc(size))).status).toBe(404);
    const forged = uploadUrl.replace(/upload_token=[^&]+/, 'upload_token=forged');
    expect((await putChunk(forged, 0, size - 1, size, Buffer.alloc(size))).status).toBe(403);
  });

  it('streams a 200 MB upload in 10 MB chunks with flat memory and reports the matching sha256', async () => {
    const size = 200 * MB;
    const chunk = 10 * MB;
    const { publishId, uploadUrl } = await initUpload(size, chunk, 20);
    const hash = createHash('sha256');
    const baseline = process.memoryUsage();
    let peakGrowth = 0;
    for (let index = 0; index < 20; index += 1) {
      const first = index * chunk;
      const answer = await putChunk(uploadUrl, first, first + chunk - 1, size, streamOf(first, first + chunk, hash));
      expect(answer.status).toBe(index === 19 ? 201 : 206);
      const now = process.memoryUsage();
      peakGrowth = Math.max(peakGrowth, now.rss - baseline.rss);
    }
    // Holding the upload would grow the process by 200 MB; streaming keeps growth to buffers and GC slack.
    expect(peakGrowth).toBeLessThan(100 * MB);
    const post = harness.emulator.state.post(publishId);
    expect(post?.bytes).toBe(size);
    expect(post?.sha256).toBe(hash.digest('hex'));
  }, 120_000);
});
