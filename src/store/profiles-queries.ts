import type { Insertable, Kysely, Selectable, Updateable } from 'kysely';
import { prepareQuery } from './prepared-query.js';
import type { Database, ProfilesTable } from './schema.js';

/** A stored profile row. */
export type ProfileRow = Selectable<ProfilesTable>;

/** Filters for `listProfiles`. */
export interface ProfileFilter {
  userId: string;
  /** Only these ids (a scoped key's profiles); undefined means all. */
  ids?: string[];
  name?: string;
  limit?: number;
  skip?: number;
}

function filtered(db: Kysely<Database>, filter: ProfileFilter) {
  let query = db.selectFrom('profiles').where('user_id', '=', filter.userId);
  if (filter.ids) query = query.where('id', 'in', filter.ids.length ? filter.ids : ['']);
  if (filter.name !== undefined) query = query.where('name', '=', filter.name);
  return query;
}

// The unfiltered list of a full-scope key is what every client asks first and most often.
const listUserProfiles = prepareQuery((db, p: { userId: string }) =>
  db.selectFrom('profiles').selectAll().where('user_id', '=', p.userId).orderBy('is_default', 'desc').orderBy('created_at').orderBy('id'),
);

const insertProfileRow = prepareQuery((db, p: ProfileRow) =>
  db.insertInto('profiles').values({
    id: p.id,
    user_id: p.user_id,
    name: p.name,
    description: p.description,
    color: p.color,
    is_default: p.is_default,
    requires_approval: p.requires_approval,
    created_at: p.created_at,
    updated_at: p.updated_at,
  }),
);

/** Profiles matching the filter: the default first, then oldest first. */
export function listProfiles(db: Kysely<Database>, filter: ProfileFilter): Promise<ProfileRow[]> {
  const unfiltered = filter.ids === undefined && filter.name === undefined && filter.limit === undefined && !filter.skip;
  if (unfiltered) return listUserProfiles.all(db, { userId: filter.userId });
  let query = filtered(db, filter).selectAll().orderBy('is_default', 'desc').orderBy('created_at').orderBy('id');
  // SQLite accepts OFFSET only after a LIMIT, so paging always sets one.
  if (filter.limit !== undefined || filter.skip) query = query.limit(filter.limit ?? 2_147_483_647);
  if (filter.skip) query = query.offset(filter.skip);
  return query.execute();
}

/** How many profiles match the filter, ignoring paging. */
export async function countProfiles(db: Kysely<Database>, filter: ProfileFilter): Promise<number> {
  const row = await filtered(db, filter).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  return Number(row.n);
}

/** One profile of a user by id. */
export function findProfile(db: Kysely<Database>, userId: string, id: string): Promise<ProfileRow | undefined> {
  return db.selectFrom('profiles').selectAll().where('user_id', '=', userId).where('id', '=', id).executeTakeFirst();
}

/** The user's default profile. */
export function findDefaultProfile(db: Kysely<Database>, userId: string): Promise<ProfileRow | undefined> {
  return db
    .selectFrom('profiles')
    .selectAll()
    .where('user_id', '=', userId)
    .where('is_default', '=', 1)
    .executeTakeFirst();
}

/** Inserts a profile. */
export async function insertProfile(db: Kysely<Database>, row: Insertable<ProfilesTable>): Promise<void> {
  await insertProfileRow.run(db, { ...row, description: row.description ?? null, is_default: row.is_default ?? 0, requires_approval: row.requires_approval ?? 0 });
}

/** Updates a profile's columns. */
export async function updateProfileRow(
  db: Kysely<Database>,
  id: string,
  changes: Updateable<ProfilesTable>,
): Promise<void> {
  await db.updateTable('profiles').set(changes).where('id', '=', id).execute();
}

/** Clears the default flag on every profile of the user. */
export async function clearDefaultProfile(db: Kysely<Database>, userId: string): Promise<void> {
  await db.updateTable('profiles').set({ is_default: 0 }).where('user_id', '=', userId).execute();
}

/** Deletes a profile. */
export async function deleteProfileRow(db: Kysely<Database>, id: string): Promise<void> {
  await db.deleteFrom('profiles').where('id', '=', id).execute();
}
