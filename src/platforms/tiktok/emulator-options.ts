import { SANDBOX_CLIENT_KEY, SANDBOX_CLIENT_SECRET } from './sandbox-app.js';
import type { Clock } from '../../clock.js';

/** TikTok Login Kit scopes the emulator knows. */
export const TIKTOK_SCOPES = [
  'user.info.basic',
  'user.info.profile',
  'user.info.stats',
  'video.list',
  'video.upload',
  'video.publish',
] as const;

/** One TikTok OAuth scope. */
export type TikTokScope = (typeof TIKTOK_SCOPES)[number];

/** Every privacy level the Content Posting API names. */
export const TIKTOK_PRIVACY_LEVELS = [
  'PUBLIC_TO_EVERYONE',
  'MUTUAL_FOLLOW_FRIENDS',
  'FOLLOWER_OF_CREATOR',
  'SELF_ONLY',
] as const;

/** A post's audience. */
export type TikTokPrivacyLevel = (typeof TIKTOK_PRIVACY_LEVELS)[number];

/** A registered developer app (client) the emulator accepts. */
export interface TikTokEmulatorApp {
  /** The app's `client_key`. */
  clientKey: string;
  /** The app's `client_secret`. */
  clientSecret: string;
  /** Name shown on the consent page (Default: the client key). */
  name?: string;
  /** Registered redirect URIs, matched exactly (Default: none). */
  redirectUris?: string[];
  /** Also accept any http(s) redirect URI whose host is `localhost` or `127.0.0.1` (Default: true). */
  allowLoopbackRedirects?: boolean;
  /** Scopes the app is approved for; requesting others fails on the consent page (Default: every scope). */
  scopes?: TikTokScope[];
  /** Whether the app passed TikTok's audit; unaudited apps may only post SELF_ONLY to private accounts (Default: true). */
  audited?: boolean;
  /**
   * URL prefixes verified for PULL_FROM_URL. A prefix matches a URL that starts with it at a boundary (`/`, `:`,
   * `?`, `#` or the end), so `http://localhost` also covers `http://localhost:3000/media/x.mp4`. The entry
   * `https://` verifies every https URL.
   * (Default: `["https://", "http://127.0.0.1", "http://localhost"]`)
   */
  verifiedUrlPrefixes?: string[];
  /** Distinct creators that may post through this app per rolling 24 h; unaudited apps use the unaudited limit (Default: no cap). */
  activeCreatorCap?: number;
}

/** A TikTok account that can sign in on the consent page. */
export interface TikTokEmulatorCreator {
  /** The account's `open_id`. */
  openId: string;
  /** The account's `union_id` (Default: derived from the open id). */
  unionId?: string;
  /** `@handle` without the at sign. */
  username: string;
  /** Display name, also `creator_nickname`. */
  displayName: string;
  /** Avatar URL (Default: a placeholder under example.com). */
  avatarUrl?: string;
  /** Bio text (Default: ""). */
  bioDescription?: string;
  /** Verified badge (Default: false). */
  isVerified?: boolean;
  /** Follower, following, like and video counts for `user.info.stats` (Default: 0 each). */
  stats?: { followerCount: number; followingCount: number; likesCount: number; videoCount: number };
  /** Private account: FOLLOWER_OF_CREATOR instead of PUBLIC_TO_EVERYONE in the privacy options. */
  privateAccount: boolean;
  /** Creator turned comments off in the app (Default: false). */
  commentDisabled?: boolean;
  /** Creator turned duets off (Default: false). */
  duetDisabled?: boolean;
  /** Creator turned stitches off (Default: false). */
  stitchDisabled?: boolean;
  /** Longest video this creator may post, seconds (Default: 600). */
  maxVideoPostDurationSec?: number;
  /** Account is banned from posting: `spam_risk_user_banned_from_posting` (Default: false). */
  bannedFromPosting?: boolean;
  /** TikTok app version on the creator's phone; MEDIA_UPLOAD needs 31.8 or newer (Default: "35.0.0"). */
  appVersion?: string;
}

/** Per-access-token request limits, requests per sliding minute. */
export interface TikTokRateLimits {
  /** `creator_info/query` (Default: 20). */
  creatorInfo: number;
  /** `video/init` (Default: 6). */
  videoInit: number;
  /** `inbox/video/init` (Default: 6). */
  inboxVideoInit: number;
  /** `content/init` (Default: 6). */
  contentInit: number;
  /** `status/fetch` (Default: 30). */
  statusFetch: number;
  /** `user/info` (Default: 600). */
  userInfo: number;
}

/** Limits and caps; all can also be changed at run time through `POST /__control/limits`. */
export interface TikTokEmulatorLimits {
  /** Per-token request limits. */
  rateLimitsPerMinute: TikTokRateLimits;
  /** Direct posts per creator per rolling 24 h (Default: 15). */
  directPostsPer24h: number;
  /** Inbox (MEDIA_UPLOAD) shares per creator per rolling 24 h (Default: 5). */
  pendingSharesPer24h: number;
  /** Distinct posting creators per unaudited app per rolling 24 h (Default: 5). */
  unauditedActiveCreatorsPer24h: number;
}

