import type { Kysely } from 'kysely';
import { AppError } from '../../errors.js';
import type { QueueRow } from '../../store/queue-queries.js';
import type { Database } from '../../store/schema.js';
import { freeSlotsOf } from './free-slots-of.js';
import { loadProfileQueue } from './load-profile-queue.js';
import type { TakenSlotsCheck } from './taken-slots-check.js';

/** Which queue to search, and from when. */
export interface FindNextFreeSlotInput {
  profileId: string;
  /** A queue of the profile (Default: the profile's default queue). */
  queueId?: string | undefined;
  /** Only instants strictly after this one (epoch ms), usually now. */
  after: number;
  /** Hold the queue row (FOR UPDATE) until the surrounding transaction ends; PostgreSQL only. (Default: false) */
  lock?: boolean;
}

function fieldOf(input: FindNextFreeSlotInput): string {
  return input.queueId === undefined ? 'profileId' : 'queueId';
}

/**
 * The next `count` free slot instants of a profile's queue. Refuses a missing queue (QUEUE_NOT_FOUND) and a paused
 * one (QUEUE_INACTIVE); returns fewer than `count` only when the ten-year horizon runs out.
 */
export async function findNextFreeSlots(
  db: Kysely<Database>,
  input: FindNextFreeSlotInput & { count: number },
  isTaken: TakenSlotsCheck,
): Promise<{ queue: QueueRow; instants: number[] }> {
  const loaded = await loadProfileQueue(db, input.profileId, input.queueId, input.lock ?? false);
  if (loaded.queue.active !== 1) {
    throw new AppError('QUEUE_INACTIVE', `Queue ${loaded.queue.id} is paused (active: false); activate it to use its slots.`, {
      param: fieldOf(input),
    });
  }
  return { queue: loaded.queue, instants: await freeSlotsOf(db, loaded, input, isTaken) };
}

/**
 * The next free slot of a profile's queue: the first slot instant strictly after `input.after` that `isTaken` does
 * not report. `db` is the store or the caller's transaction; to give the slot to a post without a race, call it inside
 * the transaction that inserts the post, with `lock: true` on PostgreSQL (SQLite runs one writer at a time). Throws
 * QUEUE_NOT_FOUND, QUEUE_INACTIVE, or QUEUE_NO_FREE_SLOT when every slot of the next ten years is taken.
 */
export async function findNextFreeSlot(
  db: Kysely<Database>,
  input: FindNextFreeSlotInput,
  isTaken: TakenSlotsCheck,
): Promise<{ queue: QueueRow; instant: number }> {
  const { queue, instants } = await findNextFreeSlots(db, { ...input, count: 1 }, isTaken);
  const instant = instants[0];
  if (instant === undefined) {
    throw new AppError('QUEUE_NO_FREE_SLOT', `Queue ${queue.id} has no free slot in the next ten years.`, { param: fieldOf(input) });
  }
  return { queue, instant };
}
