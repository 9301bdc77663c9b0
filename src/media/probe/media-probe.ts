/** Broad media kind; decides which platform rule set (video or image) applies. */
export type MediaKind = 'video' | 'image';

/** Video containers the probe recognises. `mkv` is Matroska whose EBML DocType is not `webm`. */
export type VideoContainer = 'mp4' | 'mov' | 'webm' | 'mkv';

/** Image formats the probe recognises. */
export type ImageFormat = 'jpeg' | 'png' | 'webp' | 'gif';

/** Every container or image format the probe can report. */
export type MediaContainer = VideoContainer | ImageFormat;

/** Clockwise rotation, in degrees, a player applies before display. */
export type MediaRotation = 0 | 90 | 180 | 270;

/**
 * What the probe learned from a media file's headers. Dimensions are display dimensions: a phone video stored
 * 1920x1080 with a 90° rotation reports width 1080 and height 1920. No content hash is computed here; the upload
 * path hashes while it streams the body.
 */
export interface MediaProbe {
  /** Whether the file is a video or a still/animated image. */
  kind: MediaKind;
  /** The detected container or image format, from the bytes (never from the name or declared type). */
  container: MediaContainer;
  /** The canonical MIME type of `container`, e.g. `video/mp4`, `video/quicktime`, `image/jpeg`. */
  mimeType: string;
  /** Video codec of the first video track, e.g. `h264`, `hevc`, `vp8`, `vp9`, `av1` (videos only). */
  videoCodec?: string;
  /** Audio codec of the first audio track, e.g. `aac`, `opus`, `mp3`; absent when there is no audio track. */
  audioCodec?: string;
  /** Presentation duration in whole milliseconds (videos only; absent when the container does not state it). */
  durationMs?: number;
  /** Display width in pixels, after rotation. */
  width: number;
  /** Display height in pixels, after rotation. */
  height: number;
  /** Clockwise rotation from the MP4/MOV track matrix or the JPEG EXIF orientation (Default: 0). */
  rotation: MediaRotation;
  /** Average frames per second, rounded to 3 decimals (videos only; absent when not derivable from headers). */
  frameRate?: number;
  /** File size in bytes. */
  sizeBytes: number;
  /** How many bytes the probe read from the file; stays small because only headers are read. */
  bytesRead: number;
  /** MP4/MOV only: true when the moov box comes after the media data (not "fast start"). */
  moovAtEnd?: boolean;
}

/** The probe fields a container parser fills; `probeFile` adds size, MIME type and the read count. */
export type ParsedMedia = Omit<MediaProbe, 'mimeType' | 'sizeBytes' | 'bytesRead'>;

/** Hints that let the probe detect a file whose bytes contradict what the uploader claimed. */
export interface ProbeFileOptions {
  /** The Content-Type the client declared; generic types such as `application/octet-stream` are not checked. */
  declaredContentType?: string;
  /** The client's file name; only known media extensions are checked (Default: none;
   * the on-disk `path` is never used for this, since upload temp files carry no meaningful name). */
  filename?: string;
}

/** The canonical MIME type for each container. */
export const MIME_TYPES: Readonly<Record<MediaContainer, string>> = {
  mp4: 'video/mp4',
  mov: 'video/quicktime',
  webm: 'video/webm',
  mkv: 'video/x-matroska',
  jpeg: 'image/jpeg',
  png: 'image/png',
  webp: 'image/webp',
  gif: 'image/gif',
};
