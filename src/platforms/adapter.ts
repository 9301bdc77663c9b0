import type { PlatformCallContext, PublishContext, PublishResult, PublishStatus } from './publish-context.js';
import type { OAuthConnector } from './platform-auth.js';
import type { PublishTarget } from './publish-target.js';
import type { TargetViolation } from './target-violation.js';

export type { PlatformCallContext, PublishContext, PublishResult, PublishStatus } from './publish-context.js';
export type { PublishMedia, PublishTarget } from './publish-target.js';
export { PLATFORM_VIOLATION_CODES, type PlatformViolationCode, type TargetViolation } from './target-violation.js';

/** What a platform can do through its API; core and the API read these instead of asking "is it TikTok?". */
export interface PlatformCapabilities {
  /** Accepts video posts. */
  supportsVideo: boolean;
  /** Accepts image posts. */
  supportsImages: boolean;
  /** Accepts several images in one post. */
  supportsCarousel: boolean;
  /** Accepts posts with text only, no media. */
  supportsText: boolean;
  /** The platform itself can hold a post until a time (native scheduled publishing). */
  supportsScheduling: boolean;
  /** A published post can be deleted through the API (`deletePost`). */
  supportsDelete: boolean;
  /** A published post can be edited through the API (`editPost`). */
  supportsEdit: boolean;
  /** Posts can go to the account's drafts/inbox instead of being published. */
  supportsDrafts: boolean;
  /** Longest caption, in the platform's unit (see media/rules). */
  maxCaptionLength: number;
  /** Most attachments in one post. */
  maxMediaItems: number;
  /** Media kinds the platform only pulls from a public URL (it cannot receive their bytes from Outbox). */
  requiresPublicMediaUrl: { video: boolean; image: boolean };
}

/** A change to a published post, for platforms that allow editing. */
export interface PostEdit {
  /** New text. */
  content?: string | undefined;
  /** New platform-specific options. */
  platformSettings?: Readonly<Record<string, unknown>> | undefined;
}

/**
 * A platform adapter: the one place that speaks a network's real public API. It declares what the network can do
 * (`capabilities`), connects accounts and keeps tokens alive (`auth`), checks a target against the platform's rules
 * before anything is sent (`validateTarget`, pure), publishes in resumable steps (saving the platform's handle
 * through `context.saveExternalRef` before the step that could duplicate a post), reports the status of a handle,
 * and maps every platform failure to a `PlatformError` kind. Adapters never read the store or the scheduler; base
 * URLs are configuration, so the same adapter talks to the real network or to its local emulator.
 * `TAccountInfo` is the platform's live account data (TikTok: creator_info).
 */
export interface PlatformAdapter<TAccountInfo = unknown> {
  /** Platform id as the API spells it, e.g. `tiktok`. */
  readonly id: string;
  /** What the platform can do through its API. */
  readonly capabilities: PlatformCapabilities;
  /** Account connection: consent URL, code exchange, refresh, revoke, identity. */
  readonly auth: OAuthConnector;
  /**
   * Every rule `target` breaks, without any network call: the platform's media and caption rules
   * (`media/rules`), its settings, and, when `accountInfo` (from {@link PlatformAdapter.accountInfo}) is given,
   * the account's live limits (TikTok privacy options, maximum duration). An empty list means "send it".
   */
  validateTarget(target: PublishTarget, accountInfo?: TAccountInfo): TargetViolation[];
  /**
   * Publishes `target`, or, when `context.externalRef` is set, reconciles the earlier attempt by that handle
   * without starting a new one. Rejects with a `PlatformError` (kind says what the caller should do).
   */
  publish(context: PublishContext, target: PublishTarget): Promise<PublishResult>;
  /** The current status of an earlier publish. Rejects only when the status call itself fails. */
  getStatus(context: PlatformCallContext, externalRef: string): Promise<PublishStatus>;
  /**
   * Converts the public API's `platformSpecificData` for this platform (the SDK's `<Platform>PlatformData`) into
   * `platformSettings`, naming every field it cannot accept (Default: the data is passed through unchanged).
   */
  settingsFromApi?(data: Readonly<Record<string, unknown>>, fieldBase: string): { settings: Record<string, unknown>; violations: TargetViolation[] };
  /**
   * True when an attempt that stopped before the platform returned a handle cannot have published `target` (TikTok
   * FILE_UPLOAD: an init without bytes never becomes a post), so the target may simply be sent again. When absent
   * or false, such a target becomes `unconfirmed` rather than risk a duplicate.
   */
  canResendWithoutRef?(target: PublishTarget): boolean;
  /** OAuth scopes the account must have granted to publish `target` (Default: none beyond connecting). */
  requiredScopes?(target: PublishTarget): string[];
  /** Deletes a published post (absent where the API cannot). */
  deletePost?(context: PlatformCallContext, platformPostId: string): Promise<void>;
  /** Edits a published post (absent where the API cannot). */
  editPost?(context: PlatformCallContext, platformPostId: string, edit: PostEdit): Promise<void>;
  /** Live, platform-specific account data the API shows and validation uses (absent where there is none). */
  accountInfo?(accessToken: string, signal?: AbortSignal): Promise<TAccountInfo>;
  /**
   * The path segment the API serves `accountInfo` under, `/v1/accounts/{id}/{platform}/{accountInfoName}`
   * (TikTok: `creator-info`) (Default: none, no such route).
   */
  readonly accountInfoName?: string;
  /** Converters from the adapter's typed data to the public API's JSON shapes (Default: none). */
  readonly present?: AdapterPresenters<TAccountInfo>;
}

/** How an adapter's own data types are shown by the public API. */
export interface AdapterPresenters<TAccountInfo> {
  /** `accountInfo` as the API's response body (TikTok: the SDK's GetTikTokCreatorInfoResponse). */
  accountInfo?(info: TAccountInfo): Record<string, unknown>;
}
