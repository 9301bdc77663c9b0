import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import { open, rename, rm, stat } from 'node:fs/promises';
import path from 'node:path';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ByteRange, MediaStorage, UploadUrlInput } from './media-storage.js';
import { signUpload } from './upload-url-signature.js';

/** The local driver: files under a folder, with upload URLs pointing back at Outbox. */
export interface LocalStorage extends MediaStorage {
  readonly kind: 'local';
  /** Absolute path of an object. */
  pathOf(key: string): string;
  /**
   * Streams a body into the object at `key`: written to a temporary file with a running SHA-256, synced, and renamed
   * into place only when exactly `expectedBytes` arrived. Anything else (a short body, an aborted connection) leaves
   * nothing behind and rejects with an IncompleteBodyError.
   */
  receive(key: string, body: Readable, expectedBytes: number): Promise<{ size: number; sha256: string }>;
}

/** A body ended before its declared length, or went past it. */
export class IncompleteBodyError extends Error {
  override name = 'IncompleteBodyError';
  constructor(
    readonly received: number,
    readonly expected: number,
  ) {
    super(`received ${received} of ${expected} bytes`);
  }
}

/** The client went away mid-body (as opposed to a disk error, which is ours). */
function isClientAbort(error: unknown): boolean {
  const code = (error as { code?: string } | null)?.code;
  return code === 'ERR_STREAM_PREMATURE_CLOSE' || code === 'ECONNRESET' || (error as Error | null)?.message === 'aborted';
}

function resolveInside(root: string, key: string): string {
  const full = path.resolve(root, key);
  if (!full.startsWith(root + path.sep)) throw new Error(`storage key escapes the media folder: ${key}`);
  return full;
}

async function syncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * Makes the entries leading to `folder` durable, so a file renamed into it survives a crash once reported stored:
 * `folder` itself (the renamed entry) and, when `firstCreated` is the first folder mkdir made on the way, every folder
 * from its parent down (their new entries).
 */
async function syncEntriesDownTo(folder: string, firstCreated: string | undefined): Promise<void> {
  const folders = [folder];
  if (firstCreated !== undefined) {
    for (let dir = path.dirname(folder); dir.length >= firstCreated.length; dir = path.dirname(dir)) folders.push(dir);
    folders.push(path.dirname(firstCreated));
  }
  for (const dir of folders) await syncDirectory(dir);
}

/** Creates the local driver storing under `root`, signing upload URLs with `signingSecret`. */
export function createLocalStorage(root: string, signingSecret: Buffer): LocalStorage {
  const base = path.resolve(root);
  const tmpDir = path.join(base, '.incoming');
  fs.mkdirSync(tmpDir, { recursive: true });

  return {
    kind: 'local',
    pathOf: (key) => resolveInside(base, key),

    async createUploadUrl(input: UploadUrlInput) {
      const expires = Math.floor(input.expiresAt / 1000);
      const fields = { uploadId: input.uploadId, key: input.key, contentType: input.contentType, maxBytes: input.maxBytes, expires };
      const query = new URLSearchParams({ expires: String(expires), max: String(input.maxBytes), sig: signUpload(signingSecret, fields) });
      return `${input.origin}/media/upload/${input.uploadId}?${query.toString()}`;
    },

    async stat(key) {
      const info = await stat(resolveInside(base, key)).catch(() => undefined);
      return info?.isFile() ? { size: info.size } : undefined;
    },

    async read(key, range?: ByteRange) {
      return fs.createReadStream(resolveInside(base, key), range ? { start: range.start, end: range.end } : {});
    },

    async readAt(key, position, length) {
      const handle = await open(resolveInside(base, key), 'r');
      try {
        const buffer = Buffer.alloc(length);
        const { bytesRead } = await handle.read(buffer, 0, length, position);
        return buffer.subarray(0, bytesRead);
      } finally {
        await handle.close();
      }
    },

    async remove(key) {
      await rm(resolveInside(base, key), { force: true });
    },

    async sweepAbandoned(before) {
      let removed = 0;
      for (const name of await fs.promises.readdir(tmpDir)) {
        const file = path.join(tmpDir, name);
        const info = await stat(file).catch(() => undefined);
        if (info && info.mtimeMs < before) {
          await rm(file, { force: true });
          removed += 1;
        }
      }
      return removed;
    },

    async receive(key, body, expectedBytes) {
      const finalPath = resolveInside(base, key);
      const tmpPath = path.join(tmpDir, randomBytes(12).toString('hex'));
      const hash = createHash('sha256');
      const handle = await open(tmpPath, 'w', 0o600);
      const file = handle.createWriteStream();
      let size = 0;
      const meter = new Transform({
        transform(chunk: Buffer, _encoding, callback) {
          size += chunk.length;
          if (size > expectedBytes) return callback(new IncompleteBodyError(size, expectedBytes));
          hash.update(chunk);
          callback(null, chunk);
        },
      });
      try {
        await pipeline(body, meter, file);
        if (size !== expectedBytes) throw new IncompleteBodyError(size, expectedBytes);
        // The bytes must be on disk before the upload is reported stored: a crash right after must not lose them.
        const written = await open(tmpPath, 'r+');
        try {
          await written.sync();
        } finally {
          await written.close();
        }
      } catch (error) {
        await rm(tmpPath, { force: true });
        if (error instanceof IncompleteBodyError || isClientAbort(error)) throw new IncompleteBodyError(size, expectedBytes);
        throw error;
      }
      const folder = path.dirname(finalPath);
      const firstCreated = await fs.promises.mkdir(folder, { recursive: true });
      await rename(tmpPath, finalPath);
      await syncEntriesDownTo(folder, firstCreated);
      return { size, sha256: hash.digest('hex') };
    },
  };
}
