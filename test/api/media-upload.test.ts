import fs from 'node:fs';
import http from 'node:http';
import { createHash } from 'node:crypto';
import { afterEach, beforeAll, beforeEach, expect, it } from 'vitest';
import { sweepExpired } from '../../src/core/instance/housekeeping.js';
import { ensureMediaFixtures, type MediaFixtures } from '../fixtures/media.js';
import { createTestApi, type TestApi } from '../helpers/context.js';
import { describeEachDialect } from '../helpers/dialects.js';

let fixtures: MediaFixtures;
beforeAll(async () => {
  fixtures = await ensureMediaFixtures();
});

/** A raw PUT with full control of headers and of how much body is sent. */
function rawPut(url: string, headers: Record<string, string | number>, body: Buffer, sendBytes = body.length): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const request = http.request(url, { method: 'PUT', headers }, (response) => {
      let text = '';
      response.on('data', (chunk: Buffer) => (text += chunk.toString()));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body: text }));
    });
    if (sendBytes < body.length) {
      // Send part of the body, then hang up, as a client whose connection dies mid-upload.
      request.on('error', () => resolve({ status: 0, body: '' }));
      request.write(body.subarray(0, sendBytes), () => request.destroy());
    } else {
      request.on('error', reject);
      request.end(body);
    }
  });
}

