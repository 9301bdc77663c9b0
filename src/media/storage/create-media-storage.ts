import path from 'node:path';
import type { Config } from '../../config.js';
import { createLocalStorage } from './local-storage.js';
import type { MediaStorage } from './media-storage.js';
import { createS3Storage } from './s3-storage.js';
import { uploadSigningSecret } from './upload-url-signature.js';

/** The storage driver the configuration selects: S3 when `OUTBOX_S3_BUCKET` is set, else `<dataDir>/media`. */
export function createMediaStorage(config: Config, encryptionKey: Buffer): MediaStorage {
  if (config.s3) return createS3Storage(config.s3);
  return createLocalStorage(path.join(config.dataDir, 'media'), uploadSigningSecret(encryptionKey));
}
