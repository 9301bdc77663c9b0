import type { Readable } from 'node:stream';
import type { MediaProbe } from '../media/probe/index.js';

/** One media file of a target, as an adapter needs it: what it is, and how to read or point at its bytes. */
export interface PublishMedia {
  /** What the probe learned from the file's headers (kind, container, duration, dimensions …). */
  probe: MediaProbe;
  /** File size in bytes. */
  sizeBytes: number;
  /** MIME type sent with the bytes, e.g. `video/mp4` (normally `probe.mimeType`). */
  contentType: string;
  /**
   * Opens a stream of bytes `start` to `end`, both INCLUSIVE (as in an HTTP Range header and
   * `fs.createReadStream`). Adapters that push bytes call it once per chunk, so memory stays flat for any file
   * size; the stream must end after exactly `end - start + 1` bytes.
   */
  openRange(start: number, end: number): Promise<Readable>;
  /**
   * An https URL where the platform can fetch the same bytes, already checked to be public (and, for TikTok, under
   * a URL prefix verified for the app). Absent when Outbox has no public URL (`OUTBOX_PUBLIC_URL` unset).
   */
  publicUrl?: string | undefined;
}

/**
 * What to publish to one account: the unit the scheduler runs, stripped of everything but what the platform needs.
 * `platformSettings` holds the platform's own options, validated by the adapter (TikTok: see
 * `platforms/tiktok/settings.ts`).
 */
export interface PublishTarget {
  /** The post text (caption); "" when there is none. */
  content: string;
  /** Attachments in display order. */
  media: PublishMedia[];
  /** Platform-specific options, by the adapter's documented names (Default: {}). */
  platformSettings?: Readonly<Record<string, unknown>> | undefined;
}
