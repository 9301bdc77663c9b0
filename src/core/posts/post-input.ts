/** A media item as a request names it (the SDK's MediaItem): an upload id or a URL, plus display fields. */
export interface MediaItemInput {
  /** A public media URL of this instance (`publicUrl` from presign). */
  url?: string | null | undefined;
  /** An upload id from presign; wins over `url`. */
  uploadId?: string | undefined;
  /** What the item is; checked against the stored file when given. */
  type?: 'image' | 'video' | 'gif' | 'document' | undefined;
  altText?: string | undefined;
  title?: string | undefined;
  filename?: string | undefined;
}

/** One account a post goes to, with its overrides (the SDK's CreatePostData platforms[]). */
export interface TargetInput {
  platform: string;
  accountId: string;
  customContent?: string | undefined;
  customMedia?: MediaItemInput[] | undefined;
  /** ISO 8601; overrides the post's `scheduledFor` for this account. */
  scheduledFor?: string | undefined;
  /** The platform's options in the SDK's names (TikTokPlatformData …). */
  platformSpecificData?: Record<string, unknown> | undefined;
}

/** Fields stored on a post and only echoed back. */
export interface PostExtras {
  title?: string | undefined;
  tags?: string[] | undefined;
  hashtags?: string[] | undefined;
  mentions?: string[] | undefined;
  visibility?: 'public' | 'private' | 'unlisted' | undefined;
  crosspostingEnabled?: boolean | undefined;
  metadata?: Record<string, unknown> | undefined;
}

/** A post as POST /v1/posts receives it (after schema validation). */
export interface PostInput extends PostExtras {
  content?: string | undefined;
  mediaItems?: MediaItemInput[] | undefined;
  platforms?: TargetInput[] | undefined;
  scheduledFor?: string | undefined;
  publishNow?: boolean | undefined;
  isDraft?: boolean | undefined;
  timezone?: string | undefined;
  /** Root TikTok options, merged under each TikTok target's own. */
  tiktokSettings?: Record<string, unknown> | undefined;
  queuedFromProfile?: string | undefined;
  queueId?: string | undefined;
  /** The post waits for approval even if its profile does not require it (Outbox extension). */
  requiresApproval?: boolean | undefined;
  /** Accept content identical to a post sent to the same account in the last 24 h (Outbox extension). */
  allowDuplicateContent?: boolean | undefined;
}

/** A media item as stored on a post: always resolved to an upload of this instance. */
export interface StoredMediaItem {
  uploadId: string;
  /** The public media URL, as shown to clients. */
  url: string;
  type: 'image' | 'video' | 'gif';
  filename: string;
  altText?: string | undefined;
  title?: string | undefined;
}

/** Root-level platform options stored on the post, by platform (`{ tiktok: {...} }`). */
export type PlatformDefaults = Record<string, Record<string, unknown>>;
