import type { AppContext } from '../../context.js';
import { listProfileQueues, listQueueSlots } from '../../store/queue-queries.js';
import type { Principal } from '../access/principal.js';
import { getProfile } from '../profiles/get-profile.js';
import type { QueueWithSlots } from './load-profile-queue.js';

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
