import type { Kysely } from 'kysely';
import type { QueueRow } from '../../store/queue-queries.js';
import type { Database } from '../../store/schema.js';

/**
 * Tells which of some candidate slot instants of a queue are already taken. It runs on the same store handle as the
 * search (the caller's transaction, when there is one) and receives the candidates in increasing order, a batch at a
 * time, so one query answers a whole batch (for example `scheduled_at IN (…)` over the queue's non-deleted posts).
 * It returns the taken ones; anything else it returns is ignored.
 */
export type TakenSlotsCheck = (
  db: Kysely<Database>,
  request: { queue: QueueRow; instants: readonly number[] },
) => Promise<Iterable<number>>;
