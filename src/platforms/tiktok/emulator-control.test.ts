import { createHash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../clock.js';
import { SANDBOX_CLIENT_KEY, SANDBOX_CLIENT_SECRET } from './emulator-options.js';
import {
  call,
  connect,
  fileInitBody,
  postForm,
  postJson,
  putChunk,
  startEmulator,
  type Answer,
  type EmulatorHarness,
} from './emulator-test-helpers.js';

let harness: EmulatorHarness;
let tokens: Record<string, any>;

beforeEach(async () => {
  harness = await startEmulator();
  tokens = await connect(harness);
});

afterEach(async () => {
  await harness.close();
});

function control(path: string, body?: unknown): Promise<Answer> {
  if (body === undefined) return call(`${harness.base}/__control${path}`);
  return call(`${harness.base}/__control${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

const creatorInfo = (token: string) => postJson(harness, '/v2/post/publish/creator_info/query/', token);

describe('GET /__control/state', () => {
  it('lists published posts with bytes, sha256 and status, tokens, counters, limits and faults', async () => {
    const init = await postJson(harness, '/v2/post/publish/video/init/', tokens.access_token, fileInitBody(1000, 1000, 1, 'PUBLIC_TO_EVERYONE'));
    await putChunk(init.json.data.upload_url, 0, 999, 1000, Buffer.alloc(1000, 3));
    await control('/clock', { advanceMs: 2000 });
    await control('/faults', { endpoint: 'status', kind: 'drop', count: 3 });
    const state = await control('/state');
    expect(state.status).toBe(200);
    expect(state.json.now).toBe(harness.clock.now());
    expect(state.json.posts).toHaveLength(1);
    expect(state.json.posts[0]).toMatchObject({
      publishId: init.json.data.publish_id,
      openId: 'sandbox-open-id-public',
      mode: 'DIRECT_POST',
      privacyLevel: 'PUBLIC_TO_EVERYONE',
      title: 'sandbox video #test',
      status: 'PUBLISH_COMPLETE',
      bytes: 1000,
      sha256: createHash('sha256').update(Buffer.alloc(1000, 3)).digest('hex'),
    });
    expect(state.json.posts[0].postIds[0]).toMatch(/^\d{19}$/);
    expect(state.json.tokens[0]).toMatchObject({ openId: 'sandbox-open-id-public', revoked: false, refreshToken: tokens.refresh_token });
    expect(state.json.counters).toMatchObject({ initsByCreator: { 'sandbox-open-id-public': 1 }, completedPosts: 1, failedPosts: 0 });
    expect(state.json.counters.directPostsLast24h).toEqual({ 'sandbox-open-id-public': 1 });
    expect(state.json.limits.rateLimitsPerMinute.videoInit).toBe(6);
    expect(state.json.faults).toMatchObject([{ endpoint: 'status', kind: 'drop', remaining: 3 }]);
  });
});

describe('POST /__control/reset', () => {
  it('forgets tokens, posts, faults and raised limits', async () => {
    await postJson(harness, '/v2/post/publish/video/init/', tokens.access_token, fileInitBody(1000, 1000, 1));
    await control('/limits', { directPostsPer24h: 100 });
    await control('/faults', { endpoint: '*', kind: 'drop' });
    expect((await control('/reset', {})).json).toEqual({ reset: true });
    const state = await control('/state');
    expect(state.json.posts).toEqual([]);
    expect(state.json.tokens).toEqual([]);
    expect(state.json.faults).toEqual([]);
    expect(state.json.limits.directPostsPer24h).toBe(15);
    expect((await creatorInfo(tokens.access_token)).json.error.code).toBe('access_token_invalid');
  });
});

describe('token control', () => {
  it('expires one access token; the refresh token still works', async () => {
    const expired = await control('/tokens/expire', { accessToken: tokens.access_token });
    expect(expired.json).toEqual({ affected: 1 });
    const answer = await creatorInfo(tokens.access_token);
    expect(answer.status).toBe(401);
    expect(answer.json.error.code).toBe('access_token_invalid');
    const refresh = await postForm(harness, '/v2/oauth/token/', {
      client_key: SANDBOX_CLIENT_KEY,
      client_secret: SANDBOX_CLIENT_SECRET,
      grant_type: 'refresh_token',
      refresh_token: tokens.refresh_token,
    });
    expect(refresh.status).toBe(200);
  });

  it('expires a creator\'s refresh tokens too with includeRefresh', async () => {
    await control('/tokens/expire', { openId: 'sandbox-open-id-public', includeRefresh: true });
    const refresh = await postForm(harness, '/v2/oauth/token/', {
      client_key: SANDBOX_CLIENT_KEY,
      client_secret: SANDBOX_CLIENT_SECRET,
      grant_type: 'refresh_token',
      refresh_token: tokens.refresh_token,
    });
    expect(refresh.json.error).toBe('invalid_grant');
  });

  it('revokes every grant of a creator, leaving others alone', async () => {
    const other = await connect(harness, { openId: 'sandbox-open-id-private' });
    expect((await control('/tokens/revoke', { openId: 'sandbox-open-id-public' })).json).toEqual({ affected: 1 });
    expect((await creatorInfo(tokens.access_token)).json.error.code).toBe('access_token_invalid');
    expect((await creatorInfo(other.access_token)).json.error.code).toBe('ok');
  });

  it('refuses a selector without accessToken or openId', async () => {
    const answer = await control('/tokens/revoke', {});
    expect(answer.status).toBe(400);
    expect(answer.json.error.code).toBe('invalid_control_request');
  });
});

describe('limits and clock control', () => {
  it('reads and changes limits, refusing unknown fields', async () => {
    expect((await control('/limits')).json.pendingSharesPer24h).toBe(5);
    const changed = await control('/limits', { pendingSharesPer24h: 50, rateLimitsPerMinute: { statusFetch: 300 } });
    expect(changed.json).toMatchObject({ pendingSharesPer24h: 50, directPostsPer24h: 15, rateLimitsPerMinute: { statusFetch: 300, videoInit: 6 } });
    expect((await control('/limits', { postsPerYear: 1 })).status).toBe(400);
  });

  it('moves the fake clock, which expires tokens', async () => {
    const before = (await control('/clock')).json.now as number;
    const moved = await control('/clock', { advanceMs: 86_400_000 });
    expect(moved.json.now).toBe(before + 86_400_000);
    expect((await creatorInfo(tokens.access_token)).json.error.code).toBe('access_token_invalid');
    expect((await control('/clock', { setMs: before })).json.now).toBe(before);
  });

  it('offers no clock control when the emulator runs on the system clock', async () => {
    await harness.close();
    harness = await startEmulator({ clock: systemClock });
    expect((await control('/clock')).status).toBe(404);
  });
});
