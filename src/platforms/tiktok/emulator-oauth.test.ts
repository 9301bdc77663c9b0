import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { parseHtmlForms } from '../emulator-kit/html-form.js';
import { SANDBOX_CLIENT_KEY, SANDBOX_CLIENT_SECRET } from './emulator-options.js';
import {
  authorize,
  call,
  connect,
  exchangeCode,
  pkcePair,
  postForm,
  startEmulator,
  TEST_REDIRECT_URI,
  type EmulatorHarness,
} from './emulator-test-helpers.js';

let harness: EmulatorHarness;

beforeEach(async () => {
  harness = await startEmulator();
});

afterEach(async () => {
  await harness.close();
});

function authorizeUrl(overrides: Record<string, string>): string {
  const query = new URLSearchParams({
    client_key: SANDBOX_CLIENT_KEY,
    response_type: 'code',
    scope: 'user.info.basic,video.publish',
    redirect_uri: TEST_REDIRECT_URI,
    state: 'xyz',
    ...overrides,
  });
  return `${harness.base}/v2/auth/authorize/?${query.toString()}`;
}

function refreshForm(refreshToken: string): Record<string, string> {
  return {
    client_key: SANDBOX_CLIENT_KEY,
    client_secret: SANDBOX_CLIENT_SECRET,
    grant_type: 'refresh_token',
    refresh_token: refreshToken,
  };
}

describe('consent page', () => {
  it('shows the app, the requested scopes and both seeded creators in a form', async () => {
    const page = await call(authorizeUrl({}));
    expect(page.status).toBe(200);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(page.text).toContain('Outbox sandbox');
    const form = parseHtmlForms(page.text)[0];
    expect(form?.method).toBe('post');
    expect(form?.action).toBe('/sandbox/tiktok/v2/auth/authorize/');
    const creators = form?.inputs.filter((input) => input.name === 'creator').map((input) => input.value);
    expect(creators).toEqual(['sandbox-open-id-public', 'sandbox-open-id-private']);
    const scopes = form?.inputs.filter((input) => input.type === 'checkbox').map((input) => input.value);
    expect(scopes).toEqual(['user.info.basic', 'video.publish']);
    expect(form?.buttons.map((button) => `${button.name}=${button.value}`)).toEqual(['decision=approve', 'decision=deny']);
  });

  it('redirects with code, granted scopes and state on approve', async () => {
    const params = await authorize(harness, { openId: 'sandbox-open-id-private', keepScopes: ['user.info.basic'] });
    expect(params.get('code')).toMatch(/.{20,}/);
    expect(params.get('scopes')).toBe('user.info.basic');
    expect(params.get('state')).toBe('state-123');
    const tokens = await exchangeCode(harness, params.get('code') ?? '');
    expect(tokens.json.open_id).toBe('sandbox-open-id-private');
    expect(tokens.json.scope).toBe('user.info.basic');
  });

  it('redirects with access_denied and the state on deny', async () => {
    const params = await authorize(harness, { decision: 'deny', state: 'keep-me' });
    expect(params.get('error')).toBe('access_denied');
    expect(params.get('error_description')).toBeTruthy();
    expect(params.get('state')).toBe('keep-me');
    expect(params.get('code')).toBeNull();
  });

  it.each([
    ['client_key', { client_key: 'nope' }],
    ['response_type', { response_type: 'token' }],
    ['redirect_uri', { redirect_uri: 'https://evil.example.com/cb' }],
    ['scope', { scope: 'user.info.basic,video.delete' }],
    ['code_challenge', { code_challenge: 'short', code_challenge_method: 'S256' }],
    ['code_challenge_method', { code_challenge: pkcePair().challenge, code_challenge_method: 'plain' }],
  ])('refuses a bad %s with an error page naming it', async (param, overrides) => {
    const page = await call(authorizeUrl(overrides));
    expect(page.status).toBe(400);
    expect(page.text).toContain(`<code>${param}</code>`);
    expect(parseHtmlForms(page.text)).toEqual([]);
  });

  it('treats a consent with every scope unticked as a denial', async () => {
    const params = await authorize(harness, { keepScopes: [] });
    expect(params.get('error')).toBe('access_denied');
    expect(params.get('code')).toBeNull();
  });

  it('refuses an approval for an account that is not on the page', async () => {
    await expect(authorize(harness, { openId: 'someone-else' })).rejects.toThrow(/consent answered 400/);
  });

  it('accepts a consent answer only once', async () => {
    const page = await call(authorizeUrl({}));
    const requestId = parseHtmlForms(page.text)[0]?.inputs.find((input) => input.name === 'request_id')?.value ?? '';
    const body = new URLSearchParams({ request_id: requestId, decision: 'approve', creator: 'sandbox-open-id-public', scope: 'user.info.basic' });
    const post = () =>
      call(`${harness.base}/v2/auth/authorize/`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: body.toString(),
      });
    expect((await post()).status).toBe(302);
    expect((await post()).status).toBe(400);
  });
});

