import crypto, { createHash, randomBytes } from 'node:crypto';

/** A freshly generated API key: the secret (shown once), its hash (stored) and a preview (listed). */
export interface GeneratedApiKey {
  key: string;
  hash: string;
  preview: string;
}

// Every authenticated request hashes its key; the one-shot form (Node 20.12+) skips building a Hash object.
const oneShotHash = (crypto as { hash?: typeof crypto.hash }).hash;

/** SHA-256 of a key, hex: what the store keeps. Keys are 192-bit random, so a fast hash is enough. */
export function hashApiKey(key: string): string {
  return oneShotHash ? oneShotHash('sha256', key, 'hex') : createHash('sha256').update(key).digest('hex');
}

/**
 * The part of a key shown in listings: for generated `sk_` keys the prefix and last four characters (7 of 51, all
 * but 4 of them the fixed prefix or public), for operator-chosen keys only the last four.
 */
export function previewApiKey(key: string): string {
  return key.startsWith('sk_') && key.length >= 40 ? `${key.slice(0, 7)}…${key.slice(-4)}` : `…${key.slice(-4)}`;
}

/** Generates a new key `sk_` + 48 hex characters (the hosted service's `sk_` form). */
export function generateApiKey(): GeneratedApiKey {
  const key = `sk_${randomBytes(24).toString('hex')}`;
  return { key, hash: hashApiKey(key), preview: previewApiKey(key) };
}
