import type { ResolvedConfig } from './emulator-config.js';
import type { TikTokEmulatorLimits, TikTokPrivacyLevel } from './emulator-options.js';
import { derivePublishStatus, settlePublish, type PublishStatus } from './emulator-publish-status.js';
import type { PullRunner } from './emulator-pull.js';
import type { MediaItem, PostMode, PublishRecord, TikTokStore } from './emulator-state.js';

/** One publish as tests and users read it (`emulator.state.posts()`, `GET /__control/state`). */
export interface TikTokEmulatorPost {
  publishId: string;
  /** The creator's open_id. */
  openId: string;
  clientKey: string;
  mode: PostMode;
  mediaType: 'VIDEO' | 'PHOTO';
  source: 'FILE_UPLOAD' | 'PULL_FROM_URL';
  privacyLevel: TikTokPrivacyLevel | null;
  title: string;
  description: string;
  /** `post_info` as sent. */
  postInfo: Record<string, unknown>;
  status: PublishStatus;
  failReason: string | null;
  /** Declared (FILE_UPLOAD) or downloaded (PULL_FROM_URL, once done) size in bytes. */
  expectedBytes: number | null;
  /** Bytes received so far. */
  bytes: number;
  /** sha256 (hex) of the whole video once received; null for photos (see `media`) and unfinished transfers. */
  sha256: string | null;
  contentType: string | null;
  /** One entry per transferred file with its URL (pulls), size and sha256. */
  media: MediaItem[];
  /** Public post ids as decimal strings (int64 values above 2^53), once moderation is over. */
  postIds: string[];
  createdAt: number;
  transferCompletedAt: number | null;
  finishedAt: number | null;
}

/** One authorization (grant) and its tokens. */
export interface TikTokEmulatorTokenSummary {
  grantId: string;
  openId: string;
  clientKey: string;
  scopes: string[];
  revoked: boolean;
  refreshToken: string;
  refreshExpiresAt: number;
  accessTokens: { token: string; expiresAt: number; expired: boolean }[];
}

/** Counters since the last reset. */
export interface TikTokEmulatorCounters {
  /** Accepted inits per creator open_id. */
  initsByCreator: Record<string, number>;
  /** Publishes now PUBLISH_COMPLETE. */
  completedPosts: number;
  /** Publishes now SEND_TO_USER_INBOX. */
  inboxDeliveries: number;
  /** Publishes now FAILED. */
  failedPosts: number;
  /** Publishes still processing. */
  processingPosts: number;
  /** Direct posts per creator in the current rolling 24 h window. */
  directPostsLast24h: Record<string, number>;
  /** Inbox shares per creator in the current rolling 24 h window. */
  pendingSharesLast24h: Record<string, number>;
  /** Requests per endpoint name. */
  requestsByEndpoint: Record<string, number>;
  /** Error answers per code (including injected ones). */
  errorsByCode: Record<string, number>;
}

function toPost(publish: PublishRecord, now: number, config: ResolvedConfig): TikTokEmulatorPost {
  const derived = derivePublishStatus(publish, now, config);
  return {
    publishId: publish.publishId,
    openId: publish.openId,
    clientKey: publish.clientKey,
    mode: publish.mode,
    mediaType: publish.mediaType,
    source: publish.source,
    privacyLevel: publish.privacyLevel,
    title: publish.title,
    description: publish.description,
    postInfo: publish.postInfo,
    status: derived.status,
    failReason: derived.failReason,
    expectedBytes: publish.expectedBytes,
    bytes: publish.bytes,
    sha256: publish.mediaType === 'VIDEO' ? (publish.media[0]?.sha256 ?? null) : null,
    contentType: publish.contentType,
    media: publish.media.map((item) => ({ ...item })),
    postIds: derived.postIds.map((id) => id.toString()),
    createdAt: publish.createdAt,
    transferCompletedAt: publish.transferCompletedAt,
    finishedAt: derived.finishedAt,
  };
}

/** Read access to the emulator's state, evaluated at the clock's current time on every call. */
export interface TikTokEmulatorState {
  /** Every publish since the last reset, oldest first. */
  posts(): TikTokEmulatorPost[];
  /** One publish by publish_id. */
  post(publishId: string): TikTokEmulatorPost | undefined;
  /** Every grant with its tokens. */
  tokens(): TikTokEmulatorTokenSummary[];
  counters(): TikTokEmulatorCounters;
  /** The limits in force (options plus control changes). */
  limits(): TikTokEmulatorLimits;
}

/** Builds the {@link TikTokEmulatorState} views over the store. */
export function createReadModel(store: TikTokStore, config: ResolvedConfig, pulls: PullRunner): TikTokEmulatorState {
  function posts(): TikTokEmulatorPost[] {
    const now = config.clock.now();
    return [...store.publishes.values()].map((publish) => {
      settlePublish(publish, now, config, pulls);
      return toPost(publish, now, config);
    });
  }

  function tokens(): TikTokEmulatorTokenSummary[] {
    const now = config.clock.now();
    return [...store.grants.values()].map((grant) => ({
      grantId: grant.id,
      openId: grant.openId,
      clientKey: grant.clientKey,
      scopes: [...grant.scopes],
      revoked: grant.revoked,
      refreshToken: grant.refreshToken,
      refreshExpiresAt: grant.refreshExpiresAt,
      accessTokens: [...store.accessTokens.values()]
        .filter((token) => token.grantId === grant.id)
        .map((token) => ({ token: token.token, expiresAt: token.expiresAt, expired: now >= token.expiresAt })),
    }));
  }

  function counters(): TikTokEmulatorCounters {
    const all = posts();
    const byStatus = (status: PublishStatus) => all.filter((post) => post.status === status).length;
    const openIds = [...config.creators.keys()];
    const windowCounts = (count: (openId: string) => number) =>
      Object.fromEntries(openIds.map((openId) => [openId, count(openId)]).filter(([, value]) => value !== 0));
    return {
      initsByCreator: Object.fromEntries(store.counters.initsByCreator),
      completedPosts: byStatus('PUBLISH_COMPLETE'),
      inboxDeliveries: byStatus('SEND_TO_USER_INBOX'),
      failedPosts: byStatus('FAILED'),
      processingPosts: byStatus('PROCESSING_UPLOAD') + byStatus('PROCESSING_DOWNLOAD'),
      directPostsLast24h: windowCounts((openId) => store.directPosts.count(openId)),
      pendingSharesLast24h: windowCounts((openId) => store.pendingShares.count(openId)),
      requestsByEndpoint: Object.fromEntries(store.counters.requestsByEndpoint),
      errorsByCode: Object.fromEntries(store.counters.errorsByCode),
    };
  }

  function limits(): TikTokEmulatorLimits {
    return structuredClone(store.limits);
  }

  return {
    posts,
    post: (publishId) => posts().find((post) => post.publishId === publishId),
    tokens,
    counters,
    limits,
  };
}
