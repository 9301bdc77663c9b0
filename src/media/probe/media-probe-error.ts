/**
 * Stable codes a probe failure carries. Each maps to a 4xx in the error registry: the client sent bytes we cannot
 * accept, never a server fault.
 */
export const MEDIA_PROBE_ERROR_CODES = {
  /** The bytes are no format the probe knows (or a known container without a video track). */
  MEDIA_UNSUPPORTED_FORMAT: 'The file is not a supported video (MP4, MOV, WebM) or image (JPEG, PNG, WebP, GIF).',
  /** The file ends inside a box, element or header, or the MP4/MOV has no moov box. */
  MEDIA_TRUNCATED: 'The file is incomplete: it ends inside its headers or lacks its index (moov).',
  /** The bytes contradict the declared Content-Type or the file name extension. */
  MEDIA_TYPE_MISMATCH: 'The file content does not match its declared content type or file extension.',
  /** Header values are structurally invalid (impossible sizes, zero dimensions, missing required headers). */
  MEDIA_CORRUPT: 'The file headers are structurally invalid.',
} as const;

/** One of the probe's failure codes. */
export type MediaProbeErrorCode = keyof typeof MEDIA_PROBE_ERROR_CODES;

/** A probe failure with a stable `code` and machine-readable `details` (e.g. `{ declared, detected }`). */
export class MediaProbeError extends Error {
  /** Stable SCREAMING_SNAKE code; callers branch on this, never on `message`. */
  readonly code: MediaProbeErrorCode;
  /** Facts about the failure, safe to return to the client (offsets, declared and detected types). */
  readonly details: Record<string, unknown>;

  constructor(code: MediaProbeErrorCode, message: string, details: Record<string, unknown> = {}) {
    super(message);
    this.name = 'MediaProbeError';
    this.code = code;
    this.details = details;
  }
}
