import type { Kysely, Selectable } from 'kysely';
import type { Database, UsersTable } from './schema.js';

/** A stored user row. */
export type UserRow = Selectable<UsersTable>;

/** Every user, oldest first. */
export function listUsers(db: Kysely<Database>): Promise<UserRow[]> {
  return db.selectFrom('users').selectAll().orderBy('created_at').orderBy('id').execute();
}

/** One user by id. */
export function findUser(db: Kysely<Database>, id: string): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Inserts a user. */
export async function insertUser(db: Kysely<Database>, row: UserRow): Promise<void> {
  await db.insertInto('users').values(row).execute();
}

/** Inserts a user unless one with the same id exists (concurrent starts create it once). */
export async function insertUserIfAbsent(db: Kysely<Database>, row: UserRow): Promise<void> {
  await db.insertInto('users').values(row).onConflict((oc) => oc.column('id').doNothing()).execute();
}
