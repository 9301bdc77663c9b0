/**
 * Every code a rule check can return, with what it means. The error registry and docs/errors.md are checked
 * against this list; codes are stable and never reused for another meaning.
 */
export const VIOLATION_CODES = {
  POST_PLATFORM_UNKNOWN: 'The platform id is not one Outbox supports.',
  POST_CAPTION_TOO_LONG: 'A text field is longer than the platform allows, counted the way the platform counts.',
  POST_CAPTION_REQUIRED: 'A text field the platform requires is empty.',
  POST_CAPTION_INVALID_CHARACTERS: 'A text field contains characters the platform rejects.',
  POST_TOO_MANY_HASHTAGS: 'The text has more hashtags than the platform allows.',
  POST_TOO_MANY_MENTIONS: 'The text has more @mentions than the platform allows.',
  POST_TOO_MANY_LINKS: 'The text has more links than the platform allows.',
  MEDIA_KIND_NOT_SUPPORTED: 'The platform does not accept this kind of media (video or image) through its API.',
  MEDIA_FORMAT_NOT_ALLOWED: 'The container or image format is not accepted by the platform.',
  MEDIA_CODEC_NOT_ALLOWED: 'The video codec is not accepted by the platform.',
  MEDIA_AUDIO_CODEC_NOT_ALLOWED: 'The audio codec is not accepted by the platform.',
  MEDIA_DURATION_TOO_SHORT: 'The video is shorter than the platform minimum.',
  MEDIA_DURATION_TOO_LONG: 'The video is longer than the platform maximum.',
  MEDIA_DIMENSIONS_TOO_SMALL: 'The width or height is below the platform minimum.',
  MEDIA_DIMENSIONS_TOO_LARGE: 'The width, height or pixel count is above the platform maximum.',
  MEDIA_ASPECT_RATIO_OUT_OF_RANGE: 'The width-to-height ratio is outside the range the platform accepts.',
  MEDIA_FRAME_RATE_OUT_OF_RANGE: 'The frame rate is outside the range the platform accepts.',
  MEDIA_TOO_LARGE: 'The file is larger than the platform allows.',
  MEDIA_TOO_SMALL: 'The file is smaller than the platform minimum.',
  MEDIA_MOOV_NOT_AT_START: 'The MP4/MOV index (moov) follows the media data; the platform needs a "fast start" file.',
  MEDIA_REQUIRED: 'The platform has no text-only posts; at least one attachment is needed.',
  MEDIA_TOO_MANY_ITEMS: 'The post has more attachments (in total, images or videos) than the platform allows.',
  MEDIA_MIXED_KINDS_NOT_ALLOWED: 'The post mixes images and videos, which the platform does not allow.',
  MEDIA_GIF_MUST_BE_ALONE: 'A GIF must be the only attachment of a post on this platform.',
  MEDIA_DIMENSIONS_MISMATCH: 'The images of a multi-image post must all have the same dimensions on this platform.',
} as const;

/** One rule-violation code. */
export type ViolationCode = keyof typeof VIOLATION_CODES;

/** All rule-violation codes, for registries and documentation checks. */
export const VIOLATION_CODE_LIST = Object.keys(VIOLATION_CODES) as ViolationCode[];

/** One broken rule. Validators return every violation they find, not only the first. */
export interface Violation {
  /** Stable code from `VIOLATION_CODES`. */
  code: ViolationCode;
  /** The request field at fault, e.g. `caption`, `title`, `media`, `media[2]`. */
  field: string;
  /** Human-readable explanation with the numbers involved. */
  message: string;
  /** The limit that was crossed (a number, a unit-bearing string, or the allowed values). */
  limit?: number | string | string[];
  /** The measured value. */
  actual?: number | string;
}
