import type { Kysely } from 'kysely';
import { AppError } from '../../errors.js';
import { findProfileQueue, listQueueSlots, type QueueRow, type WeeklySlotValue } from '../../store/queue-queries.js';
import type { Database } from '../../store/schema.js';

/** A queue with its weekly slots. */
export interface QueueWithSlots {
  queue: QueueRow;
  slots: WeeklySlotValue[];
}

/**
 * Loads a queue of a profile (the default one without `queueId`) with its slots, or QUEUE_NOT_FOUND naming the
 * field at fault. `lock` holds the queue row until the surrounding transaction ends (PostgreSQL only).
 */
export async function loadProfileQueue(
  db: Kysely<Database>,
  profileId: string,
  queueId: string | undefined,
  lock = false,
): Promise<QueueWithSlots> {
  const queue = await findProfileQueue(db, profileId, queueId, lock);
  if (!queue) {
    throw queueId === undefined
      ? new AppError('QUEUE_NOT_FOUND', `Profile ${profileId} has no queue yet; create one with POST /api/v1/queue/slots.`, { param: 'profileId' })
      : new AppError('QUEUE_NOT_FOUND', `Profile ${profileId} has no queue ${queueId}.`, { param: 'queueId' });
  }
  const slots = (await listQueueSlots(db, [queue.id])).map((row) => ({ dayOfWeek: row.day_of_week, time: row.time }));
  return { queue, slots };
}
