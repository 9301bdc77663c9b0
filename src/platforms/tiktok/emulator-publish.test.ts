import { afterEach, describe, expect, it } from 'vitest';
import { DEFAULT_CREATORS, type TikTokEmulatorOptions } from './emulator-options.js';
import { connect, fileInitBody, postJson, startEmulator, type EmulatorHarness } from './emulator-test-helpers.js';

let harness: EmulatorHarness;

afterEach(async () => {
  await harness.close();
});

const PUBLIC = 'sandbox-open-id-public';
const PRIVATE = 'sandbox-open-id-private';

async function start(options: TikTokEmulatorOptions = {}): Promise<void> {
  harness = await startEmulator(options);
}

function videoBody(postInfo: Record<string, unknown>, source?: Record<string, unknown>): unknown {
  return {
    post_info: { privacy_level: 'SELF_ONLY', brand_content_toggle: false, ...postInfo },
    source_info: source ?? { source: 'FILE_UPLOAD', video_size: 1000, chunk_size: 1000, total_chunk_count: 1 },
  };
}

function photoBody(overrides: { post_mode?: string; post_info?: Record<string, unknown>; images?: string[]; cover?: number }): unknown {
  return {
    media_type: 'PHOTO',
    post_mode: overrides.post_mode ?? 'DIRECT_POST',
    post_info: { privacy_level: 'SELF_ONLY', title: 'photos', ...overrides.post_info },
    source_info: {
      source: 'PULL_FROM_URL',
      photo_images: overrides.images ?? ['https://media.example.com/a.jpeg', 'https://media.example.com/b.jpeg'],
      photo_cover_index: overrides.cover ?? 0,
    },
  };
}

describe('creator_info/query', () => {
  it('offers a public account PUBLIC_TO_EVERYONE and a private one FOLLOWER_OF_CREATOR', async () => {
    await start();
    const publicToken = (await connect(harness, { openId: PUBLIC })).access_token;
    const publicInfo = await postJson(harness, '/v2/post/publish/creator_info/query/', publicToken);
    expect(publicInfo.status).toBe(200);
    expect(publicInfo.json.error.code).toBe('ok');
    expect(publicInfo.json.data).toEqual({
      creator_avatar_url: 'https://example.com/avatars/sandbox.public.jpeg',
      creator_username: 'sandbox.public',
      creator_nickname: 'Sandbox Public Creator',
      privacy_level_options: ['PUBLIC_TO_EVERYONE', 'MUTUAL_FOLLOW_FRIENDS', 'SELF_ONLY'],
      comment_disabled: false,
      duet_disabled: false,
      stitch_disabled: false,
      max_video_post_duration_sec: 600,
    });
    const privateToken = (await connect(harness, { openId: PRIVATE })).access_token;
    const privateInfo = await postJson(harness, '/v2/post/publish/creator_info/query/', privateToken);
    expect(privateInfo.json.data.privacy_level_options).toEqual(['FOLLOWER_OF_CREATOR', 'MUTUAL_FOLLOW_FRIENDS', 'SELF_ONLY']);
    expect(privateInfo.json.data.stitch_disabled).toBe(true);
    expect(privateInfo.json.data.max_video_post_duration_sec).toBe(180);
  });

  it('needs video.publish, and reports a banned creator with HTTP 200', async () => {
    await start({ creators: [...DEFAULT_CREATORS, { ...DEFAULT_CREATORS[0]!, openId: 'banned', username: 'b', bannedFromPosting: true }] });
    const uploadOnly = (await connect(harness, { scopes: ['user.info.basic', 'video.upload'] })).access_token;
    const denied = await postJson(harness, '/v2/post/publish/creator_info/query/', uploadOnly);
    expect(denied.status).toBe(401);
    expect(denied.json.error.code).toBe('scope_not_authorized');
    const banned = (await connect(harness, { openId: 'banned' })).access_token;
    const info = await postJson(harness, '/v2/post/publish/creator_info/query/', banned);
    expect(info.status).toBe(200);
    expect(info.json.error.code).toBe('spam_risk_user_banned_from_posting');
    const init = await postJson(harness, '/v2/post/publish/video/init/', banned, videoBody({}));
    expect(init.status).toBe(403);
    expect(init.json.error.code).toBe('spam_risk_user_banned_from_posting');
  });

  it('answers scope_permission_missed when the app is not approved for the scope', async () => {
    await start({ apps: [{ clientKey: 'sandbox-client-key', clientSecret: 'sandbox-client-secret', scopes: ['user.info.basic', 'video.upload'] }] });
    const token = (await connect(harness, { scopes: ['user.info.basic', 'video.upload'] })).access_token;
    const answer = await postJson(harness, '/v2/post/publish/creator_info/query/', token);
    expect(answer.status).toBe(401);
    expect(answer.json.error.code).toBe('scope_permission_missed');
  });

  it('refuses a missing or unknown access token with 401 access_token_invalid', async () => {
    await start();
    const answer = await postJson(harness, '/v2/post/publish/creator_info/query/', 'act.unknown');
    expect(answer.status).toBe(401);
    expect(answer.json.error.code).toBe('access_token_invalid');
    expect(answer.json.data).toEqual({});
  });
});

