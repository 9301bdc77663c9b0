import type { Kysely, Selectable, Updateable } from 'kysely';
import type { Database, QueueSlotsTable, QueuesTable } from './schema.js';

/** A stored queue row. */
export type QueueRow = Selectable<QueuesTable>;

/** A stored weekly slot row. */
export type QueueSlotRow = Selectable<QueueSlotsTable>;

/** A weekly slot as the domain and the API see it. */
export interface WeeklySlotValue {
  dayOfWeek: number;
  time: string;
}

/** The queues of a profile: the default first, then oldest first. */
export function listProfileQueues(db: Kysely<Database>, profileId: string): Promise<QueueRow[]> {
  return db
    .selectFrom('queues')
    .selectAll()
    .where('profile_id', '=', profileId)
    .orderBy('is_default', 'desc')
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

/**
 * One queue of a profile: `queueId`, or the profile's default when it is undefined. `lock` takes a row lock
 * (FOR UPDATE, PostgreSQL only) held until the surrounding transaction ends.
 */
export function findProfileQueue(
  db: Kysely<Database>,
  profileId: string,
  queueId: string | undefined,
  lock = false,
): Promise<QueueRow | undefined> {
  return db
    .selectFrom('queues')
    .selectAll()
    .where('profile_id', '=', profileId)
    .$if(queueId !== undefined, (q) => q.where('id', '=', queueId!))
    .$if(queueId === undefined, (q) => q.where('is_default', '=', 1))
    .$if(lock, (q) => q.forUpdate())
    .executeTakeFirst();
}

/** The slots of some queues, in weekly order (day, then time). */
export function listQueueSlots(db: Kysely<Database>, queueIds: readonly string[]): Promise<QueueSlotRow[]> {
  if (queueIds.length === 0) return Promise.resolve([]);
  return db
    .selectFrom('queue_slots')
    .selectAll()
    .where('queue_id', 'in', queueIds)
    .orderBy('queue_id')
    .orderBy('day_of_week')
    .orderBy('time')
    .execute();
}

/** Inserts a queue. */
export async function insertQueue(db: Kysely<Database>, row: QueueRow): Promise<void> {
  await db.insertInto('queues').values(row).execute();
}

/** Updates a queue's columns. */
export async function updateQueueRow(db: Kysely<Database>, id: string, changes: Updateable<QueuesTable>): Promise<void> {
  await db.updateTable('queues').set(changes).where('id', '=', id).execute();
}

/** Replaces every slot of a queue. */
export async function replaceQueueSlots(db: Kysely<Database>, queueId: string, slots: readonly WeeklySlotValue[]): Promise<void> {
  await db.deleteFrom('queue_slots').where('queue_id', '=', queueId).execute();
  if (slots.length === 0) return;
  await db
    .insertInto('queue_slots')
    .values(slots.map((slot) => ({ queue_id: queueId, day_of_week: slot.dayOfWeek, time: slot.time })))
    .execute();
}

/** Clears the default flag on every queue of the profile. */
export async function clearDefaultQueue(db: Kysely<Database>, profileId: string): Promise<void> {
  await db.updateTable('queues').set({ is_default: 0 }).where('profile_id', '=', profileId).where('is_default', '=', 1).execute();
}

/** Deletes some queues of a profile (all of them when `queueId` is undefined) with their slots; returns how many. */
export async function deleteQueueRows(db: Kysely<Database>, profileId: string, queueId?: string): Promise<number> {
  const ids = db
    .selectFrom('queues')
    .select('id')
    .where('profile_id', '=', profileId)
    .$if(queueId !== undefined, (q) => q.where('id', '=', queueId!));
  await db.deleteFrom('queue_slots').where('queue_id', 'in', ids).execute();
  const result = await db
    .deleteFrom('queues')
    .where('profile_id', '=', profileId)
    .$if(queueId !== undefined, (q) => q.where('id', '=', queueId!))
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** Makes the profile's oldest queue its default; a no-op when it has none. */
export async function promoteOldestQueue(db: Kysely<Database>, profileId: string): Promise<void> {
  const oldest = await db
    .selectFrom('queues')
    .select('id')
    .where('profile_id', '=', profileId)
    .orderBy('created_at')
    .orderBy('id')
    .executeTakeFirst();
  if (oldest) await db.updateTable('queues').set({ is_default: 1 }).where('id', '=', oldest.id).execute();
}
