import type { AppContext } from '../../context.js';
import type { QueueRow } from '../../store/queue-queries.js';
import type { Principal } from '../access/principal.js';
import { getProfile } from '../profiles/get-profile.js';
import { findNextFreeSlot } from './find-next-free-slot.js';
import { takenByQueuedPosts } from './taken-by-queued-posts.js';

/** The next free slot of a visible profile's queue (Default: its default queue) from now. */
export async function getNextQueueSlot(
  ctx: AppContext,
  principal: Principal,
  input: { profileId: string; queueId?: string | undefined },
): Promise<{ queue: QueueRow; instant: number }> {
  await getProfile(ctx, principal, input.profileId);
  return findNextFreeSlot(ctx.db, { ...input, after: ctx.clock.now() }, takenByQueuedPosts);
}
