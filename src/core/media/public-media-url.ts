import type { AppContext } from '../../context.js';
import type { UploadRow } from '../../store/uploads-queries.js';

/**
 * The public URL of an upload: an unguessable token plus the file name, served by Outbox with Range support so
 * platforms that pull media (and resume) can fetch it. `OUTBOX_PUBLIC_URL` wins over the request's origin.
 */
export function publicMediaUrl(ctx: AppContext, row: Pick<UploadRow, 'public_token' | 'filename'>, origin: string): string {
  return `${ctx.config.publicUrl ?? origin}/media/${row.public_token}/${encodeURIComponent(row.filename)}`;
}
