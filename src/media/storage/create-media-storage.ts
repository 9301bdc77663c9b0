import path from 'node:path';
import type { Config } from '../../config.js';
import { createLocalStorage } from './local-storage.js';
import type { MediaStorage } from './media-storage.js';
import { uploadSigningSecret } from './upload-url-signature.js';

/**
 * The S3 driver, with the AWS SDK loaded on first use: the SDK costs tens of megabytes of memory, which an instance
 * storing media on local disk should not pay.
 */
function lazyS3Storage(s3: NonNullable<Config['s3']>): MediaStorage {
  let loaded: Promise<MediaStorage> | undefined;
  const driver = () => (loaded ??= import('./s3-storage.js').then((module) => module.createS3Storage(s3)));
  return {
    kind: 's3',
    createUploadUrl: async (input) => (await driver()).createUploadUrl(input),
    stat: async (key) => (await driver()).stat(key),
    read: async (key, range) => (await driver()).read(key, range),
    readAt: async (key, position, length) => (await driver()).readAt(key, position, length),
    remove: async (key) => (await driver()).remove(key),
    sweepAbandoned: async (before) => (await driver()).sweepAbandoned(before),
  };
}

/** The storage driver the configuration selects: S3 when `OUTBOX_S3_BUCKET` is set, else `<dataDir>/media`. */
export function createMediaStorage(config: Config, encryptionKey: Buffer): MediaStorage {
  if (config.s3) return lazyS3Storage(config.s3);
  return createLocalStorage(path.join(config.dataDir, 'media'), uploadSigningSecret(encryptionKey));
}
