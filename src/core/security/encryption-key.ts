import { createHash, randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/** The key that encrypts platform tokens at rest, with a short id stored beside each ciphertext for rotation. */
export interface EncryptionKey {
  /** 8 hex characters derived from the key; lets a ciphertext name the key that made it. */
  id: string;
  /** 32 raw bytes (AES-256). */
  key: Buffer;
}

const KEY_FILE = 'encryption.key';

/** Parses 32 bytes given as 64 hex characters or base64. */
export function parseEncryptionKey(text: string): EncryptionKey {
  const trimmed = text.trim();
  const key = /^[0-9a-fA-F]{64}$/.test(trimmed) ? Buffer.from(trimmed, 'hex') : Buffer.from(trimmed, 'base64');
  if (key.length !== 32) {
    throw new Error('OUTBOX_ENCRYPTION_KEY must be 32 bytes, as 64 hex characters or base64');
  }
  return { id: createHash('sha256').update(key).digest('hex').slice(0, 8), key };
}

/**
 * The configured key, or in embedded mode the one kept in `<dataDir>/encryption.key`, generated with mode 0600 on
 * first start. Losing that file makes stored tokens unreadable (accounts then need reconnecting), so it lives beside
 * the database it protects and is backed up with it.
 */
export function loadEncryptionKey(configured: string | undefined, dataDir: string): EncryptionKey {
  if (configured !== undefined) return parseEncryptionKey(configured);
  const file = path.join(dataDir, KEY_FILE);
  fs.mkdirSync(dataDir, { recursive: true });
  try {
    fs.writeFileSync(file, randomBytes(32).toString('base64') + '\n', { mode: 0o600, flag: 'wx' });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
  }
  return parseEncryptionKey(fs.readFileSync(file, 'utf8'));
}
