import type { AppContext } from '../../context.js';
import { findProfileQueue, listProfileQueues, listQueueSlots } from '../../store/queue-queries.js';
import type { Principal } from '../access/principal.js';
import { getProfile } from '../profiles/get-profile.js';
import { loadProfileQueue, type QueueWithSlots } from './load-profile-queue.js';

/** Every queue of a visible profile with its slots: the default first, then oldest first. */
export async function listQueues(ctx: AppContext, principal: Principal, profileId: string): Promise<QueueWithSlots[]> {
  await getProfile(ctx, principal, profileId);
  const queues = await listProfileQueues(ctx.db, profileId);
  const slots = await listQueueSlots(ctx.db, queues.map((queue) => queue.id));
  return queues.map((queue) => ({
    queue,
    slots: slots.filter((slot) => slot.queue_id === queue.id).map((slot) => ({ dayOfWeek: slot.day_of_week, time: slot.time })),
  }));
}

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
