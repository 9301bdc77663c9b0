import { createHmac, timingSafeEqual } from 'node:crypto';

/** The fields an upload URL's signature covers: changing any of them invalidates the URL. */
export interface SignedUploadFields {
  uploadId: string;
  key: string;
  contentType: string;
  maxBytes: number;
  /** Epoch seconds. */
  expires: number;
}

/** Derives the URL-signing secret from the instance's encryption key, so the two never have to be configured apart. */
export function uploadSigningSecret(encryptionKey: Buffer): Buffer {
  return createHmac('sha256', encryptionKey).update('outbox upload url v1').digest();
}

function canonical(fields: SignedUploadFields): string {
  return ['PUT', fields.uploadId, fields.key, fields.contentType.toLowerCase(), fields.maxBytes, fields.expires].join('\n');
}

/** Hex HMAC-SHA256 over method, upload id, key, content type, size cap and expiry. */
export function signUpload(secret: Buffer, fields: SignedUploadFields): string {
  return createHmac('sha256', secret).update(canonical(fields)).digest('hex');
}

/** Constant-time check of a signature against the fields. */
export function verifyUploadSignature(secret: Buffer, fields: SignedUploadFields, signature: string): boolean {
  const expected = Buffer.from(signUpload(secret, fields), 'hex');
  const given = Buffer.from(signature, 'hex');
  return given.length === expected.length && timingSafeEqual(given, expected);
}