describe('video/init', () => {
  it('returns a publish_id and an upload_url under the emulator for FILE_UPLOAD', async () => {
    await start();
    const token = (await connect(harness)).access_token;
    const answer = await postJson(harness, '/v2/post/publish/video/init/', token, fileInitBody(50_000_123, 10_000_000, 5));
    expect(answer.status).toBe(200);
    expect(answer.json.data.publish_id).toMatch(/^v_pub_file~v2-1\.\d{19}$/);
    expect(answer.json.data.upload_url).toMatch(new RegExp(`^${harness.base}/video/\\?upload_id=[\\w-]+&upload_token=[\\w-]+$`));
    const post = harness.emulator.state.post(answer.json.data.publish_id);
    expect(post).toMatchObject({ openId: PUBLIC, mode: 'DIRECT_POST', privacyLevel: 'SELF_ONLY', expectedBytes: 50_000_123 });
  });

  it('uses the configured baseUrl for upload_url', async () => {
    await start({ baseUrl: 'https://sandbox.example.org/sandbox/tiktok/' });
    const token = (await connect(harness)).access_token;
    const answer = await postJson(harness, '/v2/post/publish/video/init/', token, videoBody({}));
    expect(answer.json.data.upload_url).toMatch(/^https:\/\/sandbox\.example\.org\/sandbox\/tiktok\/video\/\?upload_id=/);
  });

  it('refuses a privacy level the creator does not offer with 403 privacy_level_option_mismatch', async () => {
    await start();
    const token = (await connect(harness, { openId: PRIVATE })).access_token;
    const answer = await postJson(harness, '/v2/post/publish/video/init/', token, videoBody({ privacy_level: 'PUBLIC_TO_EVERYONE' }));
    expect(answer.status).toBe(403);
    expect(answer.json.error.code).toBe('privacy_level_option_mismatch');
  });

  it.each([
    ['an unknown privacy level', { privacy_level: 'EVERYONE' }, 'post_info.privacy_level'],
    ['a title over 2200 UTF-16 units', { title: '😀'.repeat(1101) }, 'post_info.title'],
    ['a missing brand_content_toggle', { brand_content_toggle: undefined }, 'post_info.brand_content_toggle'],
    ['a non-boolean disable_duet', { disable_duet: 'yes' }, 'post_info.disable_duet'],
  ])('refuses %s with 400 invalid_param', async (_name, postInfo, field) => {
    await start();
    const token = (await connect(harness)).access_token;
    const answer = await postJson(harness, '/v2/post/publish/video/init/', token, videoBody(postInfo));
    expect(answer.status).toBe(400);
    expect(answer.json.error.code).toBe('invalid_param');
    expect(answer.json.error.message).toContain(field);
  });

  it('accepts a title of exactly 2200 UTF-16 units', async () => {
    await start();
    const token = (await connect(harness)).access_token;
    const answer = await postJson(harness, '/v2/post/publish/video/init/', token, videoBody({ title: '😀'.repeat(1100) }));
    expect(answer.json.error.code).toBe('ok');
  });

  it('answers invalid_param for a body that is not JSON', async () => {
    await start();
    const token = (await connect(harness)).access_token;
    const answer = await fetch(`${harness.base}/v2/post/publish/video/init/`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: '{"post_info":',
    });
    expect(answer.status).toBe(400);
    expect(((await answer.json()) as { error: { code: string } }).error.code).toBe('invalid_param');
  });

  it('refuses a pull URL outside the verified prefixes with 403 url_ownership_unverified', async () => {
    await start({
      apps: [{ clientKey: 'sandbox-client-key', clientSecret: 'sandbox-client-secret', verifiedUrlPrefixes: ['https://media.example.com/'] }],
    });
    const token = (await connect(harness)).access_token;
    const pull = (url: string) => postJson(harness, '/v2/post/publish/video/init/', token, videoBody({}, { source: 'PULL_FROM_URL', video_url: url }));
    const other = await pull('https://cdn.example.net/v.mp4');
    expect(other.status).toBe(403);
    expect(other.json.error.code).toBe('url_ownership_unverified');
    expect((await pull('ftp://media.example.com/v.mp4')).json.error.code).toBe('invalid_param');
  });

  it('treats loopback prefixes as verified at URL boundaries only', async () => {
    await start();
    const token = (await connect(harness)).access_token;
    const pull = (url: string) => postJson(harness, '/v2/post/publish/video/init/', token, videoBody({}, { source: 'PULL_FROM_URL', video_url: url }));
    expect((await pull('http://localhost.evil.example/v.mp4')).json.error.code).toBe('url_ownership_unverified');
    expect((await pull('http://example.com/v.mp4')).json.error.code).toBe('url_ownership_unverified');
    expect((await pull('http://127.0.0.1:9/v.mp4')).json.error.code).toBe('ok');
  });
});

