import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { parseEncryptionKey } from './encryption-key.js';
import { createTokenCipher } from './token-cipher.js';

const key = () => parseEncryptionKey(randomBytes(32).toString('hex'));

describe('token cipher', () => {
  it('round-trips and never shows the plaintext', () => {
    const cipher = createTokenCipher(key());
    const sealed = cipher.encrypt('act.secret-token');
    expect(sealed).not.toContain('secret');
    expect(cipher.decrypt(sealed)).toBe('act.secret-token');
    expect(cipher.encrypt('same')).not.toBe(cipher.encrypt('same'));
  });

  it('decrypts with a previous key after rotation and reports the ciphertext stale', () => {
    const oldKey = key();
    const sealed = createTokenCipher(oldKey).encrypt('rft.x');
    const rotated = createTokenCipher(key(), [oldKey]);
    expect(rotated.decrypt(sealed)).toBe('rft.x');
    expect(rotated.isStale(sealed)).toBe(true);
    expect(rotated.isStale(rotated.encrypt('rft.x'))).toBe(false);
    expect(() => createTokenCipher(key()).decrypt(sealed)).toThrow(/not configured/);
  });

  it('refuses a tampered ciphertext', () => {
    const cipher = createTokenCipher(key());
    const parts = cipher.encrypt('act.secret').split('.');
    parts[4] = Buffer.from('act.secreT').toString('base64url');
    expect(() => cipher.decrypt(parts.join('.'))).toThrow();
  });
});
