import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import type { EncryptionKey } from './encryption-key.js';

/**
 * Encrypts platform tokens at rest with AES-256-GCM. A ciphertext reads `v1.<keyId>.<iv>.<tag>.<data>` (base64url),
 * so after a key rotation old rows still name the key that can open them: the current key encrypts, and any
 * configured key (current or previous) decrypts.
 */
export interface TokenCipher {
  encrypt(plaintext: string): string;
  decrypt(ciphertext: string): string;
  /** Whether a ciphertext was made with a key other than the current one (and should be re-encrypted). */
  isStale(ciphertext: string): boolean;
}

/** Creates a cipher that encrypts with `current` and decrypts with it or any of `previous`. */
export function createTokenCipher(current: EncryptionKey, previous: readonly EncryptionKey[] = []): TokenCipher {
  const keys = new Map([current, ...previous].map((key) => [key.id, key.key]));
  return {
    encrypt(plaintext) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', current.key, iv);
      const data = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      return ['v1', current.id, iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), data.toString('base64url')].join('.');
    },
    decrypt(ciphertext) {
      const [version, keyId, iv, tag, data] = ciphertext.split('.');
      if (version !== 'v1' || !keyId || iv === undefined || tag === undefined || data === undefined) {
        throw new Error('not a token ciphertext');
      }
      const key = keys.get(keyId);
      if (!key) throw new Error(`token was encrypted with key ${keyId}, which is not configured`);
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(data, 'base64url')), decipher.final()]).toString('utf8');
    },
    isStale: (ciphertext) => ciphertext.split('.')[1] !== current.id,
  };
}
