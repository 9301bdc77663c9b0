import type { AppContext } from '../../context.js';
import { AppError } from '../../errors.js';
import type { MediaProbe } from '../../media/probe/index.js';
import { findUpload, transitionUpload, type UploadRow } from '../../store/uploads-queries.js';
import type { Principal } from '../access/principal.js';
import { storeProbe } from './store-probe.js';

/**
 * With an S3 bucket the client PUTs to the bucket directly, so Outbox learns that the bytes arrived when it first
 * looks: it checks the object's size against the cap and probes it with ranged reads. Local uploads are probed as
 * they arrive and need nothing here.
 */
async function settleS3Upload(ctx: AppContext, row: UploadRow): Promise<UploadRow> {
  const object = await ctx.media.stat(row.key);
  if (!object) return row;
  if (!(await transitionUpload(ctx.db, row.id, 'pending', { status: 'receiving' }))) return (await findUpload(ctx.db, row.id)) ?? row;
  if (object.size > row.max_bytes) {
    await ctx.media.remove(row.key);
    const reason = { code: 'MEDIA_UPLOAD_TOO_LARGE', message: `The file is ${object.size} bytes; this upload allows at most ${row.max_bytes}.` };
    await transitionUpload(ctx.db, row.id, 'receiving', { status: 'rejected', size_bytes: object.size, error: JSON.stringify(reason) });
    return { ...row, status: 'rejected', error: JSON.stringify(reason) };
  }
  try {
    return await storeProbe(ctx, { ...row, status: 'receiving' }, { size: object.size, sha256: null });
  } catch (error) {
    if (error instanceof AppError) return (await findUpload(ctx.db, row.id)) ?? row;
    await transitionUpload(ctx.db, row.id, 'receiving', { status: 'pending' });
    throw error;
  }
}

/** An upload of the principal's user, brought up to date with its storage; MEDIA_UPLOAD_NOT_FOUND otherwise. */
export async function getUpload(ctx: AppContext, principal: Principal, uploadId: string): Promise<UploadRow> {
  const row = await findUpload(ctx.db, uploadId);
  if (!row || row.user_id !== principal.userId) throw new AppError('MEDIA_UPLOAD_NOT_FOUND', `No upload ${uploadId}.`);
  if (row.status === 'pending' && row.storage === 's3') return settleS3Upload(ctx, row);
  return row;
}

/** A stored upload with its probe, or the error that says why it cannot be used (not received, rejected). */
export async function requireStoredUpload(
  ctx: AppContext,
  principal: Principal,
  uploadId: string,
  field = 'uploadId',
): Promise<{ row: UploadRow; probe: MediaProbe }> {
  const row = await getUpload(ctx, principal, uploadId);
  if (row.status === 'rejected') {
    const reason = row.error ? (JSON.parse(row.error) as { code: string; message: string }) : undefined;
    throw new AppError('MEDIA_UPLOAD_REJECTED', `Upload ${uploadId} was rejected: ${reason?.message ?? 'invalid file'}.`, {
      param: field,
      details: { uploadId, ...reason },
    });
  }
  if (row.status !== 'stored' || row.probe === null) {
    throw new AppError('MEDIA_UPLOAD_NOT_RECEIVED', `Upload ${uploadId} has no file yet; PUT it to its uploadUrl first.`, { param: field });
  }
  return { row, probe: JSON.parse(row.probe) as MediaProbe };
}