describe('token endpoint', () => {
  it('exchanges a code for TikTok-shaped tokens with documented lifetimes', async () => {
    const tokens = await connect(harness);
    expect(tokens.access_token).toMatch(/^act\./);
    expect(tokens.refresh_token).toMatch(/^rft\./);
    expect(tokens.expires_in).toBe(86400);
    expect(tokens.refresh_expires_in).toBe(31536000);
    expect(tokens.token_type).toBe('Bearer');
    expect(tokens.open_id).toBe('sandbox-open-id-public');
    expect(tokens.scope).toBe('user.info.basic,video.publish,video.upload');
  });

  it('refuses a reused code with invalid_grant', async () => {
    const params = await authorize(harness);
    const code = params.get('code') ?? '';
    expect((await exchangeCode(harness, code)).status).toBe(200);
    const again = await exchangeCode(harness, code);
    expect(again.status).toBe(400);
    expect(again.json.error).toBe('invalid_grant');
    expect(again.json.log_id).toMatch(/^\d{14}[0-9A-F]{20}$/);
  });

  it('refuses an expired code', async () => {
    const params = await authorize(harness);
    harness.clock.advance(5 * 60 * 1000);
    const answer = await exchangeCode(harness, params.get('code') ?? '');
    expect(answer.json.error).toBe('invalid_grant');
  });

  it('checks the PKCE verifier and burns the code on a wrong one', async () => {
    const { verifier, challenge } = pkcePair();
    const params = await authorize(harness, { codeChallenge: challenge });
    const code = params.get('code') ?? '';
    const missing = await exchangeCode(harness, code);
    expect(missing.status).toBe(400);
    expect(missing.json.error).toBe('invalid_request');
    const afterFailure = await exchangeCode(harness, code, { code_verifier: verifier });
    expect(afterFailure.json.error).toBe('invalid_grant');

    const second = await authorize(harness, { codeChallenge: challenge });
    const good = await exchangeCode(harness, second.get('code') ?? '', { code_verifier: verifier });
    expect(good.status).toBe(200);
    expect(good.json.access_token).toMatch(/^act\./);
  });

  it('refuses a redirect_uri different from the authorize one, bad client secrets and JSON bodies', async () => {
    const params = await authorize(harness);
    const code = params.get('code') ?? '';
    const wrongRedirect = await exchangeCode(harness, code, { redirect_uri: 'http://127.0.0.1:5999/other/' });
    expect(wrongRedirect.json.error).toBe('invalid_grant');
    const badSecret = await exchangeCode(harness, code, { client_secret: 'wrong' });
    expect(badSecret.status).toBe(401);
    expect(badSecret.json.error).toBe('invalid_client');
    const json = await call(`${harness.base}/v2/oauth/token/`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ code, grant_type: 'authorization_code' }),
    });
    expect(json.status).toBe(400);
    expect(json.json.error).toBe('invalid_request');
    const unsupported = await postForm(harness, '/v2/oauth/token/', {
      client_key: SANDBOX_CLIENT_KEY,
      client_secret: SANDBOX_CLIENT_SECRET,
      grant_type: 'password',
    });
    expect(unsupported.json.error).toBe('unsupported_grant_type');
  });

  it('rotates the refresh token and refuses the old one with invalid_grant', async () => {
    const first = await connect(harness);
    harness.clock.advance(10 * 24 * 60 * 60 * 1000);
    const refreshed = await postForm(harness, '/v2/oauth/token/', refreshForm(first.refresh_token));
    expect(refreshed.status).toBe(200);
    expect(refreshed.json.refresh_token).toMatch(/^rft\./);
    expect(refreshed.json.refresh_token).not.toBe(first.refresh_token);
    expect(refreshed.json.access_token).not.toBe(first.access_token);
    expect(refreshed.json.expires_in).toBe(86400);
    // The refresh token keeps its first-grant expiry: ten days have passed.
    expect(refreshed.json.refresh_expires_in).toBe(31536000 - 10 * 24 * 60 * 60);
    const old = await postForm(harness, '/v2/oauth/token/', refreshForm(first.refresh_token));
    expect(old.status).toBe(400);
    expect(old.json.error).toBe('invalid_grant');
    const next = await postForm(harness, '/v2/oauth/token/', refreshForm(refreshed.json.refresh_token));
    expect(next.status).toBe(200);
  });

  it('can answer OAuth errors with HTTP 200 when configured so', async () => {
    await harness.close();
    harness = await startEmulator({ oauthErrorsWithHttp200: true });
    const answer = await exchangeCode(harness, 'no-such-code');
    expect(answer.status).toBe(200);
    expect(answer.json.error).toBe('invalid_grant');
  });
});

