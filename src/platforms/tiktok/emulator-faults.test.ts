import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { SANDBOX_CLIENT_KEY, SANDBOX_CLIENT_SECRET } from './emulator-options.js';
import { TIKTOK_ERROR_STATUS } from './emulator-envelope.js';
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

function queueFault(fault: Record<string, unknown> | Record<string, unknown>[]): Promise<Answer> {
  return call(`${harness.base}/__control/faults`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(fault),
  });
}

const INIT = '/v2/post/publish/video/init/';
const INFO = '/v2/post/publish/creator_info/query/';

describe('error faults', () => {
  it.each(Object.entries(TIKTOK_ERROR_STATUS))('injects %s with its documented status %i', async (code, status) => {
    const queued = await queueFault({ endpoint: 'video.init', kind: 'error', code });
    expect(queued.status).toBe(201);
    const answer = await postJson(harness, INIT, tokens.access_token, fileInitBody(1000, 1000, 1));
    expect(answer.status).toBe(status);
    expect(answer.json.error.code).toBe(code);
    expect(answer.json.error.log_id).toMatch(/^\d{14}[0-9A-F]{20}$/);
    expect(answer.json.data).toEqual({});
    expect(harness.emulator.state.posts()).toEqual([]);
    expect((await postJson(harness, INIT, tokens.access_token, fileInitBody(1000, 1000, 1))).json.error.code).toBe('ok');
  });

  it('answers spam codes on creator_info with HTTP 200, as documented', async () => {
    await queueFault({ endpoint: 'creator_info', kind: 'error', code: 'spam_risk_too_many_posts' });
    const answer = await postJson(harness, INFO, tokens.access_token);
    expect(answer.status).toBe(200);
    expect(answer.json.error.code).toBe('spam_risk_too_many_posts');
  });

  it('matches faults by access token and open_id and applies them `count` times', async () => {
    const other = await connect(harness, { openId: 'sandbox-open-id-private' });
    await queueFault([
      { endpoint: 'creator_info', kind: 'error', code: 'internal_error', accessToken: other.access_token, count: 2 },
      { endpoint: '*', kind: 'error', status: 503, code: 'internal_error', openId: 'sandbox-open-id-public' },
    ]);
    expect((await postJson(harness, INFO, other.access_token)).status).toBe(500);
    const userInfo = await call(`${harness.base}/v2/user/info/?fields=open_id`, {
      headers: { authorization: `Bearer ${tokens.access_token}` },
    });
    expect(userInfo.status).toBe(503);
    expect((await postJson(harness, INFO, tokens.access_token)).status).toBe(200);
    expect((await postJson(harness, INFO, other.access_token)).status).toBe(500);
    expect((await postJson(harness, INFO, other.access_token)).status).toBe(200);
    expect((await call(`${harness.base}/__control/faults`)).json.faults).toEqual([]);
  });
});

describe('connection faults', () => {
  it('drops the connection without an answer', async () => {
    await queueFault({ endpoint: 'creator_info', kind: 'drop' });
    await expect(postJson(harness, INFO, tokens.access_token)).rejects.toThrow();
    expect((await postJson(harness, INFO, tokens.access_token)).status).toBe(200);
  });

  it('delays an answer by wall-clock time, then serves it', async () => {
    await queueFault({ endpoint: 'creator_info', kind: 'delay', ms: 200 });
    const started = performance.now();
    const answer = await postJson(harness, INFO, tokens.access_token);
    expect(performance.now() - started).toBeGreaterThanOrEqual(190);
    expect(answer.json.error.code).toBe('ok');
  });

  it('ends a long delay when the server closes instead of holding the close', async () => {
    await queueFault({ endpoint: 'creator_info', kind: 'delay', ms: 600_000 });
    const pending = postJson(harness, INFO, tokens.access_token);
    const settled = pending.then(
      () => 'answered',
      () => 'dropped',
    );
    while (harness.emulator.state.counters().requestsByEndpoint.creator_info !== 1) await new Promise((resolve) => setImmediate(resolve));
    await harness.close();
    expect(await settled).toBe('dropped');
    harness = await startEmulator();
  });
});

describe('consent page faults', () => {
  it('shows an error page instead of the consent form', async () => {
    await queueFault({ endpoint: 'oauth.authorize', kind: 'error', status: 503, code: 'server_busy' });
    const page = await call(`${harness.base}/v2/auth/authorize/?client_key=${SANDBOX_CLIENT_KEY}`);
    expect(page.status).toBe(503);
    expect(page.text).toContain('<code>server_busy</code>');
  });
});

