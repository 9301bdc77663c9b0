import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PlatformError, type PlatformErrorKind } from '../platform-error.js';
import { createTikTokAdapter } from './adapter.js';
import { generatedVideo, startTikTokTestbed, videoTarget, type TikTokTestbed } from './adapter-test-helpers.js';
import { tiktokConfigFor } from './config.js';
import type { TikTokEmulatorEndpoint } from './emulator-faults.js';
import { TIKTOK_API_ERRORS, TIKTOK_FAIL_REASONS, TIKTOK_OAUTH_ERRORS } from './errors.js';

const DAY = 86_400_000;
let bed: TikTokTestbed;
let token: string;

beforeEach(async () => {
  bed = await startTikTokTestbed();
  token = (await bed.connect()).accessToken;
});

afterEach(async () => {
  await bed.app.close();
});

async function failureOf(promise: Promise<unknown>): Promise<PlatformError> {
  const failure = await promise.then(() => undefined, (error: unknown) => error);
  expect(failure).toBeInstanceOf(PlatformError);
  return failure as PlatformError;
}

/** Runs the adapter operation that reaches `endpoint`. */
function reach(endpoint: TikTokEmulatorEndpoint, accessToken = token): Promise<unknown> {
  const { context } = bed.context(accessToken);
  if (endpoint === 'video.init') return bed.adapter.publish(context, videoTarget(generatedVideo(6_000_000)));
  if (endpoint === 'inbox.init') return bed.adapter.publish(context, videoTarget(generatedVideo(6_000_000), { post_mode: 'MEDIA_UPLOAD' }));
  if (endpoint === 'status') return bed.adapter.getStatus(context, 'v_pub_file~v2-1.123');
  if (endpoint === 'user.info') return bed.adapter.auth.fetchIdentity(accessToken);
  return bed.adapter.accountInfo?.(accessToken) ?? Promise.resolve();
}

// Every row of the Errors table of the platform notes, answered by the emulator with the documented status.
const API_ROWS: [code: string, endpoint: TikTokEmulatorEndpoint, status: number, kind: PlatformErrorKind, retryAfterMs?: number][] = [
  ['access_token_invalid', 'video.init', 401, 'auth_expired'],
  ['scope_not_authorized', 'video.init', 401, 'auth_revoked'],
  ['scope_permission_missed', 'creator_info', 401, 'auth_revoked'],
  ['invalid_param', 'video.init', 400, 'content_rejected'],
  ['invalid_params', 'user.info', 400, 'content_rejected'],
  ['invalid_file_upload', 'video.init', 400, 'media_rejected'],
  ['app_version_check_failed', 'inbox.init', 400, 'content_rejected'],
  ['privacy_level_option_mismatch', 'video.init', 403, 'content_rejected'],
  ['url_ownership_unverified', 'video.init', 403, 'media_rejected'],
  ['spam_risk_too_many_posts', 'video.init', 403, 'rate_limited', DAY],
  ['spam_risk_too_many_posts', 'creator_info', 200, 'rate_limited', DAY],
  ['spam_risk_too_many_pending_share', 'inbox.init', 403, 'rate_limited', DAY],
  ['spam_risk_user_banned_from_posting', 'video.init', 403, 'content_rejected'],
  ['spam_risk_user_banned_from_posting', 'creator_info', 200, 'content_rejected'],
  ['reached_active_user_cap', 'video.init', 403, 'rate_limited', DAY],
  ['reached_active_user_cap', 'creator_info', 200, 'rate_limited', DAY],
  ['unaudited_client_can_only_post_to_private_accounts', 'video.init', 403, 'content_rejected'],
  ['rate_limit_exceeded', 'video.init', 429, 'rate_limited', 60_000],
  ['rate_limit_exceeded', 'status', 429, 'rate_limited', 60_000],
  ['internal_error', 'status', 500, 'transient'],
  ['internal_error', 'user.info', 500, 'transient'],
  // A 5xx on init may come after TikTok created the publish: it cannot be retried blindly.
  ['internal_error', 'video.init', 500, 'unknown'],
  ['invalid_publish_id', 'status', 400, 'content_rejected'],
  ['token_not_authorized_for_specified_publish_id', 'status', 400, 'content_rejected'],
];

describe('v2 error codes, answered by the emulator', () => {
  it.each(API_ROWS)('%s on %s (HTTP %i) → %s', async (code, endpoint, status, kind, retryAfterMs) => {
    bed.emulator.faults.add({ endpoint, kind: 'error', code });
    const failure = await failureOf(reach(endpoint));
    expect(failure).toMatchObject({ kind, status, platformCode: code, platform: 'tiktok' });
    expect(failure.retryAfterMs).toBe(retryAfterMs);
    expect(failure.platformError).toMatchObject({ code });
  });

  it('covers every code of the table', () => {
    expect(new Set(API_ROWS.map(([code]) => code))).toEqual(new Set(Object.keys(TIKTOK_API_ERRORS)));
  });

  it('falls back on the HTTP status for a code no table lists', async () => {
    bed.emulator.faults.add({ endpoint: 'status', kind: 'error', code: 'brand_new_code', status: 503 });
    expect(await failureOf(reach('status'))).toMatchObject({ kind: 'transient', platformCode: 'brand_new_code' });
    bed.emulator.faults.add({ endpoint: 'status', kind: 'error', code: 'another_new_code', status: 403 });
    expect(await failureOf(reach('status'))).toMatchObject({ kind: 'content_rejected' });
  });
});

