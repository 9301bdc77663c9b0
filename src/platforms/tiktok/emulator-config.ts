import { systemClock, type Clock } from '../../clock.js';
import {
  DEFAULT_APP,
  DEFAULT_CREATORS,
  DEFAULT_LIMITS,
  mergeLimits,
  TIKTOK_SCOPES,
  type TikTokEmulatorApp,
  type TikTokEmulatorCreator,
  type TikTokEmulatorLimits,
  type TikTokEmulatorOptions,
  type TikTokPrivacyLevel,
  type TikTokScope,
} from './emulator-options.js';

/** An app with every default filled in. */
export type ResolvedApp = Required<Omit<TikTokEmulatorApp, 'activeCreatorCap'>> & { activeCreatorCap: number | undefined };

/** A creator with every default filled in. */
export type ResolvedCreator = Required<TikTokEmulatorCreator>;

/** The emulator's options with every default filled in. */
export interface ResolvedConfig {
  clock: Clock;
  baseUrl: string | undefined;
  apps: Map<string, ResolvedApp>;
  creators: Map<string, ResolvedCreator>;
  processingDelayMs: number;
  moderationDelayMs: number;
  codeTtlMs: number;
  accessTokenTtlSec: number;
  refreshTokenTtlSec: number;
  rotateRefreshTokens: boolean;
  uploadUrlTtlMs: number;
  pullTimeoutMs: number;
  oauthErrorsWithHttp200: boolean;
  rateLimitHeaders: boolean;
  /** The limits a reset returns to. */
  limits: TikTokEmulatorLimits;
}

const DEFAULT_VERIFIED_PREFIXES = ['https://', 'http://127.0.0.1', 'http://localhost'];

function resolveApp(app: TikTokEmulatorApp): ResolvedApp {
  return {
    clientKey: app.clientKey,
    clientSecret: app.clientSecret,
    name: app.name ?? app.clientKey,
    redirectUris: app.redirectUris ?? [],
    allowLoopbackRedirects: app.allowLoopbackRedirects ?? true,
    scopes: app.scopes ?? [...TIKTOK_SCOPES],
    audited: app.audited ?? true,
    verifiedUrlPrefixes: app.verifiedUrlPrefixes ?? DEFAULT_VERIFIED_PREFIXES,
    activeCreatorCap: app.activeCreatorCap,
  };
}

/** A creator with every default filled in. */
export function resolveCreator(creator: TikTokEmulatorCreator): ResolvedCreator {
  return {
    openId: creator.openId,
    unionId: creator.unionId ?? `union-${creator.openId}`,
    username: creator.username,
    displayName: creator.displayName,
    avatarUrl: creator.avatarUrl ?? `https://example.com/avatars/${encodeURIComponent(creator.username)}.jpeg`,
    bioDescription: creator.bioDescription ?? '',
    isVerified: creator.isVerified ?? false,
    stats: creator.stats ?? { followerCount: 0, followingCount: 0, likesCount: 0, videoCount: 0 },
    privateAccount: creator.privateAccount,
    commentDisabled: creator.commentDisabled ?? false,
    duetDisabled: creator.duetDisabled ?? false,
    stitchDisabled: creator.stitchDisabled ?? false,
    maxVideoPostDurationSec: creator.maxVideoPostDurationSec ?? 600,
    bannedFromPosting: creator.bannedFromPosting ?? false,
    appVersion: creator.appVersion ?? '35.0.0',
  };
}

/** Fills in every default of {@link TikTokEmulatorOptions}. */
export function resolveConfig(options: TikTokEmulatorOptions): ResolvedConfig {
  const apps = (options.apps ?? [DEFAULT_APP]).map(resolveApp);
  const creators = (options.creators ?? DEFAULT_CREATORS).map(resolveCreator);
  return {
    clock: options.clock ?? systemClock,
    baseUrl: options.baseUrl?.replace(/\/+$/, ''),
    apps: new Map(apps.map((app) => [app.clientKey, app])),
    creators: new Map(creators.map((creator) => [creator.openId, creator])),
    processingDelayMs: options.processingDelayMs ?? 1000,
    moderationDelayMs: options.moderationDelayMs ?? 1000,
    codeTtlMs: options.codeTtlMs ?? 300_000,
    accessTokenTtlSec: options.accessTokenTtlSec ?? 86_400,
    refreshTokenTtlSec: options.refreshTokenTtlSec ?? 31_536_000,
    rotateRefreshTokens: options.rotateRefreshTokens ?? true,
    uploadUrlTtlMs: options.uploadUrlTtlMs ?? 3_600_000,
    pullTimeoutMs: options.pullTimeoutMs ?? 3_600_000,
    oauthErrorsWithHttp200: options.oauthErrorsWithHttp200 ?? false,
    rateLimitHeaders: options.rateLimitHeaders ?? false,
    limits: mergeLimits(DEFAULT_LIMITS, options.limits),
  };
}

/** The privacy levels `creator_info` offers a creator, per account type. */
export function privacyOptionsFor(creator: ResolvedCreator): TikTokPrivacyLevel[] {
  return creator.privateAccount
    ? ['FOLLOWER_OF_CREATOR', 'MUTUAL_FOLLOW_FRIENDS', 'SELF_ONLY']
    : ['PUBLIC_TO_EVERYONE', 'MUTUAL_FOLLOW_FRIENDS', 'SELF_ONLY'];
}

/** True when `url` lies under one of the app's verified prefixes (matched at a URL boundary). */
export function isVerifiedUrl(app: ResolvedApp, url: string): boolean {
  return app.verifiedUrlPrefixes.some((prefix) => {
    if (!url.startsWith(prefix)) return false;
    if (prefix.endsWith('/')) return true;
    const next = url.charAt(prefix.length);
    return next === '' || next === '/' || next === ':' || next === '?' || next === '#';
  });
}

/** True when `uri` is registered for the app, or is a loopback http(s) URI and the app allows those. */
export function isAllowedRedirect(app: ResolvedApp, uri: string): boolean {
  if (app.redirectUris.includes(uri)) return true;
  if (!app.allowLoopbackRedirects) return false;
  try {
    const parsed = new URL(uri);
    const loopback = parsed.hostname === 'localhost' || parsed.hostname === '127.0.0.1';
    return loopback && (parsed.protocol === 'http:' || parsed.protocol === 'https:') && parsed.hash === '';
  } catch {
    return false;
  }
}

/** True when dotted version `version` is at least `minimum` ("31.10" ≥ "31.8"). */
export function versionAtLeast(version: string, minimum: string): boolean {
  const have = version.split('.').map((part) => Number.parseInt(part, 10) || 0);
  const need = minimum.split('.').map((part) => Number.parseInt(part, 10) || 0);
  for (let index = 0; index < Math.max(have.length, need.length); index += 1) {
    const difference = (have[index] ?? 0) - (need[index] ?? 0);
    if (difference !== 0) return difference > 0;
  }
  return true;
}

/** True when `value` names a known scope. */
export function isTikTokScope(value: string): value is TikTokScope {
  return (TIKTOK_SCOPES as readonly string[]).includes(value);
}
