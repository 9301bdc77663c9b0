import type { AppContext } from '../../context.js';
import type { QueueRow } from '../../store/queue-queries.js';
import type { Principal } from '../access/principal.js';
import { getProfile } from '../profiles/get-profile.js';
import { findNextFreeSlots } from './find-next-free-slot.js';
import { takenByQueuedPosts } from './taken-by-queued-posts.js';

/** Which queue of which profile, and how many slots. */
export interface PreviewQueueInput {
  profileId: string;
  /** (Default: the profile's default queue) */
  queueId?: string | undefined;
  count: number;
}

/** The next `count` free slots of a visible profile's queue from now. */
export async function previewQueue(
  ctx: AppContext,
  principal: Principal,
  input: PreviewQueueInput,
): Promise<{ queue: QueueRow; instants: number[] }> {
  await getProfile(ctx, principal, input.profileId);
  return findNextFreeSlots(ctx.db, { ...input, after: ctx.clock.now() }, takenByQueuedPosts);
}