describe('error codes the emulator produces by its own rules', () => {
  it('an unknown publish_id, and one of another account', async () => {
    expect(await failureOf(reach('status'))).toMatchObject({ kind: 'content_rejected', platformCode: 'invalid_publish_id' });
    const { context } = bed.context(token);
    const result = await bed.adapter.publish(context, videoTarget(generatedVideo(6_000_000)));
    const other = await bed.connect({ openId: 'sandbox-open-id-private' });
    const failure = await failureOf(bed.adapter.getStatus(bed.context(other.accessToken).context, result.externalRef));
    expect(failure.platformCode).toBe('token_not_authorized_for_specified_publish_id');
  });

  it('an expired token, and a scope the person unticked', async () => {
    bed.emulator.expireTokens({ accessToken: token });
    expect(await failureOf(reach('creator_info'))).toMatchObject({ kind: 'auth_expired', platformCode: 'access_token_invalid' });
    const partial = await bed.connect({ keepScopes: ['user.info.basic', 'video.upload'] });
    expect(await failureOf(reach('video.init', partial.accessToken))).toMatchObject({ kind: 'auth_revoked', platformCode: 'scope_not_authorized' });
  });

  it('the per-token rate limit, with Retry-After when the emulator sends it', async () => {
    await bed.app.close();
    bed = await startTikTokTestbed({ emulator: { rateLimitHeaders: true } });
    token = (await bed.connect()).accessToken;
    for (let call = 0; call < 20; call += 1) await bed.adapter.accountInfo?.(token);
    const failure = await failureOf(reach('creator_info'));
    expect(failure).toMatchObject({ kind: 'rate_limited', status: 429, platformCode: 'rate_limit_exceeded' });
    expect(failure.retryAfterMs).toBeGreaterThan(0);
    expect(failure.retryAfterMs).toBeLessThanOrEqual(60_000);
  });

  it('the daily cap, on creator_info with HTTP 200', async () => {
    bed.emulator.setLimits({ directPostsPer24h: 0 });
    expect(await failureOf(reach('video.init'))).toMatchObject({ kind: 'rate_limited', status: 200, retryAfterMs: DAY });
  });
});

describe('fail_reason of a FAILED publish', () => {
  const rows = Object.entries(TIKTOK_FAIL_REASONS).map(([reason, rule]) => [reason, rule.kind] as const);

  it.each([...rows, ['spam_risk_new_variant', 'content_rejected'] as const])('%s → %s, not published', async (failReason, kind) => {
    bed.emulator.faults.add({ endpoint: 'video.init', kind: 'publish_fail', failReason });
    const failure = await failureOf(reach('video.init'));
    expect(failure).toMatchObject({ kind, platformCode: failReason, notPublished: true });
    expect(failure.platformError).toMatchObject({ status: 'FAILED', fail_reason: failReason });
  });

  it('covers the reasons of the platform notes', () => {
    const documented = [
      'file_format_check_failed', 'duration_check_failed', 'frame_rate_check_failed', 'picture_size_check_failed',
      'video_pull_failed', 'photo_pull_failed', 'internal', 'publish_cancelled', 'auth_removed', 'spam_risk_text', 'spam_risk',
    ];
    for (const reason of documented) expect(TIKTOK_FAIL_REASONS[reason], reason).toBeDefined();
  });
});

describe('OAuth errors', () => {
  it('invalid_grant for an unknown refresh token → auth_revoked', async () => {
    expect(await failureOf(bed.adapter.auth.refresh('rft.unknown'))).toMatchObject({ kind: 'auth_revoked', platformCode: 'invalid_grant', status: 400 });
  });

  it('invalid_grant on HTTP 200 is still an error', async () => {
    await bed.app.close();
    bed = await startTikTokTestbed({ emulator: { oauthErrorsWithHttp200: true } });
    expect(await failureOf(bed.adapter.auth.refresh('rft.unknown'))).toMatchObject({ kind: 'auth_revoked', platformCode: 'invalid_grant', status: 200 });
  });

  it('invalid_client for a wrong secret → content_rejected (the app is misconfigured, the account is fine)', async () => {
    const config = { ...tiktokConfigFor({ sandbox: true, sandboxOrigin: bed.origin }), clientSecret: 'wrong' };
    const adapter = createTikTokAdapter(config, { clock: bed.clock });
    expect(await failureOf(adapter.auth.refresh('rft.any'))).toMatchObject({ kind: 'content_rejected', platformCode: 'invalid_client', status: 401 });
  });

  it('a 5xx or a lost answer on refresh is unknown: the refresh token may already have rotated', async () => {
    const { refreshToken } = await bed.connect();
    bed.emulator.faults.add({ endpoint: 'oauth.token', kind: 'error', status: 500, code: 'server_error' });
    expect(await failureOf(bed.adapter.auth.refresh(refreshToken))).toMatchObject({ kind: 'unknown', platformCode: 'server_error' });
    bed.emulator.faults.add({ endpoint: 'oauth.token', kind: 'drop_after_commit' });
    expect(await failureOf(bed.adapter.auth.refresh(refreshToken))).toMatchObject({ kind: 'unknown' });
  });

  it('maps every listed OAuth code', () => {
    expect(TIKTOK_OAUTH_ERRORS.invalid_grant?.kind).toBe('auth_revoked');
    for (const code of ['invalid_request', 'invalid_client', 'unauthorized_client', 'unsupported_grant_type', 'invalid_scope']) {
      expect(TIKTOK_OAUTH_ERRORS[code]?.kind).toBe('content_rejected');
    }
    expect(TIKTOK_OAUTH_ERRORS.server_error?.kind).toBe('transient');
  });
});
