import type { TakenSlotsCheck } from './taken-slots-check.js';

/**
 * Which candidate instants of a queue already hold a post queued there: a post of that queue at that instant that is
 * neither deleted nor cancelled. It runs on the caller's handle, so inside the transaction that queues a post (with
 * the queue row locked on PostgreSQL) two posts never take the same slot.
 */
export const takenByQueuedPosts: TakenSlotsCheck = async (db, { queue, instants }) => {
  if (instants.length === 0) return [];
  const rows = await db
    .selectFrom('posts')
    .select('scheduled_for')
    .where('queue_id', '=', queue.id)
    .where('deleted_at', 'is', null)
    .where('status', '!=', 'cancelled')
    .where('scheduled_for', 'in', [...instants])
    .execute();
  return rows.map((row) => row.scheduled_for).filter((at): at is number => at !== null);
};
