import type { AppContext } from '../../context.js';
import { deleteUploadRow, listExpiredUploads } from '../../store/uploads-queries.js';

const BATCH = 200;
/** Temporary files of interrupted uploads older than this are removed (ms); longer than an upload URL lives. */
const ABANDONED_AFTER_MS = 2 * 3_600_000;

/**
 * Deletes uploads no post used before their expiry (OUTBOX_UPLOAD_TTL_HOURS): the object first, then the row, so a
 * crash between the two leaves a row to retry rather than an orphaned object. Resolves how many were removed.
 */
export async function sweepExpiredUploads(ctx: AppContext): Promise<number> {
  await ctx.media.sweepAbandoned(ctx.clock.now() - ABANDONED_AFTER_MS);
  let removed = 0;
  for (;;) {
    const rows = await listExpiredUploads(ctx.db, ctx.clock.now(), BATCH);
    for (const row of rows) {
      await ctx.media.remove(row.key);
      await deleteUploadRow(ctx.db, row.id);
      removed += 1;
    }
    if (rows.length < BATCH) return removed;
  }
}
