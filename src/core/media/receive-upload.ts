import type { Readable } from 'node:stream';
import type { AppContext } from '../../context.js';
import { AppError } from '../../errors.js';
import { IncompleteBodyError, type LocalStorage } from '../../media/storage/local-storage.js';
import { uploadSigningSecret, verifyUploadSignature } from '../../media/storage/upload-url-signature.js';
import { findUpload, transitionUpload, type UploadRow } from '../../store/uploads-queries.js';
import { normalizeContentType } from './media-content-types.js';
import { storeProbe } from './store-probe.js';

/** A PUT to a local upload URL. */
export interface ReceiveUploadInput {
  uploadId: string;
  /** Query parameters of the URL. */
  expires: number;
  maxBytes: number;
  signature: string;
  contentType: string | undefined;
  contentLength: number | undefined;
  body: Readable;
}

/*
 * Uploads whose bytes are arriving in this process. The local driver serves one process (a cluster uses S3), so an
 * upload left in `receiving` by a crash is recognisable: it is not in this set, and its URL may be used again.
 */
const receiving = new Set<string>();

function checkUrl(ctx: AppContext, row: UploadRow | undefined, input: ReceiveUploadInput): UploadRow {
  const fields = row && { uploadId: row.id, key: row.key, contentType: row.content_type, maxBytes: input.maxBytes, expires: input.expires };
  if (!row || !fields || !verifyUploadSignature(uploadSigningSecret(ctx.encryptionKey.key), fields, input.signature)) {
    throw new AppError('MEDIA_UPLOAD_URL_INVALID', 'The upload URL is not valid; use it exactly as presigned.');
  }
  if (ctx.clock.now() > input.expires * 1000) throw new AppError('MEDIA_UPLOAD_URL_EXPIRED', 'The upload URL expired; presign a new one.');
  if (row.status === 'stored' || row.status === 'rejected') {
    throw new AppError('MEDIA_UPLOAD_URL_USED', 'This upload URL was already used; presign a new one for another file.');
  }
  if (row.status === 'receiving' && receiving.has(row.id)) {
    throw new AppError('MEDIA_UPLOAD_IN_PROGRESS', 'A file is being uploaded to this URL right now.');
  }
  if (normalizeContentType(input.contentType) !== row.content_type) {
    throw new AppError('MEDIA_UPLOAD_CONTENT_TYPE_MISMATCH', `PUT the file with Content-Type ${row.content_type}, as presigned.`, {
      param: 'content-type',
      details: { expected: row.content_type, received: normalizeContentType(input.contentType) },
    });
  }
  if (input.contentLength === undefined) {
    throw new AppError('MEDIA_UPLOAD_LENGTH_REQUIRED', 'Send the file with a Content-Length header.', { param: 'content-length' });
  }
  if (row.declared_bytes !== null && input.contentLength < row.declared_bytes) {
    throw new AppError('VALIDATION_FAILED', `The upload was presigned for exactly ${row.declared_bytes} bytes; this body has ${input.contentLength}.`, {
      param: 'content-length',
      details: { fields: { 'content-length': [`must equal the presigned size ${row.declared_bytes}`] } },
    });
  }
  if (input.contentLength > row.max_bytes) {
    throw new AppError('MEDIA_UPLOAD_TOO_LARGE', `The file is ${input.contentLength} bytes; this upload allows at most ${row.max_bytes}.`, {
      param: 'content-length',
      details: { limit: row.max_bytes, actual: input.contentLength },
    });
  }
  return row;
}

/**
 * Receives the bytes of a local upload: checks the signed URL, streams the body to disk with a running SHA-256,
 * probes it and records the result. Memory stays flat whatever the size.
 */
export async function receiveUpload(ctx: AppContext, storage: LocalStorage, input: ReceiveUploadInput): Promise<UploadRow> {
  const row = checkUrl(ctx, await findUpload(ctx.db, input.uploadId), input);
  const length = input.contentLength ?? 0;
  if (!(await transitionUpload(ctx.db, row.id, row.status, { status: 'receiving' }))) {
    throw new AppError('MEDIA_UPLOAD_IN_PROGRESS', 'A file is being uploaded to this URL right now.');
  }
  receiving.add(row.id);
  try {
    let received;
    try {
      received = await storage.receive(row.key, input.body, length);
    } catch (error) {
      await transitionUpload(ctx.db, row.id, 'receiving', { status: 'pending' });
      if (error instanceof IncompleteBodyError) {
        throw new AppError('MEDIA_UPLOAD_INCOMPLETE', `The body ended after ${error.received} of ${error.expected} bytes; nothing was stored.`, {
          details: { received: error.received, expected: error.expected },
        });
      }
      throw error;
    }
    return await storeProbe(ctx, { ...row, status: 'receiving' }, received);
  } finally {
    receiving.delete(row.id);
  }
}
