import { createHash } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  connect,
  fileInitBody,
  postJson,
  putChunk,
  startEmulator,
  type Answer,
  type EmulatorHarness,
} from './emulator-test-helpers.js';

const VIDEO = Buffer.alloc(3 * 1024 * 1024 + 17, 7);
let media: Server;
let mediaOrigin: string;

beforeAll(async () => {
  media = createServer((request, response) => {
    if (request.url === '/video.mp4') {
      response.writeHead(200, { 'content-type': 'video/mp4', 'content-length': VIDEO.length });
      response.end(VIDEO);
    } else if (request.url === '/redirect.mp4') {
      response.writeHead(302, { location: '/video.mp4' });
      response.end();
    } else if (request.url?.startsWith('/photo-')) {
      response.writeHead(200, { 'content-type': 'image/jpeg' });
      response.end(Buffer.from(request.url));
    } else {
      response.writeHead(404);
      response.end();
    }
  });
  await new Promise<void>((resolve) => media.listen(0, '127.0.0.1', resolve));
  mediaOrigin = `http://127.0.0.1:${(media.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => media.close(() => resolve()));
});

let harness: EmulatorHarness;
let token: string;

beforeEach(async () => {
  harness = await startEmulator();
  token = (await connect(harness)).access_token;
});

afterEach(async () => {
  await harness.close();
});

function statusOf(publishId: string, bearer = token): Promise<Answer> {
  return postJson(harness, '/v2/post/publish/status/fetch/', bearer, { publish_id: publishId });
}

async function uploadedDirectPost(privacy: string, size = 1000): Promise<string> {
  const init = await postJson(harness, '/v2/post/publish/video/init/', token, fileInitBody(size, size, 1, privacy));
  const upload = await putChunk(init.json.data.upload_url, 0, size - 1, size, Buffer.alloc(size, 1));
  expect(upload.status).toBe(201);
  return init.json.data.publish_id;
}

function pullInit(path: string, url: string, extra: Record<string, unknown> = {}): Promise<Answer> {
  return postJson(harness, path, token, {
    post_info: { privacy_level: 'SELF_ONLY', brand_content_toggle: false },
    source_info: { source: 'PULL_FROM_URL', video_url: url },
    ...extra,
  });
}

describe('status/fetch', () => {
  it('moves a public upload through PROCESSING_UPLOAD to PUBLISH_COMPLETE and reveals an int64 post id after moderation', async () => {
    const init = await postJson(harness, '/v2/post/publish/video/init/', token, fileInitBody(1000, 1000, 1, 'PUBLIC_TO_EVERYONE'));
    const publishId = init.json.data.publish_id as string;
    expect((await statusOf(publishId)).json.data).toEqual({
      status: 'PROCESSING_UPLOAD',
      publicaly_available_post_id: [],
      uploaded_bytes: 0,
    });
    await putChunk(init.json.data.upload_url, 0, 999, 1000, Buffer.alloc(1000));
    harness.clock.advance(999);
    expect((await statusOf(publishId)).json.data).toMatchObject({ status: 'PROCESSING_UPLOAD', uploaded_bytes: 1000 });
    harness.clock.advance(1);
    const complete = await statusOf(publishId);
    expect(complete.status).toBe(200);
    expect(complete.json.data).toEqual({ status: 'PUBLISH_COMPLETE', publicaly_available_post_id: [], uploaded_bytes: 1000 });
    harness.clock.advance(1000);
    const moderated = await statusOf(publishId);
    const literal = /"publicaly_available_post_id":\[(\d+)\]/.exec(moderated.text)?.[1];
    expect(literal).toMatch(/^\d{19}$/);
    expect(BigInt(literal ?? '0') > 2n ** 53n).toBe(true);
    expect(harness.emulator.state.post(publishId)?.postIds).toEqual([literal]);
    // A plain JSON.parse cannot hold the id: this is why clients must read it from the raw text.
    expect(String(moderated.json.data.publicaly_available_post_id[0])).not.toBe(literal);
  });

  it('never shows a post id for a SELF_ONLY post', async () => {
    const publishId = await uploadedDirectPost('SELF_ONLY');
    harness.clock.advance(60_000);
    expect((await statusOf(publishId)).json.data).toEqual({ status: 'PUBLISH_COMPLETE', publicaly_available_post_id: [], uploaded_bytes: 1000 });
  });

  it('ends an inbox upload in SEND_TO_USER_INBOX', async () => {
    const init = await postJson(harness, '/v2/post/publish/inbox/video/init/', token, {
      source_info: { source: 'FILE_UPLOAD', video_size: 10, chunk_size: 10, total_chunk_count: 1 },
    });
    await putChunk(init.json.data.upload_url, 0, 9, 10, Buffer.alloc(10));
    harness.clock.advance(1000);
    expect((await statusOf(init.json.data.publish_id)).json.data.status).toBe('SEND_TO_USER_INBOX');
    expect(harness.emulator.state.counters().inboxDeliveries).toBe(1);
  });

  it('downloads a PULL_FROM_URL video, streaming, and reports downloaded_bytes and the sha256', async () => {
    const init = await pullInit('/v2/post/publish/video/init/', `${mediaOrigin}/video.mp4`);
    const publishId = init.json.data.publish_id as string;
    expect(publishId).toMatch(/^v_pub_url~v2\.\d{19}$/);
    await harness.emulator.idle();
    expect((await statusOf(publishId)).json.data.status).toBe('PROCESSING_DOWNLOAD');
    harness.clock.advance(1000);
    const done = await statusOf(publishId);
    expect(done.json.data).toEqual({ status: 'PUBLISH_COMPLETE', publicaly_available_post_id: [], downloaded_bytes: VIDEO.length });
    expect(harness.emulator.state.post(publishId)?.sha256).toBe(createHash('sha256').update(VIDEO).digest('hex'));
  });

  it.each([
    ['a redirect', '/redirect.mp4'],
    ['a missing file', '/missing.mp4'],
  ])('fails the pull of %s with video_pull_failed', async (_name, path) => {
    const init = await pullInit('/v2/post/publish/video/init/', `${mediaOrigin}${path}`);
    await harness.emulator.idle();
    const answer = await statusOf(init.json.data.publish_id);
    expect(answer.status).toBe(200);
    expect(answer.json.error.code).toBe('ok');
    expect(answer.json.data).toMatchObject({ status: 'FAILED', fail_reason: 'video_pull_failed' });
  });

  it('pulls every photo of a photo post and fails the post with photo_pull_failed when one is missing', async () => {
    const body = (images: string[]) => ({
      media_type: 'PHOTO',
      post_mode: 'MEDIA_UPLOAD',
      post_info: { title: 'album' },
      source_info: { source: 'PULL_FROM_URL', photo_images: images, photo_cover_index: 0 },
    });
    const good = await postJson(harness, '/v2/post/publish/content/init/', token, body([`${mediaOrigin}/photo-1.jpeg`, `${mediaOrigin}/photo-2.jpeg`]));
    const bad = await postJson(harness, '/v2/post/publish/content/init/', token, body([`${mediaOrigin}/photo-1.jpeg`, `${mediaOrigin}/gone.jpeg`]));
    await harness.emulator.idle();
    harness.clock.advance(1000);
    expect((await statusOf(good.json.data.publish_id)).json.data.status).toBe('SEND_TO_USER_INBOX');
    expect(harness.emulator.state.post(good.json.data.publish_id)?.media.map((item) => item.bytes)).toEqual([
      '/photo-1.jpeg'.length,
      '/photo-2.jpeg'.length,
    ]);
    expect((await statusOf(bad.json.data.publish_id)).json.data).toMatchObject({ status: 'FAILED', fail_reason: 'photo_pull_failed' });
  });

  it('answers invalid_publish_id and token_not_authorized_for_specified_publish_id with 400', async () => {
    const publishId = await uploadedDirectPost('SELF_ONLY');
    const unknown = await statusOf('v_pub_file~v2-1.0000000000000000000');
    expect(unknown.status).toBe(400);
    expect(unknown.json.error.code).toBe('invalid_publish_id');
    const other = (await connect(harness, { openId: 'sandbox-open-id-private' })).access_token;
    const foreign = await statusOf(publishId, other);
    expect(foreign.status).toBe(400);
    expect(foreign.json.error.code).toBe('token_not_authorized_for_specified_publish_id');
  });
});

describe('cancel', () => {
  it('cancels a publish in progress with fail_reason publish_cancelled and refuses to cancel a finished one', async () => {
    const init = await postJson(harness, '/v2/post/publish/video/init/', token, fileInitBody(1000, 1000, 1));
    const publishId = init.json.data.publish_id as string;
    const cancelled = await postJson(harness, '/v2/post/publish/cancel/', token, { publish_id: publishId });
    expect(cancelled.json.error.code).toBe('ok');
    expect((await statusOf(publishId)).json.data).toMatchObject({ status: 'FAILED', fail_reason: 'publish_cancelled' });
    expect((await putChunk(init.json.data.upload_url, 0, 999, 1000, Buffer.alloc(1000))).status).toBe(404);
    const finished = await uploadedDirectPost('SELF_ONLY');
    harness.clock.advance(1000);
    const late = await postJson(harness, '/v2/post/publish/cancel/', token, { publish_id: finished });
    expect(late.status).toBe(400);
    expect(late.json.error.code).toBe('invalid_param');
  });
});
