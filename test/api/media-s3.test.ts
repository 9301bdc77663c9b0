import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import S3rver from 's3rver';
import { afterAll, afterEach, beforeAll, beforeEach, expect, it } from 'vitest';
import { ensureMediaFixtures, type MediaFixtures } from '../fixtures/media.js';
import { createTestApi, type TestApi } from '../helpers/context.js';
import { describeEachDialect } from '../helpers/dialects.js';

let fixtures: MediaFixtures;
let s3: S3rver;
let s3Endpoint: string;
let s3Dir: string;

beforeAll(async () => {
  fixtures = await ensureMediaFixtures();
  s3Dir = fs.mkdtempSync(path.join(os.tmpdir(), 'outbox-s3rver-'));
  s3 = new S3rver({ port: 0, address: '127.0.0.1', silent: true, directory: s3Dir, configureBuckets: [{ name: 'outbox-media', configs: [] }] });
  const { port } = await s3.run();
  s3Endpoint = `http://127.0.0.1:${port}`;
});
afterAll(async () => {
  await s3.close();
  fs.rmSync(s3Dir, { recursive: true, force: true });
});

describeEachDialect('media uploads to S3', (dialect) => {
  let t: TestApi;
  let origin: string;
  beforeEach(async () => {
    t = await createTestApi(dialect, {
      OUTBOX_S3_BUCKET: 'outbox-media',
      OUTBOX_S3_ENDPOINT: s3Endpoint,
      OUTBOX_S3_ACCESS_KEY_ID: 'S3RVER',
      OUTBOX_S3_SECRET_ACCESS_KEY: 'S3RVER',
      OUTBOX_S3_PREFIX: `${dialect}/`,
    });
    origin = await t.app.listen({ port: 0, host: '127.0.0.1' });
  });
  afterEach(async () => t.close());

  const presign = async (body: object) => {
    const res = await fetch(`${origin}/api/v1/media/presign`, {
      method: 'POST', headers: { ...t.auth(), 'content-type': 'application/json' }, body: JSON.stringify(body),
    });
    return (await res.json()) as Record<string, string>;
  };
  const upload = async (id: string) =>
    ((await (await fetch(`${origin}/api/v1/media/${id}`, { headers: t.auth() })).json()) as { upload: Record<string, any> }).upload;

  it('presigns a bucket PUT, then probes the object with ranged reads and serves it with ranges', async () => {
    const file = fs.readFileSync(fixtures.mp4MoovAtEnd);
    const presigned = await presign({ filename: 'clip.mp4', contentType: 'video/mp4', size: file.length });
    expect(presigned.uploadUrl!.startsWith(`${s3Endpoint}/outbox-media/${dialect}/uploads/`)).toBe(true);
    expect((await upload(presigned.uploadId!)).status).toBe('pending');

    const put = await fetch(presigned.uploadUrl!, { method: 'PUT', headers: { 'content-type': 'video/mp4' }, body: file });
    expect(put.status).toBe(200);

    const stored = await upload(presigned.uploadId!);
    expect(stored).toMatchObject({ status: 'stored', size: file.length });
    expect(stored.probe).toMatchObject({ kind: 'video', container: 'mp4', moovAtEnd: true });
    expect(stored.probe.bytesRead).toBeLessThan(file.length);

    const part = await fetch(presigned.publicUrl!, { headers: { range: 'bytes=100-199' } });
    expect(part.status).toBe(206);
    expect(Buffer.from(await part.arrayBuffer()).equals(file.subarray(100, 200))).toBe(true);
  });

  it('rejects an object whose bytes contradict its type and deletes it from the bucket', async () => {
    const presigned = await presign({ filename: 'fake.mp4', contentType: 'video/mp4' });
    await fetch(presigned.uploadUrl!, { method: 'PUT', headers: { 'content-type': 'video/mp4' }, body: fs.readFileSync(fixtures.pngRenamedMp4) });
    expect(await upload(presigned.uploadId!)).toMatchObject({ status: 'rejected', error: { code: 'MEDIA_TYPE_MISMATCH' } });
    expect(await t.ctx.media.stat(presigned.key!)).toBeUndefined();
  });

  it('rejects an object over the upload cap when the size was not declared', async () => {
    const small = await createTestApi(dialect, {
      OUTBOX_S3_BUCKET: 'outbox-media', OUTBOX_S3_ENDPOINT: s3Endpoint, OUTBOX_S3_ACCESS_KEY_ID: 'S3RVER',
      OUTBOX_S3_SECRET_ACCESS_KEY: 'S3RVER', OUTBOX_MAX_UPLOAD_BYTES: '1000',
    });
    try {
      const res = await small.app.inject({ method: 'POST', url: '/api/v1/media/presign', headers: small.auth(), payload: { filename: 'a.jpg', contentType: 'image/jpeg' } });
      const presigned = res.json() as Record<string, string>;
      await fetch(presigned.uploadUrl!, { method: 'PUT', headers: { 'content-type': 'image/jpeg' }, body: fs.readFileSync(fixtures.jpeg) });
      const got = await small.app.inject({ method: 'GET', url: `/api/v1/media/${presigned.uploadId}`, headers: small.auth() });
      expect(got.json().upload).toMatchObject({ status: 'rejected', error: { code: 'MEDIA_UPLOAD_TOO_LARGE' } });
    } finally {
      await small.close();
    }
  });
});
