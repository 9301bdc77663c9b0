import { open } from 'node:fs/promises';
import { MediaProbeError } from './media-probe-error.js';

/** Bytes fetched past the requested range, so neighbouring small headers cost one read instead of many. */
const DEFAULT_READ_AHEAD = 4096;

/**
 * Where a probe reads from: a size and positional reads. A file on disk is one; an object in an S3 bucket, read with
 * ranged GETs, is another.
 */
export interface ByteSource {
  /** Total size in bytes. */
  size: number;
  /** Up to `length` bytes at `position`; fewer only at the end. */
  readAt(position: number, length: number): Promise<Buffer>;
  /** Releases what the source holds (Default: nothing to release). */
  close?(): Promise<void>;
}

/**
 * Positional reads from one source with a one-window cache and a running count of bytes read. Parsers ask for
 * small ranges (box and element headers); the count proves that a probe never touches the media payload.
 */
export class RangeReader {
  readonly #source: ByteSource;
  /** Source size in bytes at open time. */
  readonly size: number;
  #bytesRead = 0;
  #cacheStart = 0;
  #cache: Buffer = Buffer.alloc(0);

  constructor(source: ByteSource) {
    this.#source = source;
    this.size = source.size;
  }

  /** Opens `path` for reading; the caller must `close()` it. */
  static async open(path: string): Promise<RangeReader> {
    const handle = await open(path, 'r');
    try {
      const stats = await handle.stat();
      return new RangeReader({
        size: stats.size,
        readAt: async (position, length) => {
          const buffer = Buffer.alloc(length);
          const { bytesRead } = await handle.read(buffer, 0, length, position);
          return buffer.subarray(0, bytesRead);
        },
        close: () => handle.close(),
      });
    } catch (error) {
      await handle.close();
      throw error;
    }
  }

  /** Total bytes fetched from disk so far, read-ahead included. */
  get bytesRead(): number {
    return this.#bytesRead;
  }

  /**
   * Returns up to `length` bytes at `position`; shorter only at end of file. `readAhead` bytes beyond the range are
   * fetched into the cache (Default: 4096); pass 0 where neighbouring bytes will not be needed.
   */
  async read(position: number, length: number, readAhead = DEFAULT_READ_AHEAD): Promise<Buffer> {
    const end = Math.min(position + length, this.size);
    if (position >= end) return Buffer.alloc(0);
    const cacheEnd = this.#cacheStart + this.#cache.length;
    if (position >= this.#cacheStart && end <= cacheEnd) {
      return this.#cache.subarray(position - this.#cacheStart, end - this.#cacheStart);
    }
    const fetchLength = Math.min(end - position + readAhead, this.size - position);
    const buffer = await this.#source.readAt(position, fetchLength);
    this.#bytesRead += buffer.length;
    this.#cacheStart = position;
    this.#cache = buffer;
    return this.#cache.subarray(0, Math.min(end - position, buffer.length));
  }

  /** Like `read`, but a range that runs past the end of the file is a `MEDIA_TRUNCATED` error naming `what`. */
  async readExact(position: number, length: number, what: string, readAhead = DEFAULT_READ_AHEAD): Promise<Buffer> {
    const buffer = await this.read(position, length, readAhead);
    if (buffer.length < length) {
      throw new MediaProbeError('MEDIA_TRUNCATED', `File ends inside the ${what}.`, {
        offset: position,
        needed: length,
        fileSize: this.size,
      });
    }
    return buffer;
  }

  /** Releases the source. */
  async close(): Promise<void> {
    await this.#source.close?.();
  }
}
