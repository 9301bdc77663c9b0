import type { Readable } from 'node:stream';

/** What a driver needs to mint an upload URL. */
export interface UploadUrlInput {
  uploadId: string;
  /** Storage key of the object. */
  key: string;
  contentType: string;
  /** Size cap in bytes. */
  maxBytes: number;
  /** The exact size, when the client declared it. */
  exactBytes: number | undefined;
  /** When the URL stops working (epoch ms). */
  expiresAt: number;
  /** The same as a lifetime from now, in seconds (what S3 presigning takes). */
  expiresInSeconds: number;
  /** Origin clients reach Outbox at, for drivers whose upload URL points at Outbox itself. */
  origin: string;
}

/** An inclusive byte range. */
export interface ByteRange {
  start: number;
  end: number;
}

/**
 * Where media bytes live. A driver mints upload URLs, reports what is stored, streams objects (whole or a byte range)
 * and deletes them. The local driver also receives the PUT itself; an S3 driver hands out the bucket's presigned URL
 * so bytes never pass through Outbox on the way in.
 */
export interface MediaStorage {
  readonly kind: 'local' | 's3';
  /** The URL the client PUTs the raw bytes to. */
  createUploadUrl(input: UploadUrlInput): Promise<string>;
  /** Size of a stored object, or undefined when there is none. */
  stat(key: string): Promise<{ size: number } | undefined>;
  /** The object's bytes, or the given range of them. */
  read(key: string, range?: ByteRange): Promise<Readable>;
  /** Random-access reads for probing headers: `read(position, length)` returns at most `length` bytes. */
  readAt(key: string, position: number, length: number): Promise<Buffer>;
  /** Deletes the object; a missing object is not an error. */
  remove(key: string): Promise<void>;
  /** Deletes partial data interrupted uploads left behind before `before` (epoch ms); resolves how many. */
  sweepAbandoned(before: number): Promise<number>;
}
