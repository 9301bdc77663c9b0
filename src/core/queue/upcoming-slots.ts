import type { AppContext } from '../../context.js';
import { freeSlotsOf } from './free-slots-of.js';
import type { QueueWithSlots } from './load-profile-queue.js';
import { takenByQueuedPosts } from './taken-by-queued-posts.js';

/** How many upcoming free slots a queue's schedule shows (`nextSlots`). */
export const UPCOMING_SLOTS_SHOWN = 10;

/** The queue's next free slot instants from now, as shown beside its schedule; none for a paused queue. */
export function upcomingSlots(ctx: AppContext, loaded: QueueWithSlots): Promise<number[]> {
  return freeSlotsOf(ctx.db, loaded, { after: ctx.clock.now(), count: UPCOMING_SLOTS_SHOWN }, takenByQueuedPosts);
}
