import type { AppContext } from '../../context.js';
import { findProfileQueue } from '../../store/queue-queries.js';
import type { Principal } from '../access/principal.js';
import { getProfile } from '../profiles/get-profile.js';
import { loadProfileQueue, type QueueWithSlots } from './load-profile-queue.js';

/**
 * One queue of a visible profile: `queueId` (QUEUE_NOT_FOUND when the profile has no such queue), or the default
 * queue, which may not exist yet (undefined).
 */
export async function getQueue(
  ctx: AppContext,
  principal: Principal,
  profileId: string,
  queueId: string | undefined,
): Promise<QueueWithSlots | undefined> {
  await getProfile(ctx, principal, profileId);
  if (queueId === undefined && !(await findProfileQueue(ctx.db, profileId, undefined))) return undefined;
  return loadProfileQueue(ctx.db, profileId, queueId);
}
