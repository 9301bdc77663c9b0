import type { AppContext } from '../../context.js';
import { AppError, type ErrorCode } from '../../errors.js';
import type { MediaProbe } from '../../media/probe/index.js';
import { findUploadByToken, type UploadRow } from '../../store/uploads-queries.js';
import type { Principal } from '../access/principal.js';
import { requireStoredUpload } from './require-stored-upload.js';

/** A media item as a request names it: an upload id, or one of this instance's public media URLs. */
export interface MediaSource {
  /** An upload id from presign. Wins over `url` when both are given. */
  uploadId?: string | undefined;
  /** A public media URL (`<origin>/media/<token>/<filename>`). */
  url?: string | null | undefined;
}

/** A source resolved to its stored file, or the reason it cannot be validated. */
export type MediaSourceResult =
  | { ok: true; row: UploadRow; probe: MediaProbe }
  | { ok: false; code: ErrorCode; message: string };

/** Reasons `requireStoredUpload` gives that are about the item, not about the server. */
const ITEM_ERRORS = new Set<ErrorCode>(['MEDIA_UPLOAD_NOT_FOUND', 'MEDIA_UPLOAD_NOT_RECEIVED', 'MEDIA_UPLOAD_REJECTED']);

const TOKEN = /^[0-9a-f]{32}$/;

function basePath(base: string): string | undefined {
  try {
    const parsed = new URL(base);
    return `${parsed.origin}${parsed.pathname.replace(/\/+$/, '')}`;
  } catch {
    return undefined;
  }
}

/**
 * The public token of `url` when it is one of this instance's media URLs, under OUTBOX_PUBLIC_URL or under the
 * origin the request came in at; undefined for anything else. The file name segment is not checked, exactly as the
 * media route ignores it.
 */
export function outboxMediaToken(ctx: AppContext, url: string, origin: string): string | undefined {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return undefined;
  }
  const target = `${parsed.origin}${parsed.pathname}`;
  for (const base of [ctx.config.publicUrl, origin]) {
    const prefix = base === undefined ? undefined : basePath(base);
    if (prefix === undefined || !target.startsWith(`${prefix}/media/`)) continue;
    const segments = target.slice(prefix.length + '/media/'.length).split('/');
    if (segments.length === 2 && TOKEN.test(segments[0]!) && segments[1] !== '') return segments[0];
  }
  return undefined;
}

async function storedUpload(ctx: AppContext, principal: Principal, uploadId: string): Promise<MediaSourceResult> {
  try {
    return { ok: true, ...(await requireStoredUpload(ctx, principal, uploadId)) };
  } catch (error) {
    if (error instanceof AppError && ITEM_ERRORS.has(error.code)) return { ok: false, code: error.code, message: error.message };
    throw error;
  }
}

/**
 * Resolves a media item to its stored file and probe, without fetching anything: an upload id of the principal's
 * user, or a public media URL of this instance (looked up by its token). Any other URL is MEDIA_URL_NOT_HOSTED,
 * since outbound fetching of arbitrary URLs needs the SSRF guard; an upload that is missing, not yet PUT or
 * rejected is reported with its code rather than thrown, so one bad item never hides the others.
 */
export async function validateMediaSource(
  ctx: AppContext,
  principal: Principal,
  source: MediaSource,
  origin: string,
): Promise<MediaSourceResult> {
  if (source.uploadId !== undefined) return storedUpload(ctx, principal, source.uploadId);
  const url = source.url ?? '';
  const token = outboxMediaToken(ctx, url, origin);
  if (token === undefined) {
    const message =
      `Only media hosted by this Outbox instance can be validated for now: ${url} is not one of its media URLs. ` +
      'Upload the file through POST /api/v1/media/presign and pass its publicUrl or uploadId.';
    return { ok: false, code: 'MEDIA_URL_NOT_HOSTED', message };
  }
  const row = await findUploadByToken(ctx.db, token);
  // Another user's upload is treated as absent, as everywhere else in the API.
  if (!row || row.user_id !== principal.userId) return { ok: false, code: 'MEDIA_NOT_FOUND', message: `No media at ${url}.` };
  return storedUpload(ctx, principal, row.id);
}
