import fs from 'node:fs';
import { ValidationError, Zernio, ZernioApiError } from '@getlatedev/node';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { ensureMediaFixtures } from '../fixtures/media.js';
import { nextHop, submitConsent } from '../helpers/consent.js';
import { describeEachDialect } from '../helpers/dialects.js';
import { failureOf, startCompatServer, type CompatServer } from './compat-server.js';

/*
 * Posts driven only through the published `@getlatedev/node` SDK against a listening Outbox with its sandbox TikTok:
 * every call must parse, and every refusal must surface as the SDK's error class with the status and code a client
 * branches on.
 */

// The SDK's declarations reach @hey-api types that do not resolve here, so response `data` is typed `any`.
type Json = Record<string, any>;

const UNKNOWN_ID = 'f'.repeat(24);

describeEachDialect('SDK compatibility, posts', (dialect) => {
  let server: CompatServer;
  let sdk: Zernio;
  let accountId: string;
  let profileId: string;
  const uploads: Array<{ uploadId: string; publicUrl: string }> = [];

  /** Presigns through the SDK and PUTs the fixture video, as a client would. */
  async function uploadVideo(): Promise<{ uploadId: string; publicUrl: string }> {
    const fixtures = await ensureMediaFixtures();
    const slot = (await sdk.media.getMediaPresignedUrl({ body: { filename: 'clip.mp4', contentType: 'video/mp4' } })).data as Json;
    const put = await fetch(slot.uploadUrl, { method: 'PUT', headers: { 'content-type': 'video/mp4' }, body: fs.readFileSync(fixtures.mp4Faststart) });
    expect(put.status).toBe(200);
    return { uploadId: slot.uploadId, publicUrl: slot.publicUrl };
  }

  beforeAll(async () => {
    server = await startCompatServer(dialect);
    sdk = new Zernio({ apiKey: server.key, baseURL: server.baseURL });
    profileId = ((await sdk.profiles.listProfiles()).data as Json).profiles[0]._id;
    const started = (await sdk.connect.getConnectUrl({ path: { platform: 'tiktok' }, query: { profileId, redirect_url: 'http://127.0.0.1:9/done' } })).data as Json;
    const hop = await nextHop(await submitConsent(started.authUrl));
    accountId = new URL(hop.location!).searchParams.get('accountId')!;
    expect(accountId).toMatch(/^[0-9a-f]{24}$/);
    for (let i = 0; i < 2; i += 1) uploads.push(await uploadVideo());
  });
  afterAll(async () => server?.stop());

  const target = () => ({ platform: 'tiktok', accountId, platformSpecificData: { privacyLevel: 'SELF_ONLY' } });
  const later = (minutes: number) => new Date(Date.now() + minutes * 60_000).toISOString();

  it('creates, gets, lists, updates and deletes a scheduled post', async () => {
    const created = await sdk.posts.createPost({
      body: { content: 'scheduled through the SDK', mediaItems: [{ type: 'video', url: uploads[0]!.publicUrl }], platforms: [target()], scheduledFor: later(120) },
    });
    expect(created.response.status).toBe(201);
    const post = (created.data as Json).post;
    expect(post).toMatchObject({ _id: expect.stringMatching(/^[0-9a-f]{24}$/), status: 'scheduled', content: 'scheduled through the SDK' });

    const fetched = await sdk.posts.getPost({ path: { postId: post._id } });
    expect((fetched.data as Json).post).toMatchObject({ _id: post._id, status: 'scheduled' });

    const updated = await sdk.posts.updatePost({ path: { postId: post._id }, body: { content: 'changed through the SDK' } });
    expect(updated.response.status).toBe(200);
    expect((updated.data as Json).post).toMatchObject({ _id: post._id, content: 'changed through the SDK' });

    const listed = await sdk.posts.listPosts({ query: { status: 'scheduled', platform: 'tiktok', limit: 1, page: 1 } });
    expect((listed.data as Json).posts.map((p: Json) => p._id)).toContain(post._id);
    expect((listed.data as Json).pagination).toMatchObject({ page: 1, limit: 1, total: expect.any(Number), pages: expect.any(Number) });

    const deleted = await sdk.posts.deletePost({ path: { postId: post._id } });
    expect((deleted.data as Json).message).toEqual(expect.any(String));
    const gone = await failureOf(sdk.posts.getPost({ path: { postId: post._id } }));
    expect({ status: gone.statusCode, code: gone.code, notFound: gone.isNotFound() }).toEqual({ status: 404, code: 'POST_NOT_FOUND', notFound: true });
  });

  it('publishes now, refuses the same content again as 409 DUPLICATE_CONTENT, and answers retry of a published post', async () => {
    // Public, so TikTok gives the post a public URL (a private post has none).
    const platforms = [{ platform: 'tiktok', accountId, platformSpecificData: { privacyLevel: 'PUBLIC_TO_EVERYONE' } }];
    const body = { content: 'published through the SDK', mediaItems: [{ url: uploads[1]!.publicUrl }], platforms, publishNow: true };
    const published = await sdk.posts.createPost({ body });
    expect(published.response.status).toBe(201);
    const post = (published.data as Json).post;
    expect(post.status).toBe('published');
    expect(post.platforms[0].platformPostUrl).toMatch(/^https:\/\/www\.tiktok\.com\//);

    const duplicate = await failureOf(sdk.posts.createPost({ body }));
    expect({ status: duplicate.statusCode, code: duplicate.code, existing: duplicate.details?.['existingPostId'] }).toEqual({
      status: 409,
      code: 'DUPLICATE_CONTENT',
      existing: post._id,
    });

    const retry = await failureOf(sdk.posts.retryPost({ path: { postId: post._id } }));
    expect({ status: retry.statusCode, code: retry.code }).toEqual({ status: 409, code: 'POST_NOT_RETRYABLE' });
    const missing = await failureOf(sdk.posts.retryPost({ path: { postId: UNKNOWN_ID } }));
    expect({ status: missing.statusCode, code: missing.code }).toEqual({ status: 404, code: 'POST_NOT_FOUND' });
  });

  it('pages through the list with page and limit', async () => {
    const ids: string[] = [];
    for (let i = 0; i < 3; i += 1) {
      const created = await sdk.posts.createPost({ body: { content: `draft ${i}`, mediaItems: [{ uploadId: uploads[0]!.uploadId }], platforms: [target()] } });
      ids.push((created.data as Json).post._id);
    }
    const seen: string[] = [];
    for (let page = 1; page <= 3; page += 1) {
      const listed = (await sdk.posts.listPosts({ query: { status: 'draft', limit: 1, page, sortBy: 'created-asc' } })).data as Json;
      expect(listed.pagination).toMatchObject({ page, limit: 1, total: 3, pages: 3 });
      seen.push(...listed.posts.map((p: Json) => p._id));
    }
    expect(seen).toEqual(ids);
    expect(((await sdk.posts.listPosts({ query: { accountId: UNKNOWN_ID } })).data as Json).posts).toEqual([]);
  });

  it('surfaces a post that breaks rules as ValidationError with every field', async () => {
    const error = await failureOf(sdk.posts.createPost({ body: { content: 'x'.repeat(2201), platforms: [{ platform: 'tiktok', accountId }], scheduledFor: later(30) } }));
    expect(error).toBeInstanceOf(ValidationError);
    const validation = error as ValidationError;
    expect(validation.statusCode).toBe(400);
    expect(validation.param).toBe('mediaItems');
    expect(Object.keys(validation.fields ?? {}).sort()).toEqual(['content', 'mediaItems', 'platforms[0].platformSpecificData.privacy_level']);
    const missing = await failureOf(sdk.posts.getPost({ path: { postId: UNKNOWN_ID } }));
    expect({ status: missing.statusCode, code: missing.code }).toEqual({ status: 404, code: 'POST_NOT_FOUND' });
  });

  it('bulk-uploads a CSV File, dry run first, with per-row results the SDK parses', async () => {
    const csv = [
      'post_content,account_ids,schedule_time,media_urls,tiktok_privacy',
      `from the csv,${accountId},${later(240)},${uploads[0]!.publicUrl},SELF_ONLY`,
      `no privacy,${accountId},${later(241)},${uploads[0]!.publicUrl},`,
    ].join('\n');
    const file = new File([csv], 'posts.csv', { type: 'text/csv' });

    const dry = await sdk.posts.bulkUploadPosts({ body: { file }, query: { dryRun: true } });
    expect(dry.response.status).toBe(207);
    expect(dry.data).toMatchObject({ total: 2, valid: 1, invalid: 1 });
    expect(((await sdk.posts.listPosts({ query: { search: 'from the csv' } })).data as Json).posts).toEqual([]);

    const real = await sdk.posts.bulkUploadPosts({ body: { file: new Blob([csv], { type: 'text/csv' }) } });
    expect(real.response.status).toBe(207);
    const results = (real.data as Json).results as Json[];
    expect(results[0]).toMatchObject({ rowIndex: 1, ok: true, createdPostId: expect.stringMatching(/^[0-9a-f]{24}$/) });
    expect(results[1]).toMatchObject({ rowIndex: 2, ok: false, errors: ['POST_SETTING_REQUIRED:tiktok_privacy'] });
    const created = await sdk.posts.getPost({ path: { postId: results[0]!.createdPostId } });
    expect((created.data as Json).post).toMatchObject({ content: 'from the csv', status: 'scheduled' });

    const broken = await failureOf(sdk.posts.bulkUploadPosts({ body: { file: new File(['post_content\n"unclosed\n'], 'bad.csv') } }));
    expect({ status: broken.statusCode, code: broken.code, line: broken.details?.['line'] }).toEqual({ status: 400, code: 'BULK_CSV_MALFORMED', line: 2 });
  });
});