describe('token lifetime and revocation', () => {
  const userInfo = (token: string) =>
    call(`${harness.base}/v2/user/info/?fields=open_id,display_name`, { headers: { authorization: `Bearer ${token}` } });

  it('expires the access token after 24 h of clock time; a refresh restores access', async () => {
    const tokens = await connect(harness);
    harness.clock.advance(86400 * 1000 - 1);
    expect((await userInfo(tokens.access_token)).json.error.code).toBe('ok');
    harness.clock.advance(1);
    const expired = await userInfo(tokens.access_token);
    expect(expired.status).toBe(401);
    expect(expired.json.error.code).toBe('access_token_invalid');
    const refreshed = await postForm(harness, '/v2/oauth/token/', refreshForm(tokens.refresh_token));
    expect((await userInfo(refreshed.json.access_token)).status).toBe(200);
  });

  it('refuses a refresh token after 365 days', async () => {
    const tokens = await connect(harness);
    harness.clock.advance(31536000 * 1000);
    const answer = await postForm(harness, '/v2/oauth/token/', refreshForm(tokens.refresh_token));
    expect(answer.json.error).toBe('invalid_grant');
  });

  it('revokes access and refresh tokens through /v2/oauth/revoke/', async () => {
    const tokens = await connect(harness);
    const revoked = await postForm(harness, '/v2/oauth/revoke/', {
      client_key: SANDBOX_CLIENT_KEY,
      client_secret: SANDBOX_CLIENT_SECRET,
      token: tokens.access_token,
    });
    expect(revoked.status).toBe(200);
    expect(revoked.text).toBe('');
    expect((await userInfo(tokens.access_token)).json.error.code).toBe('access_token_invalid');
    const refresh = await postForm(harness, '/v2/oauth/token/', refreshForm(tokens.refresh_token));
    expect(refresh.json.error).toBe('invalid_grant');
  });
});

describe('user info', () => {
  it('returns the requested fields inside the envelope', async () => {
    const tokens = await connect(harness, { scopes: ['user.info.basic', 'user.info.profile'] });
    const answer = await call(`${harness.base}/v2/user/info/?fields=open_id,union_id,avatar_url,display_name,username`, {
      headers: { authorization: `Bearer ${tokens.access_token}` },
    });
    expect(answer.status).toBe(200);
    expect(answer.json.error).toMatchObject({ code: 'ok', message: '' });
    expect(answer.json.error.log_id).toMatch(/^\d{14}[0-9A-F]{20}$/);
    expect(answer.json.data.user).toEqual({
      open_id: 'sandbox-open-id-public',
      union_id: 'union-sandbox-open-id-public',
      avatar_url: 'https://example.com/avatars/sandbox.public.jpeg',
      display_name: 'Sandbox Public Creator',
      username: 'sandbox.public',
    });
  });

  it('needs the scope of each field and known field names', async () => {
    const tokens = await connect(harness, { scopes: ['user.info.basic'] });
    const headers = { authorization: `Bearer ${tokens.access_token}` };
    const profile = await call(`${harness.base}/v2/user/info/?fields=open_id,username`, { headers });
    expect(profile.status).toBe(401);
    expect(profile.json.error.code).toBe('scope_not_authorized');
    const unknown = await call(`${harness.base}/v2/user/info/?fields=open_id,shoe_size`, { headers });
    expect(unknown.status).toBe(400);
    expect(unknown.json.error.code).toBe('invalid_params');
  });
});
