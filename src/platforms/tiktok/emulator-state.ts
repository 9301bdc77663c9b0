import { randomBytes, randomInt, type Hash } from 'node:crypto';
import { createRollingWindowLog, type RollingWindowLog } from '../emulator-kit/rolling-window-log.js';
import { createSlidingWindowLimiter, type SlidingWindowLimiter } from '../emulator-kit/sliding-window-limiter.js';
import type { ResolvedConfig } from './emulator-config.js';
import { mergeLimits, type TikTokEmulatorLimits, type TikTokPrivacyLevel, type TikTokScope } from './emulator-options.js';

/** A consent page shown and not yet answered. */
export interface PendingAuthorization {
  id: string;
  clientKey: string;
  redirectUri: string;
  state: string | undefined;
  scopes: TikTokScope[];
  codeChallenge: string | undefined;
  expiresAt: number;
}

/** An authorization code handed to the redirect URI. */
export interface AuthorizationCode {
  code: string;
  clientKey: string;
  openId: string;
  scopes: TikTokScope[];
  redirectUri: string;
  codeChallenge: string | undefined;
  expiresAt: number;
  used: boolean;
}

/** One authorization of one creator for one app: its scopes and its current refresh token. */
export interface Grant {
  id: string;
  clientKey: string;
  openId: string;
  scopes: TikTokScope[];
  refreshToken: string;
  refreshExpiresAt: number;
  revoked: boolean;
  createdAt: number;
}

/** An access token issued under a grant. */
export interface AccessToken {
  token: string;
  grantId: string;
  issuedAt: number;
  expiresAt: number;
}

/** One transferred file: the video, or one photo. */
export interface MediaItem {
  url: string | null;
  bytes: number;
  sha256: string | null;
}

/** How a post reaches TikTok and what the creator gets. */
export type PostMode = 'DIRECT_POST' | 'MEDIA_UPLOAD';

/** Everything the emulator remembers about one publish_id. */
export interface PublishRecord {
  publishId: string;
  clientKey: string;
  openId: string;
  accessToken: string;
  mode: PostMode;
  mediaType: 'VIDEO' | 'PHOTO';
  source: 'FILE_UPLOAD' | 'PULL_FROM_URL';
  privacyLevel: TikTokPrivacyLevel | null;
  title: string;
  description: string;
  /** The `post_info` object as sent. */
  postInfo: Record<string, unknown>;
  createdAt: number;
  /** FILE_UPLOAD: the declared `video_size`; PULL_FROM_URL: null until known. */
  expectedBytes: number | null;
  /** Bytes received so far (all photos together for a photo post). */
  bytes: number;
  contentType: string | null;
  media: MediaItem[];
  transferCompletedAt: number | null;
  failedAt: number | null;
  failReason: string | null;
  /** A fail_reason injected by a fault, applied when processing ends. */
  forcedFailReason: string | null;
  /** The int64 post id, minted at init for public direct posts and shown after moderation. */
  postId: bigint | null;
}

/** A FILE_UPLOAD in progress. */
export interface UploadRecord {
  uploadId: string;
  uploadToken: string;
  publishId: string;
  videoSize: number;
  chunkSize: number;
  totalChunkCount: number;
  received: number;
  chunksReceived: number;
  /** Running sha256 of the bytes committed so far; a chunk hashes into a copy and replaces it only when complete. */
  hash: Hash;
  expiresAt: number;
  /** A PUT is streaming into this upload right now. */
  busy: boolean;
}

/** Lifetime counters for the read model (since the last reset). */
export interface Counters {
  initsByCreator: Map<string, number>;
  requestsByEndpoint: Map<string, number>;
  errorsByCode: Map<string, number>;
}

const DAY_MS = 24 * 60 * 60 * 1000;

