/**
 * Content types an upload may be presigned for: the image and video types of the SDK's MediaContentType that the
 * probe understands. Documents and audio are refused at presign rather than accepted and left unusable.
 */
export const UPLOAD_CONTENT_TYPES = [
  'image/jpeg',
  'image/jpg',
  'image/png',
  'image/webp',
  'image/gif',
  'video/mp4',
  'video/quicktime',
  'video/webm',
  'video/x-m4v',
] as const;

/** A content type Outbox accepts for upload. */
export type UploadContentType = (typeof UPLOAD_CONTENT_TYPES)[number];

/** `Video/MP4; charset=x` → `video/mp4`. */
export function normalizeContentType(value: string | undefined): string {
  return (value ?? '').split(';')[0]!.trim().toLowerCase();
}
