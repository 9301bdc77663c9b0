import type { Kysely } from 'kysely';
import type { AppContext } from '../../context.js';
import { AppError, validationError } from '../../errors.js';
import { isUniqueViolation } from '../../store/errors.js';
import {
  clearDefaultQueue,
  findProfileQueue,
  insertQueue,
  replaceQueueSlots,
  updateQueueRow,
  type QueueRow,
  type WeeklySlotValue,
} from '../../store/queue-queries.js';
import type { Database } from '../../store/schema.js';
import type { Principal } from '../access/principal.js';
import { getProfile } from '../profiles/get-profile.js';
import { loadProfileQueue, type QueueWithSlots } from './load-profile-queue.js';

/** The name a default queue gets when `PUT /queue/slots` creates it without one. */
export const DEFAULT_QUEUE_NAME = 'Default';

/** A queue's new schedule. `slots` replace the old ones; `timezone` is an IANA name (the API validates both). */
export interface UpdateQueueInput {
  profileId: string;
  /** The queue to change (Default: the profile's default queue, created when the profile has none). */
  queueId?: string | undefined;
  name?: string | undefined;
  timezone: string;
  slots: WeeklySlotValue[];
  active?: boolean | undefined;
  /** true makes this queue the profile's default; false is refused on the default queue. */
  setAsDefault?: boolean | undefined;
  /** Moving already queued posts onto the new slots; only false is accepted. */
  reshuffleExisting?: boolean | undefined;
}

async function createDefault(ctx: AppContext, trx: Kysely<Database>, input: UpdateQueueInput): Promise<void> {
  const now = ctx.clock.now();
  const row: QueueRow = {
    id: ctx.ids.next(),
    profile_id: input.profileId,
    name: input.name ?? DEFAULT_QUEUE_NAME,
    timezone: input.timezone,
    active: input.active === false ? 0 : 1,
    is_default: 1,
    created_at: now,
    updated_at: now,
  };
  await insertQueue(trx, row);
  await replaceQueueSlots(trx, row.id, input.slots);
}

async function change(ctx: AppContext, trx: Kysely<Database>, current: QueueRow, input: UpdateQueueInput): Promise<void> {
  if (input.setAsDefault === false && current.is_default === 1) {
    throw validationError([{ field: 'setAsDefault', message: 'the default queue cannot be unset; set setAsDefault on another queue instead' }]);
  }
  const makeDefault = input.setAsDefault === true && current.is_default === 0;
  if (makeDefault) await clearDefaultQueue(trx, input.profileId);
  await updateQueueRow(trx, current.id, {
    ...(input.name !== undefined && { name: input.name }),
    ...(input.active !== undefined && { active: input.active ? 1 : 0 }),
    ...(makeDefault && { is_default: 1 }),
    timezone: input.timezone,
    updated_at: ctx.clock.now(),
  });
  await replaceQueueSlots(trx, current.id, input.slots);
}

/**
 * Replaces a queue's schedule (time zone and slots) and optionally its name, active flag and default status. Without
 * `queueId` it changes the profile's default queue, creating it when the profile has none (`isNewQueue`).
 */
export async function updateQueue(
  ctx: AppContext,
  principal: Principal,
  input: UpdateQueueInput,
): Promise<QueueWithSlots & { isNewQueue: boolean }> {
  if (input.reshuffleExisting === true) {
    throw new AppError('REQUEST_NOT_IMPLEMENTED', 'Outbox does not move already queued posts onto new slots; send reshuffleExisting: false or omit it.', {
      param: 'reshuffleExisting',
    });
  }
  await getProfile(ctx, principal, input.profileId);
  const run = () =>
    ctx.db.transaction().execute(async (trx) => {
      const current = await findProfileQueue(trx, input.profileId, input.queueId);
      if (!current && input.queueId !== undefined) {
        throw new AppError('QUEUE_NOT_FOUND', `Profile ${input.profileId} has no queue ${input.queueId}.`, { param: 'queueId' });
      }
      if (current) await change(ctx, trx, current, input);
      else await createDefault(ctx, trx, input);
      return { isNewQueue: !current, queueId: current?.id };
    });
  let outcome;
  try {
    outcome = await run();
  } catch (error) {
    // A concurrent request created the default queue first: this one then updates it.
    if (!isUniqueViolation(error) || input.queueId !== undefined) throw error;
    outcome = await run();
  }
  const loaded = await loadProfileQueue(ctx.db, input.profileId, outcome.queueId);
  return { ...loaded, isNewQueue: outcome.isNewQueue };
}