/** The emulator's mutable state: OAuth artefacts, publishes, uploads, windows and counters. */
export interface TikTokStore {
  pendingAuthorizations: Map<string, PendingAuthorization>;
  codes: Map<string, AuthorizationCode>;
  grants: Map<string, Grant>;
  grantIdByRefreshToken: Map<string, string>;
  accessTokens: Map<string, AccessToken>;
  publishes: Map<string, PublishRecord>;
  uploads: Map<string, UploadRecord>;
  limits: TikTokEmulatorLimits;
  /** Direct posts per creator, rolling 24 h. */
  directPosts: RollingWindowLog;
  /** Inbox shares per creator, rolling 24 h. */
  pendingShares: RollingWindowLog;
  /** Posting creators per app (member = open_id), rolling 24 h. */
  activeCreators: RollingWindowLog;
  limiter: SlidingWindowLimiter;
  counters: Counters;
  /** Adds one to a counter map. */
  bump(map: Map<string, number>, key: string): void;
  /** Clears everything but the seeded apps and creators, and restores the configured limits. */
  reset(): void;
}

/** Creates an empty store for `config`. */
export function createTikTokStore(config: ResolvedConfig): TikTokStore {
  const clock = config.clock;
  const store: TikTokStore = {
    pendingAuthorizations: new Map(),
    codes: new Map(),
    grants: new Map(),
    grantIdByRefreshToken: new Map(),
    accessTokens: new Map(),
    publishes: new Map(),
    uploads: new Map(),
    limits: mergeLimits(config.limits, undefined),
    directPosts: createRollingWindowLog({ clock, windowMs: DAY_MS }),
    pendingShares: createRollingWindowLog({ clock, windowMs: DAY_MS }),
    activeCreators: createRollingWindowLog({ clock, windowMs: DAY_MS }),
    limiter: createSlidingWindowLimiter({ clock, windowMs: 60_000 }),
    counters: { initsByCreator: new Map(), requestsByEndpoint: new Map(), errorsByCode: new Map() },
    bump(map, key) {
      map.set(key, (map.get(key) ?? 0) + 1);
    },
    reset() {
      for (const map of [
        store.pendingAuthorizations,
        store.codes,
        store.grants,
        store.grantIdByRefreshToken,
        store.accessTokens,
        store.publishes,
        store.uploads,
        store.counters.initsByCreator,
        store.counters.requestsByEndpoint,
        store.counters.errorsByCode,
      ]) {
        map.clear();
      }
      store.directPosts.clear();
      store.pendingShares.clear();
      store.activeCreators.clear();
      store.limiter.clear();
      store.limits = mergeLimits(config.limits, undefined);
    },
  };
  return store;
}

/** A random URL-safe secret of `bytes` bytes. */
export function randomSecret(bytes = 24): string {
  return randomBytes(bytes).toString('base64url');
}

/** A TikTok-shaped access token (`act.` prefix). */
export function newAccessTokenValue(): string {
  return `act.${randomBytes(24).toString('hex')}`;
}

/** A TikTok-shaped refresh token (`rft.` prefix). */
export function newRefreshTokenValue(): string {
  return `rft.${randomBytes(24).toString('hex')}`;
}

function randomDigits(count: number): string {
  let digits = '';
  while (digits.length < count) digits += randomInt(0, 1_000_000).toString().padStart(6, '0');
  return digits.slice(0, count);
}

/** A publish_id in TikTok's documented shapes: `v_pub_file~v2-1.…`, `v_pub_url~v2.…`, `p_pub_url~v2.…`. */
export function newPublishId(mediaType: 'VIDEO' | 'PHOTO', source: 'FILE_UPLOAD' | 'PULL_FROM_URL'): string {
  const digits = randomDigits(19);
  if (mediaType === 'PHOTO') return `p_pub_url~v2.${digits}`;
  return source === 'FILE_UPLOAD' ? `v_pub_file~v2-1.${digits}` : `v_pub_url~v2.${digits}`;
}

/**
 * A post id in the range TikTok's ids occupy (19 digits starting with 7), always above 2^53 so a client that
 * parses it as a JavaScript number visibly loses digits.
 */
export function newPostId(): bigint {
  const base = 7_000_000_000_000_000_000n;
  const spread = randomBytes(8).readBigUInt64BE() % 1_000_000_000_000_000_000n;
  return base + spread;
}
