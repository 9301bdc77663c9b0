import { SANDBOX_CLIENT_KEY, SANDBOX_CLIENT_SECRET } from './sandbox-app.js';

/** Where the TikTok adapter sends requests and which app it authenticates as. */
export interface TikTokConfig {
  /** Origin of the consent page; the adapter appends `/v2/auth/authorize/`. Real: `https://www.tiktok.com`. */
  authBaseUrl: string;
  /** Origin of the Login Kit and Content Posting APIs; the adapter appends `/v2/…`. Real: `https://open.tiktokapis.com`. */
  apiBaseUrl: string;
  /** The app's `client_key`. */
  clientKey: string;
  /** The app's `client_secret`; only ever sent to the token and revoke endpoints. */
  clientSecret: string;
  /** True when the URLs point at the local emulator. */
  sandbox: boolean;
}

/** Real TikTok hosts. */
export const TIKTOK_AUTH_BASE_URL = 'https://www.tiktok.com';
/** Real TikTok API host. */
export const TIKTOK_API_BASE_URL = 'https://open.tiktokapis.com';
/** Path of the emulator under an Outbox origin in sandbox mode. */
export const TIKTOK_SANDBOX_PATH = '/sandbox/tiktok';

/** Input of {@link tiktokConfigFor}. */
export interface TikTokConfigInput {
  /** Use the emulator even when credentials are set. */
  sandbox: boolean;
  /** Outbox's own origin (e.g. `http://localhost:3000`), under which the emulator is served. */
  sandboxOrigin: string;
  /** Real app client key (Default: none, which means the emulator). */
  clientKey?: string | undefined;
  /** Real app client secret (Default: none, which means the emulator). */
  clientSecret?: string | undefined;
}

/**
 * The TikTok configuration for an Outbox instance: the real hosts when real credentials are given and sandbox mode
 * is off; otherwise the emulator at `${sandboxOrigin}/sandbox/tiktok` with the sandbox app's key and secret, so an
 * instance without credentials still works end to end.
 */
export function tiktokConfigFor(input: TikTokConfigInput): TikTokConfig {
  const real = !input.sandbox && nonEmpty(input.clientKey) && nonEmpty(input.clientSecret);
  if (real) {
    return {
      authBaseUrl: TIKTOK_AUTH_BASE_URL,
      apiBaseUrl: TIKTOK_API_BASE_URL,
      clientKey: input.clientKey as string,
      clientSecret: input.clientSecret as string,
      sandbox: false,
    };
  }
  const base = `${input.sandboxOrigin.replace(/\/+$/, '')}${TIKTOK_SANDBOX_PATH}`;
  return { authBaseUrl: base, apiBaseUrl: base, clientKey: SANDBOX_CLIENT_KEY, clientSecret: SANDBOX_CLIENT_SECRET, sandbox: true };
}

function nonEmpty(value: string | undefined): boolean {
  return value !== undefined && value.trim() !== '';
}
