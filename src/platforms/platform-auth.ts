/**
 * The part of an adapter that connects accounts and keeps their tokens alive. Core's connect flow and token refresh
 * speak only this interface; what differs per platform (TikTok's `client_key`, Google's offline access, Bluesky's
 * app passwords) stays behind it.
 */

/** Tokens as a platform issued them, with absolute expiry times. */
export interface PlatformTokens {
  accessToken: string;
  /** Absent where the platform issues none. */
  refreshToken?: string | undefined;
  /** Epoch ms when the access token expires; undefined when the platform does not say. */
  expiresAt?: number | undefined;
  /** Epoch ms when the refresh token expires. */
  refreshExpiresAt?: number | undefined;
  /** Scopes actually granted (users can untick some). */
  scopes: string[];
}

/** Who the connected account is on the platform. */
export interface PlatformIdentity {
  /** Stable id of the account on the platform (TikTok open_id, YouTube channel id, Bluesky DID). */
  platformAccountId: string;
  username?: string | undefined;
  displayName?: string | undefined;
  avatarUrl?: string | undefined;
  /** Anything else worth keeping with the account (JSON-serialisable). */
  metadata?: Record<string, unknown> | undefined;
}

/** What the consent URL is built from. */
export interface AuthorizationRequest {
  /** Opaque, single-use value Outbox checks on the callback. */
  state: string;
  /** Outbox's callback URL, registered with the platform app. */
  redirectUri: string;
  /** PKCE S256 challenge, when the adapter supports PKCE. */
  codeChallenge?: string | undefined;
}

/** An OAuth 2.0 connection (authorization code flow, refresh tokens). */
export interface OAuthConnector {
  readonly kind: 'oauth2';
  /** Scopes Outbox asks for and needs to publish. */
  readonly requiredScopes: readonly string[];
  /** Whether the consent URL carries a PKCE challenge. */
  readonly supportsPkce: boolean;
  /** The platform consent page URL to send the user to. */
  authorizationUrl(request: AuthorizationRequest): string;
  /** Exchanges the code from the callback for tokens and the account's identity. */
  exchangeCode(input: { code: string; redirectUri: string; codeVerifier?: string | undefined }): Promise<{
    tokens: PlatformTokens;
    identity: PlatformIdentity;
  }>;
  /**
   * Trades a refresh token for new tokens. Rejects with PlatformError kind auth_revoked when the platform refuses
   * the refresh token (`invalid_grant`), and transient/unknown when the answer was lost.
   */
  refresh(refreshToken: string): Promise<PlatformTokens>;
  /** Revokes the token at the platform, where the platform offers it. */
  revoke?(accessToken: string): Promise<void>;
  /** Who the token belongs to. */
  fetchIdentity(accessToken: string): Promise<PlatformIdentity>;
}