/** A partial {@link TikTokEmulatorLimits}, as accepted by the options and the control API. */
export interface TikTokEmulatorLimitsPatch {
  rateLimitsPerMinute?: Partial<TikTokRateLimits>;
  directPostsPer24h?: number;
  pendingSharesPer24h?: number;
  unauditedActiveCreatorsPer24h?: number;
}

/** Options of `createTikTokEmulator`. */
export interface TikTokEmulatorOptions {
  /** Time source for token lifetimes, upload URL expiry, windows and processing (Default: the system clock). */
  clock?: Clock;
  /**
   * Externally visible origin and prefix, e.g. `http://localhost:3000/sandbox/tiktok`, used for `upload_url`.
   * (Default: taken per request from the Host header and the plugin's prefix.)
   */
  baseUrl?: string;
  /** Registered apps (Default: one app, `sandbox-client-key` / `sandbox-client-secret`). */
  apps?: TikTokEmulatorApp[];
  /** Accounts on the consent page (Default: a public and a private creator, see {@link DEFAULT_CREATORS}). */
  creators?: TikTokEmulatorCreator[];
  /** Clock time from the end of the byte transfer until the post is final (Default: 1000). */
  processingDelayMs?: number;
  /** Further clock time until a public post's id appears in `publicaly_available_post_id` (Default: 1000). */
  moderationDelayMs?: number;
  /** Authorization code lifetime (Default: 300000, five minutes). */
  codeTtlMs?: number;
  /** Access token lifetime in seconds, the `expires_in` (Default: 86400). */
  accessTokenTtlSec?: number;
  /** Refresh token lifetime in seconds from the first grant, the `refresh_expires_in` (Default: 31536000). */
  refreshTokenTtlSec?: number;
  /** Whether a refresh returns a new refresh token and retires the old one (Default: true). */
  rotateRefreshTokens?: boolean;
  /** Validity of an `upload_url` (Default: 3600000, one hour). */
  uploadUrlTtlMs?: number;
  /** Clock time after which an unfinished PULL_FROM_URL download fails (Default: 3600000, one hour). */
  pullTimeoutMs?: number;
  /**
   * Add `X-RateLimit-Limit`, `X-RateLimit-Remaining`, `X-RateLimit-Reset` (epoch seconds) to rate-limited
   * endpoints and `Retry-After` to their 429s. TikTok documents no such headers, so this is off by default; turn it
   * on only to exercise header-driven throttling (Default: false).
   */
  rateLimitHeaders?: boolean;
  /** Answer token-endpoint errors with HTTP 200, as some clients have observed (Default: false, 400/401). */
  oauthErrorsWithHttp200?: boolean;
  /** Limits and caps (Default: the documented values, see {@link DEFAULT_LIMITS}). */
  limits?: TikTokEmulatorLimitsPatch;
}

export { SANDBOX_CLIENT_KEY, SANDBOX_CLIENT_SECRET } from './sandbox-app.js';

/** The app used when none is configured. */
export const DEFAULT_APP: TikTokEmulatorApp = {
  clientKey: SANDBOX_CLIENT_KEY,
  clientSecret: SANDBOX_CLIENT_SECRET,
  name: 'Outbox sandbox',
};

/** The accounts used when none are configured: one public, one private. */
export const DEFAULT_CREATORS: TikTokEmulatorCreator[] = [
  {
    openId: 'sandbox-open-id-public',
    username: 'sandbox.public',
    displayName: 'Sandbox Public Creator',
    privateAccount: false,
    maxVideoPostDurationSec: 600,
    stats: { followerCount: 1200, followingCount: 80, likesCount: 45000, videoCount: 37 },
  },
  {
    openId: 'sandbox-open-id-private',
    username: 'sandbox.private',
    displayName: 'Sandbox Private Creator',
    privateAccount: true,
    stitchDisabled: true,
    maxVideoPostDurationSec: 180,
    stats: { followerCount: 12, followingCount: 30, likesCount: 90, videoCount: 4 },
  },
];

/** The documented limits. */
export const DEFAULT_LIMITS: TikTokEmulatorLimits = {
  rateLimitsPerMinute: {
    creatorInfo: 20,
    videoInit: 6,
    inboxVideoInit: 6,
    contentInit: 6,
    statusFetch: 30,
    userInfo: 600,
  },
  directPostsPer24h: 15,
  pendingSharesPer24h: 5,
  unauditedActiveCreatorsPer24h: 5,
};

/** Applies a partial limit change on top of `base`. */
export function mergeLimits(base: TikTokEmulatorLimits, patch: TikTokEmulatorLimitsPatch | undefined): TikTokEmulatorLimits {
  if (patch === undefined) return structuredClone(base);
  return {
    rateLimitsPerMinute: { ...base.rateLimitsPerMinute, ...patch.rateLimitsPerMinute },
    directPostsPer24h: patch.directPostsPer24h ?? base.directPostsPer24h,
    pendingSharesPer24h: patch.pendingSharesPer24h ?? base.pendingSharesPer24h,
    unauditedActiveCreatorsPer24h: patch.unauditedActiveCreatorsPer24h ?? base.unauditedActiveCreatorsPer24h,
  };
}
