import { createHash, randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { PlatformError } from '../platform-error.js';
import { startTikTokTestbed, type TikTokTestbed } from './adapter-test-helpers.js';
import { authorize, TEST_REDIRECT_URI, type AuthorizeOptions } from './emulator-test-helpers.js';

let bed: TikTokTestbed;

beforeEach(async () => {
  bed = await startTikTokTestbed();
});

afterEach(async () => {
  await bed.app.close();
});

/** Runs the consent page with the adapter's own authorization URL parameters and returns the code. */
async function codeFor(challenge?: string, keepScopes?: AuthorizeOptions['keepScopes']): Promise<string> {
  const params = await authorize(bed, {
    scopes: ['user.info.basic', 'user.info.profile', 'video.publish', 'video.upload'],
    codeChallenge: challenge,
    keepScopes,
  });
  return params.get('code') ?? '';
}

describe('TikTok OAuth connector', () => {
  it('builds the consent URL with client_key, comma-separated scopes and PKCE S256', () => {
    const url = new URL(bed.adapter.auth.authorizationUrl({ state: 's t', redirectUri: TEST_REDIRECT_URI, codeChallenge: 'abc' }));
    expect(url.origin + url.pathname).toBe(`${bed.base}/v2/auth/authorize/`);
    expect(url.search).toContain('scope=user.info.basic,video.publish,video.upload,user.info.profile');
    expect(Object.fromEntries(url.searchParams)).toMatchObject({
      client_key: 'sandbox-client-key',
      response_type: 'code',
      redirect_uri: TEST_REDIRECT_URI,
      state: 's t',
      code_challenge: 'abc',
      code_challenge_method: 'S256',
    });
    expect(url.searchParams.has('client_secret')).toBe(false);
  });

  it('exchanges a code with its PKCE verifier for tokens with absolute expiry times and the identity', async () => {
    const verifier = randomBytes(32).toString('base64url');
    const code = await codeFor(createHash('sha256').update(verifier).digest('base64url'));
    const { tokens, identity } = await bed.adapter.auth.exchangeCode({ code, redirectUri: TEST_REDIRECT_URI, codeVerifier: verifier });
    expect(tokens).toMatchObject({
      accessToken: expect.stringMatching(/^act\./),
      refreshToken: expect.stringMatching(/^rft\./),
      expiresAt: bed.clock.now() + 86_400_000,
      refreshExpiresAt: bed.clock.now() + 31_536_000_000,
      scopes: ['user.info.basic', 'user.info.profile', 'video.publish', 'video.upload'],
    });
    expect(identity).toMatchObject({ platformAccountId: 'sandbox-open-id-public', username: 'sandbox.public', displayName: 'Sandbox Public Creator' });
    const form = bed.requests.find((entry) => entry.operation === 'oauth.token');
    expect(form?.method).toBe('POST');
  });

  it('refuses a wrong PKCE verifier', async () => {
    const code = await codeFor(createHash('sha256').update('right').digest('base64url'));
    const failure = await bed.adapter.auth.exchangeCode({ code, redirectUri: TEST_REDIRECT_URI, codeVerifier: 'wrong' }).catch((error: unknown) => error);
    expect(failure).toMatchObject({ kind: 'content_rejected', platformCode: 'invalid_request' });
  });

  it('reads the identity without a username when user.info.profile was unticked', async () => {
    const code = await codeFor(undefined, ['user.info.basic', 'video.publish', 'video.upload']);
    const { tokens, identity } = await bed.adapter.auth.exchangeCode({ code, redirectUri: TEST_REDIRECT_URI });
    expect(tokens.scopes).not.toContain('user.info.profile');
    expect(identity).toMatchObject({ platformAccountId: 'sandbox-open-id-public', username: undefined });
  });

  it('rotates refresh tokens, and the retired one answers invalid_grant → auth_revoked', async () => {
    const first = await bed.connect();
    bed.clock.advance(3_600_000);
    const refreshed = await bed.adapter.auth.refresh(first.refreshToken);
    expect(refreshed.refreshToken).not.toBe(first.refreshToken);
    expect(refreshed.expiresAt).toBe(bed.clock.now() + 86_400_000);
    expect((await bed.adapter.auth.fetchIdentity(refreshed.accessToken)).platformAccountId).toBe(first.openId);
    const failure = await bed.adapter.auth.refresh(first.refreshToken).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(PlatformError);
    expect(failure).toMatchObject({ kind: 'auth_revoked', platformCode: 'invalid_grant' });
    expect((await bed.adapter.auth.refresh(refreshed.refreshToken ?? '')).accessToken).toMatch(/^act\./);
  });

  it('keeps the sent refresh token when TikTok does not rotate it', async () => {
    await bed.app.close();
    bed = await startTikTokTestbed({ emulator: { rotateRefreshTokens: false } });
    const first = await bed.connect();
    expect((await bed.adapter.auth.refresh(first.refreshToken)).refreshToken).toBe(first.refreshToken);
  });

  it('revokes a token: its grant stops working', async () => {
    const first = await bed.connect();
    await bed.adapter.auth.revoke?.(first.accessToken);
    await expect(bed.adapter.auth.fetchIdentity(first.accessToken)).rejects.toMatchObject({ kind: 'auth_expired' });
    await expect(bed.adapter.auth.refresh(first.refreshToken)).rejects.toMatchObject({ kind: 'auth_revoked' });
  });
});
