import type { Kysely } from 'kysely';
import type { Database } from '../../store/schema.js';
import type { QueueWithSlots } from './load-profile-queue.js';
import { slotInstants } from './slot-instants.js';
import type { TakenSlotsCheck } from './taken-slots-check.js';

/** Fewest candidates asked about per check, so a short search still takes one round trip. */
const MIN_BATCH = 16;

/**
 * The next `count` free instants of a loaded queue strictly after `after`, strictly increasing; fewer when the search
 * horizon (ten years) runs out first. An inactive queue has none. Candidates go to `isTaken` in batches.
 */
export async function freeSlotsOf(
  db: Kysely<Database>,
  { queue, slots }: QueueWithSlots,
  options: { after: number; count: number },
  isTaken: TakenSlotsCheck,
): Promise<number[]> {
  const free: number[] = [];
  if (queue.active !== 1 || options.count <= 0) return free;
  const candidates = slotInstants({ timezone: queue.timezone, slots }, options.after);
  const batchSize = Math.max(options.count, MIN_BATCH);
  for (;;) {
    const batch: number[] = [];
    for (let next = candidates.next(); !next.done; next = candidates.next()) {
      batch.push(next.value);
      if (batch.length >= batchSize) break;
    }
    if (batch.length === 0) return free;
    const taken = new Set(await isTaken(db, { queue, instants: batch }));
    for (const instant of batch) {
      if (taken.has(instant)) continue;
      free.push(instant);
      if (free.length >= options.count) return free;
    }
  }
}
