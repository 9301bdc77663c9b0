import { createHash, randomBytes } from 'node:crypto';
import type { AppContext } from '../../context.js';
import { AppError } from '../../errors.js';
import { insertOauthState } from '../../store/oauth-states-queries.js';
import type { Principal } from '../access/principal.js';
import { getProfile } from '../profiles/get-profile.js';

/** A `state` is good for this long (ms): long enough to log in, short enough that a leaked one is soon useless. */
export const OAUTH_STATE_TTL_MS = 10 * 60_000;

/** What starts a connection. */
export interface StartConnectInput {
  platform: string;
  profileId: string;
  /** Where the browser lands when the connection is done (or handed `code`/`state` in headless mode). */
  redirectUrl?: string | undefined;
  /** Hand code and state to the client instead of finishing the exchange in the callback. */
  headless?: boolean | undefined;
  /** Origin the client reached Outbox at (used when OUTBOX_PUBLIC_URL is unset). */
  origin: string;
}

/** Outbox's callback URL for a platform: what the platform app must have registered. */
export function connectCallbackUrl(ctx: AppContext, platform: string, origin: string): string {
  return `${ctx.config.publicUrl ?? origin}/api/v1/connect/${platform}/callback`;
}

/**
 * Starts connecting an account: mints a single-use `state` bound to the profile (and a PKCE verifier where the
 * platform supports it), stores it, and returns the platform's consent URL.
 */
export async function startConnect(ctx: AppContext, principal: Principal, input: StartConnectInput): Promise<{ authUrl: string; state: string }> {
  // A GET, but it leads to storing an account: a read-only key may not start it.
  if (principal.permission === 'read') throw new AppError('AUTH_READ_ONLY_KEY', 'This API key is read-only and cannot connect accounts.');
  await getProfile(ctx, principal, input.profileId);
  const adapter = ctx.platforms.get(input.platform);
  if (!adapter) {
    throw new AppError('CONNECT_PLATFORM_UNSUPPORTED', `Outbox cannot connect ${input.platform} accounts.`, {
      param: 'platform',
      details: { supported: ctx.platforms.list().map((a) => a.id) },
    });
  }
  const state = randomBytes(24).toString('base64url');
  const verifier = adapter.auth.supportsPkce ? randomBytes(48).toString('base64url') : null;
  const redirectUri = connectCallbackUrl(ctx, input.platform, input.origin);
  const now = ctx.clock.now();
  await insertOauthState(ctx.db, {
    state,
    user_id: principal.userId,
    profile_id: input.profileId,
    platform: input.platform,
    api_key_id: principal.keyId,
    redirect_url: input.redirectUrl ?? null,
    code_verifier: verifier,
    headless: input.headless ? 1 : 0,
    redirect_uri: redirectUri,
    created_at: now,
    expires_at: now + OAUTH_STATE_TTL_MS,
    used_at: null,
  });
  const codeChallenge = verifier === null ? undefined : createHash('sha256').update(verifier).digest('base64url');
  return { authUrl: adapter.auth.authorizationUrl({ state, redirectUri, codeChallenge }), state };
}