describe('faults after the change was made', () => {
  it('creates the publish and still answers 500 on fail_after_commit, so a retried init would duplicate it', async () => {
    await queueFault({ endpoint: 'video.init', kind: 'fail_after_commit' });
    const answer = await postJson(harness, INIT, tokens.access_token, fileInitBody(1000, 1000, 1));
    expect(answer.status).toBe(500);
    expect(answer.json.error.code).toBe('internal_error');
    expect(harness.emulator.state.posts()).toHaveLength(1);
    expect(harness.emulator.state.counters().initsByCreator).toEqual({ 'sandbox-open-id-public': 1 });
  });

  it('loses a refresh response after rotating the token, so the old refresh token is gone', async () => {
    await queueFault({ endpoint: 'oauth.token', kind: 'drop_after_commit' });
    const form = {
      client_key: SANDBOX_CLIENT_KEY,
      client_secret: SANDBOX_CLIENT_SECRET,
      grant_type: 'refresh_token',
      refresh_token: tokens.refresh_token as string,
    };
    await expect(postForm(harness, '/v2/oauth/token/', form)).rejects.toThrow();
    const retry = await postForm(harness, '/v2/oauth/token/', form);
    expect(retry.json.error).toBe('invalid_grant');
    const [grant] = harness.emulator.state.tokens();
    expect(grant?.refreshToken).not.toBe(tokens.refresh_token);
    expect(grant?.accessTokens).toHaveLength(2);
  });

  it('answers a flat OAuth error for an error fault on the token endpoint', async () => {
    await queueFault({ endpoint: 'oauth.token', kind: 'error', status: 200, code: 'invalid_grant' });
    const answer = await postForm(harness, '/v2/oauth/token/', { grant_type: 'refresh_token' });
    expect(answer.status).toBe(200);
    expect(Object.keys(answer.json).sort()).toEqual(['error', 'error_description', 'log_id']);
    expect(answer.json.error).toBe('invalid_grant');
  });
});

describe('upload and processing faults', () => {
  it('answers 416 mid-upload with the real progress; resending the same chunk then works', async () => {
    const size = 12 * 1024 * 1024;
    const half = size / 2;
    const init = await postJson(harness, INIT, tokens.access_token, fileInitBody(size, half, 2));
    const url = init.json.data.upload_url as string;
    expect((await putChunk(url, 0, half - 1, size, Buffer.alloc(half))).status).toBe(206);
    await queueFault({ endpoint: 'upload', kind: 'error', status: 416 });
    const refused = await putChunk(url, half, size - 1, size, Buffer.alloc(half));
    expect(refused.status).toBe(416);
    expect(refused.headers.get('content-range')).toBe(`bytes 0-${half - 1}/${size}`);
    expect((await putChunk(url, half, size - 1, size, Buffer.alloc(half))).status).toBe(201);
  });

  it('ends a publish FAILED with the injected fail_reason', async () => {
    await queueFault({ endpoint: 'video.init', kind: 'publish_fail', failReason: 'file_format_check_failed' });
    const init = await postJson(harness, INIT, tokens.access_token, fileInitBody(1000, 1000, 1));
    await putChunk(init.json.data.upload_url, 0, 999, 1000, Buffer.alloc(1000));
    harness.clock.advance(1000);
    const status = await postJson(harness, '/v2/post/publish/status/fetch/', tokens.access_token, { publish_id: init.json.data.publish_id });
    expect(status.json.data).toMatchObject({ status: 'FAILED', fail_reason: 'file_format_check_failed' });
    expect(harness.emulator.state.counters().failedPosts).toBe(1);
  });

  it('hangs a pull until the one-hour timeout, then fails it with video_pull_failed', async () => {
    await queueFault({ endpoint: 'video.init', kind: 'pull_hang' });
    const init = await postJson(harness, INIT, tokens.access_token, {
      post_info: { privacy_level: 'SELF_ONLY', brand_content_toggle: false },
      source_info: { source: 'PULL_FROM_URL', video_url: 'http://127.0.0.1:9/never.mp4' },
    });
    const publishId = init.json.data.publish_id as string;
    const fetchStatus = () => postJson(harness, '/v2/post/publish/status/fetch/', tokens.access_token, { publish_id: publishId });
    harness.clock.advance(60 * 60 * 1000 - 1);
    expect((await fetchStatus()).json.data.status).toBe('PROCESSING_DOWNLOAD');
    harness.clock.advance(1);
    expect((await fetchStatus()).json.data).toMatchObject({ status: 'FAILED', fail_reason: 'video_pull_failed' });
  });

  it('refuses malformed fault bodies with 400 invalid_control_request', async () => {
    const unknownKind = await queueFault({ endpoint: 'video.init', kind: 'explode' });
    expect(unknownKind.status).toBe(400);
    expect(unknownKind.json.error.code).toBe('invalid_control_request');
    expect((await queueFault({ endpoint: 'nowhere', kind: 'drop' })).status).toBe(400);
    expect((await queueFault({ endpoint: 'upload', kind: 'delay' })).status).toBe(400);
  });
});
