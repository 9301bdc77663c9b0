import type { AuthorizationRequest, OAuthConnector, PlatformIdentity, PlatformTokens } from '../platform-auth.js';
import { PlatformError } from '../platform-error.js';
import { TIKTOK_PATHS, tokenResponseSchema, userInfoSchema, type TikTokTokenResponse } from './api.js';
import type { TikTokClient } from './client.js';
import { TIKTOK } from './errors.js';

/** Scopes Outbox needs: identity, Direct Post and inbox (draft) uploads. */
export const TIKTOK_REQUIRED_SCOPES = ['user.info.basic', 'video.publish', 'video.upload'] as const;
/** Scopes asked for but not needed; `user.info.profile` gives the @username for post links. */
export const TIKTOK_OPTIONAL_SCOPES = ['user.info.profile'] as const;

const BASIC_FIELDS = ['open_id', 'union_id', 'avatar_url', 'display_name'];

/** TikTok's OAuth connector, with the optional members this adapter adds. */
export interface TikTokOAuthConnector extends OAuthConnector {
  /** Scopes requested beyond `requiredScopes`; the person may untick them. */
  readonly optionalScopes: readonly string[];
}

/** Query value with commas kept literal, as TikTok's own examples write the scope list. */
function encodeScopeList(scopes: readonly string[]): string {
  return scopes.map(encodeURIComponent).join(',');
}

function toTokens(body: TikTokTokenResponse, now: number, sentRefreshToken?: string): PlatformTokens {
  return {
    accessToken: body.access_token,
    // Refresh tokens may rotate: keep the returned one; only when none comes back is the old one still good.
    refreshToken: body.refresh_token ?? sentRefreshToken,
    expiresAt: now + body.expires_in * 1000,
    refreshExpiresAt: body.refresh_expires_in === undefined ? undefined : now + body.refresh_expires_in * 1000,
    scopes: body.scope.split(',').map((scope) => scope.trim()).filter((scope) => scope !== ''),
  };
}

function parseTokenBody(body: Record<string, unknown>, operation: string): TikTokTokenResponse {
  const parsed = tokenResponseSchema.safeParse(body);
  if (parsed.success) return parsed.data;
  // The call succeeded at TikTok (a code is spent, a refresh token may have rotated) but the answer is unusable.
  throw new PlatformError('unknown', TIKTOK, `TikTok ${operation} answered without usable tokens.`, {
    platformCode: 'invalid_response',
  });
}

/** Creates the TikTok Login Kit v2 connector: `client_key`, comma-separated scopes, PKCE S256, form-encoded tokens. */
export function createTikTokAuth(client: TikTokClient): TikTokOAuthConnector {
  const { config, clock } = client;
  const credentials = { client_key: config.clientKey, client_secret: config.clientSecret };

  async function userInfo(accessToken: string, fields: string[]): Promise<PlatformIdentity> {
    const data = await client.data({
      operation: 'user.info',
      method: 'GET',
      path: TIKTOK_PATHS.userInfo,
      query: { fields: fields.join(',') },
      accessToken,
      idempotent: true,
      schema: userInfoSchema,
    });
    const { user } = data;
    return {
      platformAccountId: user.open_id,
      username: user.username,
      displayName: user.display_name,
      avatarUrl: user.avatar_url,
      metadata: user.union_id === undefined ? undefined : { unionId: user.union_id },
    };
  }

  async function fetchIdentity(accessToken: string): Promise<PlatformIdentity> {
    try {
      return await userInfo(accessToken, [...BASIC_FIELDS, 'username']);
    } catch (error) {
      // `username` needs user.info.profile, which the person may have unticked; the basic fields are enough.
      const code = error instanceof PlatformError ? error.platformCode : undefined;
      if (code !== 'scope_not_authorized' && code !== 'scope_permission_missed') throw error;
      return userInfo(accessToken, BASIC_FIELDS);
    }
  }

  return {
    kind: 'oauth2',
    requiredScopes: TIKTOK_REQUIRED_SCOPES,
    optionalScopes: TIKTOK_OPTIONAL_SCOPES,
    supportsPkce: true,
    authorizationUrl(request: AuthorizationRequest) {
      const scopes = [...TIKTOK_REQUIRED_SCOPES, ...TIKTOK_OPTIONAL_SCOPES];
      const params = [
        ['client_key', config.clientKey],
        ['response_type', 'code'],
        ['redirect_uri', request.redirectUri],
        ['state', request.state],
      ];
      if (request.codeChallenge !== undefined) params.push(['code_challenge', request.codeChallenge], ['code_challenge_method', 'S256']);
      const query = params.map(([name, value]) => `${name}=${encodeURIComponent(value ?? '')}`);
      return `${config.authBaseUrl}${TIKTOK_PATHS.authorize}?${[`scope=${encodeScopeList(scopes)}`, ...query].join('&')}`;
    },
    async exchangeCode(input) {
      const fields: Record<string, string> = {
        ...credentials,
        code: input.code,
        grant_type: 'authorization_code',
        redirect_uri: input.redirectUri,
      };
      if (input.codeVerifier !== undefined) fields.code_verifier = input.codeVerifier;
      const body = await client.oauth({ operation: 'oauth.token', path: TIKTOK_PATHS.token, fields, idempotent: false });
      const tokens = toTokens(parseTokenBody(body, 'code exchange'), clock.now());
      const identity = await fetchIdentity(tokens.accessToken);
      return { tokens, identity };
    },
    async refresh(refreshToken) {
      const fields = { ...credentials, grant_type: 'refresh_token', refresh_token: refreshToken };
      const body = await client.oauth({ operation: 'oauth.refresh', path: TIKTOK_PATHS.token, fields, idempotent: false });
      return toTokens(parseTokenBody(body, 'refresh'), clock.now(), refreshToken);
    },
    async revoke(accessToken) {
      await client.oauth({ operation: 'oauth.revoke', path: TIKTOK_PATHS.revoke, fields: { ...credentials, token: accessToken }, idempotent: true });
    },
    fetchIdentity,
  };
}