describe('unaudited apps and the active-user cap', () => {
  const unaudited = { apps: [{ clientKey: 'sandbox-client-key', clientSecret: 'sandbox-client-secret', audited: false }] };

  it('lets an unaudited app post only SELF_ONLY to private accounts', async () => {
    await start(unaudited);
    const publicToken = (await connect(harness, { openId: PUBLIC })).access_token;
    const toPublic = await postJson(harness, '/v2/post/publish/video/init/', publicToken, videoBody({}));
    expect(toPublic.status).toBe(403);
    expect(toPublic.json.error.code).toBe('unaudited_client_can_only_post_to_private_accounts');
    const privateToken = (await connect(harness, { openId: PRIVATE })).access_token;
    const followers = await postJson(harness, '/v2/post/publish/video/init/', privateToken, videoBody({ privacy_level: 'FOLLOWER_OF_CREATOR' }));
    expect(followers.json.error.code).toBe('unaudited_client_can_only_post_to_private_accounts');
    expect((await postJson(harness, '/v2/post/publish/video/init/', privateToken, videoBody({}))).json.error.code).toBe('ok');
  });

  it('stops new posting creators once the app cap is reached, for 24 h', async () => {
    await start({ apps: [{ clientKey: 'sandbox-client-key', clientSecret: 'sandbox-client-secret', activeCreatorCap: 1 }] });
    const first = (await connect(harness, { openId: PUBLIC })).access_token;
    const second = (await connect(harness, { openId: PRIVATE })).access_token;
    expect((await postJson(harness, '/v2/post/publish/video/init/', first, videoBody({}))).json.error.code).toBe('ok');
    const capped = await postJson(harness, '/v2/post/publish/video/init/', second, videoBody({}));
    expect(capped.status).toBe(403);
    expect(capped.json.error.code).toBe('reached_active_user_cap');
    const info = await postJson(harness, '/v2/post/publish/creator_info/query/', second);
    expect(info.status).toBe(200);
    expect(info.json.error.code).toBe('reached_active_user_cap');
    expect((await postJson(harness, '/v2/post/publish/video/init/', first, videoBody({}))).json.error.code).toBe('ok');
    harness.clock.advance(24 * 60 * 60 * 1000);
    const later = (await connect(harness, { openId: PRIVATE })).access_token;
    expect((await postJson(harness, '/v2/post/publish/video/init/', later, videoBody({}))).json.error.code).toBe('ok');
  });
});

