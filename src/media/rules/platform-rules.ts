import type { ImageFormat, VideoContainer } from '../probe/media-probe.js';

/**
 * How a platform measures caption length.
 * - `utf16`: UTF-16 code units (JavaScript `length`), the default for platforms that say "characters".
 * - `weighted`: X/Twitter weighting: code points in twitter-text's light ranges weigh 1, others (CJK, emoji
 *   sequences) 2, every URL counts `urlLength`.
 * - `graphemes`: user-perceived characters (`Intl.Segmenter`, granularity 'grapheme').
 * - `utf8_bytes`: UTF-8 bytes.
 * - `emoji_utf8`: code points, except that each emoji counts its UTF-8 byte length (Threads).
 */
export type CaptionUnit = 'utf16' | 'weighted' | 'graphemes' | 'utf8_bytes' | 'emoji_utf8';

/** Length and content limits of one text field of a post (caption, title, description…). */
export interface CaptionRule {
  /** Maximum length in `unit`. */
  maxLength: number;
  /** A lower maximum that applies when the post carries media (Telegram captions). (Default: `maxLength`) */
  maxLengthWithMedia?: number;
  /** How length is counted. */
  unit: CaptionUnit;
  /** Every URL counts as exactly this many units instead of its own length. (Default: URLs count as written) */
  urlLength?: number;
  /** `@user@domain` mentions count as `@user` (Mastodon). (Default: false) */
  mentionsWithoutDomain?: boolean;
  /** A second cap in UTF-8 bytes, checked as well as `maxLength` (Bluesky). (Default: none) */
  maxUtf8Bytes?: number;
  /** Whether an empty field is rejected. (Default: false) */
  required?: boolean;
  /** Maximum `#hashtags`. (Default: unlimited) */
  maxHashtags?: number;
  /** Maximum `@mentions`. (Default: unlimited) */
  maxMentions?: number;
  /** Maximum distinct links. (Default: unlimited) */
  maxLinks?: number;
  /** Characters the field may not contain. (Default: none) */
  forbiddenCharacters?: string[];
  /** Where the figure comes from. */
  source: string;
}

/**
 * Pixel limits, checked against display dimensions (after rotation). `*Side` limits ignore orientation, for
 * platforms that state a landscape maximum but accept the same picture in portrait.
 */
export interface DimensionRules {
  /** Minimum width in pixels. (Default: none) */
  minWidth?: number;
  /** Minimum height in pixels. (Default: none) */
  minHeight?: number;
  /** Maximum width in pixels. (Default: none) */
  maxWidth?: number;
  /** Maximum height in pixels. (Default: none) */
  maxHeight?: number;
  /** Maximum of the longer side. (Default: none) */
  maxLongSide?: number;
  /** Maximum of the shorter side. (Default: none) */
  maxShortSide?: number;
  /** Maximum width × height. (Default: none) */
  maxPixels?: number;
  /** Maximum width + height. (Default: none) */
  maxSideSum?: number;
  /** Minimum width ÷ height. (Default: none) */
  minAspectRatio?: number;
  /** Maximum width ÷ height. (Default: none) */
  maxAspectRatio?: number;
}

/** Limits for one video. */
export interface VideoRules extends DimensionRules {
  /** Accepted containers. */
  containers: VideoContainer[];
  /** Accepted video codecs (probe names: h264, hevc, vp8, vp9, av1…). (Default: any) */
  videoCodecs?: string[];
  /** Accepted audio codecs, checked only when the file has audio. (Default: any) */
  audioCodecs?: string[];
  /** Minimum duration in milliseconds. (Default: none) */
  minDurationMs?: number;
  /** Maximum duration in milliseconds. (Default: none) */
  maxDurationMs?: number;
  /** Minimum average frame rate. (Default: none) */
  minFrameRate?: number;
  /** Maximum average frame rate. (Default: none) */
  maxFrameRate?: number;
  /** Minimum file size in bytes. (Default: none) */
  minBytes?: number;
  /** Maximum file size in bytes. (Default: no limit) */
  maxBytes?: number;
  /** MP4/MOV must have moov before mdat ("fast start"), as Meta's fetchers require. (Default: false) */
  requireMoovAtStart?: boolean;
  /** Where the figures come from. */
  source: string;
}

/** Limits that differ for one image format (X's GIF allowance). */
export interface ImageFormatOverride extends DimensionRules {
  /** Maximum file size in bytes for this format. (Default: the general `maxBytes`) */
  maxBytes?: number;
}

/** Limits for one image. */
export interface ImageRules extends DimensionRules {
  /** Accepted formats. */
  formats: ImageFormat[];
  /** Minimum file size in bytes. (Default: none) */
  minBytes?: number;
  /** Maximum file size in bytes. (Default: no limit) */
  maxBytes?: number;
  /** Per-format replacements for the limits above. (Default: none) */
  formatOverrides?: Partial<Record<ImageFormat, ImageFormatOverride>>;
  /** Where the figures come from. */
  source: string;
}

/** Limits on the set of media attached to one post. */
export interface MediaSetRules {
  /** Minimum attachments; 1 where the platform has no text-only posts. (Default: 0) */
  minItems?: number;
  /** Maximum attachments of any kind. */
  maxItems: number;
  /** Maximum images (0 when images are not accepted). */
  maxImages: number;
  /** Maximum videos (0 when videos are not accepted). */
  maxVideos: number;
  /** Whether images and videos may share a post. */
  allowMixed: boolean;
  /** A GIF must be the only attachment (X). (Default: false) */
  gifMustBeAlone?: boolean;
  /** All images of a multi-image post must have the same dimensions (Pinterest carousels). (Default: false) */
  requireSameImageDimensions?: boolean;
  /** Where the figures come from. */
  source: string;
}

/**
 * Everything Outbox checks for one platform before any call is made: per-video and per-image limits, the set of
 * attachments, each text field, and the product's daily post cap. Rules are data; the validators are generic.
 */
export interface PlatformRules {
  /** Platform id as the API and SDK spell it (`twitter` for X). */
  id: string;
  /** Human name. */
  displayName: string;
  /** Video limits; undefined when the platform takes no video through its API. */
  video?: VideoRules;
  /** Image limits; undefined when the platform takes no images through its API. */
  image?: ImageRules;
  /** Attachment-set limits. */
  media: MediaSetRules;
  /** Text fields by name; `caption` is the post's main text and always present. */
  captions: { caption: CaptionRule } & Record<string, CaptionRule>;
  /** Posts per account per rolling 24 hours that Outbox allows. (Default: no cap) */
  dailyPostCap?: number;
  /** Limits that are not enforced here and why (variants, unverified figures). */
  notes: string[];
  /** Documents the rules were taken from (shared/platforms/<name>.md, Sources). */
  sources: string[];
}

/** One KiB (1,024 bytes); rule tables use binary sizes. */
export const KB = 1024;
/** One MiB (1,048,576 bytes). */
export const MB = 1024 * KB;
/** One GiB (1,073,741,824 bytes). */
export const GB = 1024 * MB;
/** One second in milliseconds. */
export const SECOND = 1000;
/** One minute in milliseconds. */
export const MINUTE = 60 * SECOND;
