import type { AppContext } from '../../context.js';
import { isUniqueViolation } from '../../store/errors.js';
import { findProfileQueue, insertQueue, replaceQueueSlots, type QueueRow, type WeeklySlotValue } from '../../store/queue-queries.js';
import type { Principal } from '../access/principal.js';
import { getProfile } from '../profiles/get-profile.js';
import type { QueueWithSlots } from './load-profile-queue.js';

/** A new queue of a profile. `timezone` is an IANA name and `slots` are distinct (the API validates both). */
export interface CreateQueueInput {
  profileId: string;
  name: string;
  timezone: string;
  slots: WeeklySlotValue[];
  /** (Default: true) */
  active?: boolean | undefined;
}

async function insertWithSlots(ctx: AppContext, input: CreateQueueInput): Promise<QueueRow> {
  return ctx.db.transaction().execute(async (trx) => {
    const hasDefault = (await findProfileQueue(trx, input.profileId, undefined)) !== undefined;
    const now = ctx.clock.now();
    const row: QueueRow = {
      id: ctx.ids.next(),
      profile_id: input.profileId,
      name: input.name,
      timezone: input.timezone,
      active: input.active === false ? 0 : 1,
      is_default: hasDefault ? 0 : 1,
      created_at: now,
      updated_at: now,
    };
    await insertQueue(trx, row);
    await replaceQueueSlots(trx, row.id, input.slots);
    return row;
  });
}

/** Creates a queue. A profile's first queue becomes its default; later ones do not. */
export async function createQueue(ctx: AppContext, principal: Principal, input: CreateQueueInput): Promise<QueueWithSlots> {
  await getProfile(ctx, principal, input.profileId);
  let row: QueueRow;
  try {
    row = await insertWithSlots(ctx, input);
  } catch (error) {
    // Two first queues created at once both saw no default; the one that lost the race is simply not the default.
    if (!isUniqueViolation(error)) throw error;
    row = await insertWithSlots(ctx, input);
  }
  return { queue: row, slots: input.slots };
}