describe('inbox/video/init', () => {
  it('needs video.upload and records a MEDIA_UPLOAD publish', async () => {
    await start();
    const publishOnly = (await connect(harness, { scopes: ['user.info.basic', 'video.publish'] })).access_token;
    const body = { source_info: { source: 'FILE_UPLOAD', video_size: 1000, chunk_size: 1000, total_chunk_count: 1 } };
    const denied = await postJson(harness, '/v2/post/publish/inbox/video/init/', publishOnly, body);
    expect(denied.json.error.code).toBe('scope_not_authorized');
    const token = (await connect(harness)).access_token;
    const answer = await postJson(harness, '/v2/post/publish/inbox/video/init/', token, { ...body, post_info: { title: 'draft' } });
    expect(answer.json.error.code).toBe('ok');
    expect(harness.emulator.state.post(answer.json.data.publish_id)).toMatchObject({ mode: 'MEDIA_UPLOAD', title: 'draft', privacyLevel: null });
  });

  it('answers 400 app_version_check_failed for a creator on an app older than 31.8', async () => {
    await start({ creators: [{ ...DEFAULT_CREATORS[0]!, appVersion: '31.7.9' }] });
    const token = (await connect(harness)).access_token;
    const body = { source_info: { source: 'FILE_UPLOAD', video_size: 1000, chunk_size: 1000, total_chunk_count: 1 } };
    const answer = await postJson(harness, '/v2/post/publish/inbox/video/init/', token, body);
    expect(answer.status).toBe(400);
    expect(answer.json.error.code).toBe('app_version_check_failed');
  });
});

describe('content/init (photos)', () => {
  it('accepts a photo Direct Post and returns a p_pub_url publish_id without upload_url', async () => {
    await start();
    const token = (await connect(harness)).access_token;
    const answer = await postJson(harness, '/v2/post/publish/content/init/', token, photoBody({}));
    expect(answer.json.error.code).toBe('ok');
    expect(answer.json.data.publish_id).toMatch(/^p_pub_url~v2\.\d{19}$/);
    expect(answer.json.data.upload_url).toBeUndefined();
  });

  it.each([
    ['a title over 90 UTF-16 units', { post_info: { title: '😀'.repeat(46) } }, 'post_info.title'],
    ['a description over 4000 units', { post_info: { description: 'x'.repeat(4001) } }, 'post_info.description'],
    ['more than 35 photos', { images: Array.from({ length: 36 }, (_, i) => `https://m.example.com/${i}.jpeg`) }, 'photo_images'],
    ['a cover index past the last photo', { cover: 2 }, 'photo_cover_index'],
    ['a DIRECT_POST without privacy_level', { post_info: { privacy_level: undefined } }, 'post_info.privacy_level'],
    ['an unknown post_mode', { post_mode: 'SCHEDULE' }, 'post_mode'],
  ])('refuses %s with 400 invalid_param', async (_name, overrides, field) => {
    await start();
    const token = (await connect(harness)).access_token;
    const answer = await postJson(harness, '/v2/post/publish/content/init/', token, photoBody(overrides));
    expect(answer.status).toBe(400);
    expect(answer.json.error.code).toBe('invalid_param');
    expect(answer.json.error.message).toContain(field);
  });

  it('needs video.upload for MEDIA_UPLOAD and video.publish for DIRECT_POST', async () => {
    await start();
    const uploadOnly = (await connect(harness, { scopes: ['user.info.basic', 'video.upload'] })).access_token;
    expect((await postJson(harness, '/v2/post/publish/content/init/', uploadOnly, photoBody({}))).json.error.code).toBe(
      'scope_not_authorized',
    );
    const draft = await postJson(harness, '/v2/post/publish/content/init/', uploadOnly, photoBody({ post_mode: 'MEDIA_UPLOAD' }));
    expect(draft.json.error.code).toBe('ok');
  });
});
