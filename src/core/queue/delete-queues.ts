import type { AppContext } from '../../context.js';
import { AppError } from '../../errors.js';
import { deleteQueueRows, findProfileQueue, promoteOldestQueue } from '../../store/queue-queries.js';
import type { Principal } from '../access/principal.js';
import { getProfile } from '../profiles/get-profile.js';

/**
 * Deletes one queue of a profile (`queueId`) or all of them, with their slots; returns how many queues went. When the
 * default queue goes and others remain, the oldest of them becomes the default.
 */
export async function deleteQueues(
  ctx: AppContext,
  principal: Principal,
  input: { profileId: string; queueId?: string | undefined },
): Promise<number> {
  await getProfile(ctx, principal, input.profileId);
  return ctx.db.transaction().execute(async (trx) => {
    if (input.queueId === undefined) return deleteQueueRows(trx, input.profileId);
    const current = await findProfileQueue(trx, input.profileId, input.queueId);
    if (!current) throw new AppError('QUEUE_NOT_FOUND', `Profile ${input.profileId} has no queue ${input.queueId}.`, { param: 'queueId' });
    const deleted = await deleteQueueRows(trx, input.profileId, input.queueId);
    if (current.is_default === 1) await promoteOldestQueue(trx, input.profileId);
    return deleted;
  });
}