describeEachDialect('media uploads', (dialect) => {
  let t: TestApi;
  let origin: string;
  beforeEach(async () => {
    t = await createTestApi(dialect, { OUTBOX_MAX_UPLOAD_BYTES: String(50 * 1024 * 1024) });
    origin = await t.app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterEach(async () => t.close());

  const presign = async (body: object, path = '/api/v1/media/presign') => {
    const res = await fetch(`${origin}${path}`, {
      method: 'POST', headers: { ...t.auth(), 'content-type': 'application/json' }, body: JSON.stringify(body),
    });
    return { status: res.status, json: (await res.json()) as Record<string, any> };
  };
  const put = (url: string, body: Buffer, contentType = 'video/mp4') =>
    fetch(url, { method: 'PUT', headers: { 'content-type': contentType }, body });
  const getUpload = async (id: string) =>
    (await (await fetch(`${origin}/api/v1/media/${id}`, { headers: t.auth() })).json()) as Record<string, any>;

  it('presigns, receives a real MP4, probes it and serves it publicly with ranges', async () => {
    const file = fs.readFileSync(fixtures.mp4Faststart);
    const { status, json } = await presign({ filename: 'clip.mp4', contentType: 'video/mp4' });
    expect(status).toBe(200);
    expect(json).toMatchObject({ expiresIn: 3600, key: `uploads/${json.uploadId}/clip.mp4` });
    expect(json.uploadUrl).toContain(`${origin}/media/upload/${json.uploadId}?`);

    const res = await put(json.uploadUrl, file);
    expect(res.status).toBe(200);
    const sha256 = createHash('sha256').update(file).digest('hex');
    expect(await res.json()).toMatchObject({ uploadId: json.uploadId, status: 'stored', size: file.length, sha256 });

    const upload = (await getUpload(json.uploadId)).upload;
    expect(upload).toMatchObject({ status: 'stored', size: file.length, sha256, publicUrl: json.publicUrl });
    expect(upload.probe).toMatchObject({ kind: 'video', container: 'mp4', width: 720, height: 1280 });

    const whole = await fetch(json.publicUrl);
    expect(whole.status).toBe(200);
    expect(whole.headers.get('content-type')).toBe('video/mp4');
    expect(whole.headers.get('accept-ranges')).toBe('bytes');
    expect(Buffer.from(await whole.arrayBuffer()).equals(file)).toBe(true);
    const part = await fetch(json.publicUrl, { headers: { range: 'bytes=10-19' } });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe(`bytes 10-19/${file.length}`);
    expect(Buffer.from(await part.arrayBuffer()).equals(file.subarray(10, 20))).toBe(true);
    const tail = await fetch(json.publicUrl, { headers: { range: 'bytes=-5' } });
    expect(Buffer.from(await tail.arrayBuffer()).equals(file.subarray(-5))).toBe(true);
    const outside = await fetch(json.publicUrl, { headers: { range: `bytes=${file.length}-` } });
    expect(outside.status).toBe(416);
    expect(outside.headers.get('content-range')).toBe(`bytes */${file.length}`);
    const head = await fetch(json.publicUrl, { method: 'HEAD' });
    expect(head.headers.get('content-length')).toBe(String(file.length));
    const guessed = await fetch(json.publicUrl.replace(/media\/[0-9a-f]{32}/, `media/${'0'.repeat(32)}`));
    expect(guessed.status).toBe(404);
  });

  it('refuses a reused, tampered or expired URL with 403', async () => {
    const file = fs.readFileSync(fixtures.jpeg);
    const { json } = await presign({ fileName: 'a.jpg', fileType: 'image/jpeg' });
    const tampered = json.uploadUrl.replace(/max=\d+/, 'max=99999999999');
    expect((await put(tampered, file, 'image/jpeg')).status).toBe(403);
    expect((await put(json.uploadUrl.replace(/sig=[0-9a-f]{4}/, 'sig=0000'), file, 'image/jpeg')).status).toBe(403);
    expect((await put(json.uploadUrl, file, 'image/jpeg')).status).toBe(200);
    const reused = await put(json.uploadUrl, file, 'image/jpeg');
    expect(reused.status).toBe(403);
    expect(((await reused.json()) as { code: string }).code).toBe('MEDIA_UPLOAD_URL_USED');

    const late = (await presign({ filename: 'b.jpg', contentType: 'image/jpeg' })).json;
    t.clock.advance(3600_001);
    const expired = await put(late.uploadUrl, file, 'image/jpeg');
    expect(expired.status).toBe(403);
    expect(((await expired.json()) as { code: string }).code).toBe('MEDIA_UPLOAD_URL_EXPIRED');
  });

  it('refuses a body over the cap with 413 and a missing length with 411, storing nothing', async () => {
    const file = fs.readFileSync(fixtures.mp4Faststart);
    const { json } = await presign({ filename: 'c.mp4', contentType: 'video/mp4', size: 1000 });
    const tooBig = await rawPut(json.uploadUrl, { 'content-type': 'video/mp4', 'content-length': file.length }, file);
    expect(tooBig.status).toBe(413);
    expect(JSON.parse(tooBig.body)).toMatchObject({ code: 'MEDIA_UPLOAD_TOO_LARGE', details: { limit: 1000, actual: file.length } });
    const short = await rawPut(json.uploadUrl, { 'content-type': 'video/mp4', 'content-length': 500 }, file.subarray(0, 500));
    expect(short.status).toBe(400);
    expect(JSON.parse(short.body)).toMatchObject({ code: 'VALIDATION_FAILED', param: 'content-length' });
    const chunked = await rawPut(json.uploadUrl, { 'content-type': 'video/mp4', 'transfer-encoding': 'chunked' }, file.subarray(0, 500));
    expect(chunked.status).toBe(411);
    expect((await getUpload(json.uploadId)).upload.status).toBe('pending');
    expect(fs.readdirSync(`${t.ctx.config.dataDir}/media/.incoming`)).toEqual([]);
  });

  it('keeps nothing of a body shorter than its Content-Length, and the URL works again', async () => {
    const file = fs.readFileSync(fixtures.mp4Faststart);
    const { json } = await presign({ filename: 'd.mp4', contentType: 'video/mp4' });
    await rawPut(json.uploadUrl, { 'content-type': 'video/mp4', 'content-length': file.length }, file, Math.floor(file.length / 2));
    // Until the server has noticed the hang-up, the URL answers 409 (in progress); then it takes the whole file.
    await expect.poll(async () => (await put(json.uploadUrl, file)).status, { timeout: 10_000, interval: 50 }).toBe(200);
    expect(fs.readdirSync(`${t.ctx.config.dataDir}/media/.incoming`)).toEqual([]);
    expect(fs.readFileSync(`${t.ctx.config.dataDir}/media/${json.key}`).equals(file)).toBe(true);
  });

  it('rejects bytes that contradict the declared type, and a truncated file, deleting them', async () => {
    const renamed = await presign({ filename: 'fake.mp4', contentType: 'video/mp4' });
    const res = await put(renamed.json.uploadUrl, fs.readFileSync(fixtures.pngRenamedMp4));
    expect(res.status).toBe(422);
    expect(((await res.json()) as { code: string }).code).toBe('MEDIA_TYPE_MISMATCH');
    expect((await getUpload(renamed.json.uploadId)).upload).toMatchObject({ status: 'rejected', error: { code: 'MEDIA_TYPE_MISMATCH' } });
    expect(fs.existsSync(`${t.ctx.config.dataDir}/media/${renamed.json.key}`)).toBe(false);

    const truncated = await presign({ filename: 'cut.mp4', contentType: 'video/mp4' });
    const cut = await put(truncated.json.uploadUrl, fs.readFileSync(fixtures.mp4Truncated));
    expect(((await cut.json()) as { code: string }).code).toBe('MEDIA_TRUNCATED');
  });

  it('refuses a PUT whose Content-Type differs from the presigned one', async () => {
    const { json } = await presign({ filename: 'e.mp4', contentType: 'video/mp4' });
    const res = await put(json.uploadUrl, fs.readFileSync(fixtures.mp4Faststart), 'video/quicktime');
    expect(res.status).toBe(415);
    expect(((await res.json()) as { code: string }).code).toBe('MEDIA_UPLOAD_CONTENT_TYPE_MISMATCH');
  });

  it('serves the brief’s initiate-upload with upload_id, and validates presign bodies', async () => {
    const brief = await presign({ file_name: 'f.mov', content_type: 'video/quicktime' }, '/api/v1/posts/initiate-upload');
    expect(brief.status).toBe(200);
    expect(brief.json.upload_id).toBe(brief.json.uploadId);
    const missing = await presign({});
    expect(missing.status).toBe(400);
    expect(Object.keys(missing.json.details.fields).sort()).toEqual(['contentType', 'filename']);
    const pdf = await presign({ filename: 'a.pdf', contentType: 'application/pdf' });
    expect(pdf.json.param).toBe('contentType');
    const huge = await presign({ filename: 'a.mp4', contentType: 'video/mp4', size: 60 * 1024 * 1024 });
    expect(huge.json.param).toBe('size');
  });

  it('sweeps uploads no post used once they expire', async () => {
    const { json } = await presign({ filename: 'g.jpg', contentType: 'image/jpeg' });
    await put(json.uploadUrl, fs.readFileSync(fixtures.jpeg), 'image/jpeg');
    t.clock.advance(23 * 3_600_000);
    expect((await sweepExpired(t.ctx)).uploads).toBe(0);
    t.clock.advance(3_600_000);
    expect((await sweepExpired(t.ctx)).uploads).toBe(1);
    expect(fs.existsSync(`${t.ctx.config.dataDir}/media/${json.key}`)).toBe(false);
    const gone = await fetch(`${origin}/api/v1/media/${json.uploadId}`, { headers: t.auth() });
    expect(gone.status).toBe(404);
  });
});
