import type { AppContext } from '../../context.js';
import { AppError } from '../../errors.js';
import { MediaProbeError, type MediaProbe } from '../../media/probe/index.js';
import { probeStoredObject } from '../../media/probe-stored-object.js';
import { transitionUpload, type UploadRow } from '../../store/uploads-queries.js';

/**
 * Probes a just-received object and records the outcome: `stored` with its probe, or `rejected` with the reason and
 * the bytes deleted (a file that is not the media it claims to be must never reach a platform).
 * The upload must be in `receiving`.
 */
export async function storeProbe(
  ctx: AppContext,
  row: UploadRow,
  received: { size: number; sha256: string | null },
): Promise<UploadRow> {
  let probe: MediaProbe;
  try {
    probe = await probeStoredObject(ctx.media, row.key, received.size, { declaredContentType: row.content_type, filename: row.filename });
  } catch (error) {
    if (!(error instanceof MediaProbeError)) throw error;
    await ctx.media.remove(row.key);
    const reason = { code: error.code, message: error.message, ...(error.details && { details: error.details }) };
    await transitionUpload(ctx.db, row.id, 'receiving', { status: 'rejected', size_bytes: received.size, error: JSON.stringify(reason) });
    throw new AppError(error.code, error.message, { param: 'file', details: { uploadId: row.id, ...error.details } });
  }
  const now = ctx.clock.now();
  const stored = {
    status: 'stored' as const,
    size_bytes: received.size,
    sha256: received.sha256,
    probe: JSON.stringify(probe),
    stored_at: now,
  };
  await transitionUpload(ctx.db, row.id, 'receiving', stored);
  return { ...row, ...stored };
}
