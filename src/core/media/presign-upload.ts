import { randomBytes } from 'node:crypto';
import type { AppContext } from '../../context.js';
import { validationError } from '../../errors.js';
import { insertUpload, type UploadRow } from '../../store/uploads-queries.js';
import type { Principal } from '../access/principal.js';
import { normalizeContentType } from './media-content-types.js';
import { publicMediaUrl } from './public-media-url.js';

/** What the client asks to upload. */
export interface PresignUploadInput {
  filename: string;
  contentType: string;
  /** Exact size in bytes, when known; pins the upload to it. */
  size?: number | undefined;
  /** Origin the client reached Outbox at (used when OUTBOX_PUBLIC_URL is unset). */
  origin: string;
}

/** A presigned upload slot, in the SDK's shape plus the upload id. */
export interface PresignedUpload {
  uploadId: string;
  uploadUrl: string;
  publicUrl: string;
  key: string;
  expiresIn: number;
  row: UploadRow;
}

/** Upload URLs are valid for an hour, as the SDK documents. */
export const UPLOAD_URL_TTL_SECONDS = 3600;

/** Keeps names safe as path segments and storage keys: letters, digits, dot, dash, underscore. */
export function safeFilename(filename: string): string {
  const base = filename.split(/[\\/]/).pop() ?? '';
  const cleaned = base.replace(/[^\w.-]+/g, '_').replace(/^\.+/, '').slice(-120);
  return cleaned === '' ? 'file' : cleaned;
}

/** Creates an upload slot and its presigned URL. The upload expires unless a post uses it. */
export async function presignUpload(ctx: AppContext, principal: Principal, input: PresignUploadInput): Promise<PresignedUpload> {
  const maxBytes = ctx.config.uploads.maxBytes;
  if (input.size !== undefined && input.size > maxBytes) {
    throw validationError([{ field: 'size', message: `must be at most ${maxBytes} bytes (OUTBOX_MAX_UPLOAD_BYTES)` }]);
  }
  const now = ctx.clock.now();
  const id = ctx.ids.next();
  const filename = safeFilename(input.filename);
  const contentType = normalizeContentType(input.contentType);
  const row: UploadRow = {
    id,
    user_id: principal.userId,
    api_key_id: principal.keyId,
    storage: ctx.media.kind,
    key: `uploads/${id}/${filename}`,
    filename,
    content_type: contentType,
    max_bytes: input.size ?? maxBytes,
    declared_bytes: input.size ?? null,
    status: 'pending',
    size_bytes: null,
    sha256: null,
    probe: null,
    error: null,
    public_token: randomBytes(16).toString('hex'),
    url_expires_at: now + UPLOAD_URL_TTL_SECONDS * 1000,
    expires_at: now + ctx.config.uploads.ttlHours * 3_600_000,
    created_at: now,
    stored_at: null,
    used_at: null,
  };
  const uploadUrl = await ctx.media.createUploadUrl({
    uploadId: id,
    key: row.key,
    contentType,
    maxBytes: row.max_bytes,
    exactBytes: input.size,
    expiresAt: row.url_expires_at,
    expiresInSeconds: UPLOAD_URL_TTL_SECONDS,
    origin: ctx.config.publicUrl ?? input.origin,
  });
  await insertUpload(ctx.db, row);
  return {
    uploadId: id,
    uploadUrl,
    publicUrl: publicMediaUrl(ctx, row, input.origin),
    key: row.key,
    expiresIn: UPLOAD_URL_TTL_SECONDS,
    row,
  };
}
