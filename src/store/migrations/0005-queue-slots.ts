import { sql, type Kysely } from 'kysely';

/*
 * Posting queues of a profile and their weekly slots. A profile has at most one default queue: the partial unique
 * index turns two concurrent "first queue" creations into one default and one unique violation the use case retries.
 */

/** Queues (per profile, with an IANA time zone) and their weekly slots (day of week + local HH:mm). */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('queues')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('profile_id', 'text', (c) => c.notNull().references('profiles.id'))
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('timezone', 'text', (c) => c.notNull())
    .addColumn('active', 'integer', (c) => c.notNull())
    .addColumn('is_default', 'integer', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('queues_profile_idx').on('queues').columns(['profile_id', 'created_at']).execute();
  await db.schema
    .createIndex('queues_one_default_per_profile')
    .on('queues')
    .column('profile_id')
    .unique()
    .where(sql.ref('is_default'), '=', 1)
    .execute();

  await db.schema
    .createTable('queue_slots')
    .addColumn('queue_id', 'text', (c) => c.notNull().references('queues.id').onDelete('cascade'))
    .addColumn('day_of_week', 'integer', (c) => c.notNull())
    .addColumn('time', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('queue_slots_pk', ['queue_id', 'day_of_week', 'time'])
    .execute();
}
