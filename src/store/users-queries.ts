import type { Kysely, Selectable } from 'kysely';
import { prepareQuery } from './prepared-query.js';
import type { Database, UsersTable } from './schema.js';

/** A stored user row. */
export type UserRow = Selectable<UsersTable>;

const allUsers = prepareQuery((db) => db.selectFrom('users').selectAll().orderBy('created_at').orderBy('id'));
const userById = prepareQuery((db, p: { id: string }) => db.selectFrom('users').selectAll().where('id', '=', p.id));

/** Every user, oldest first. */
export function listUsers(db: Kysely<Database>): Promise<UserRow[]> {
  return allUsers.all(db, {});
}

/** One user by id. */
export function findUser(db: Kysely<Database>, id: string): Promise<UserRow | undefined> {
  return userById.first(db, { id });
}

/** Inserts a user. */
export async function insertUser(db: Kysely<Database>, row: UserRow): Promise<void> {
  await db.insertInto('users').values(row).execute();
}

/** Inserts a user unless one with the same id exists (concurrent starts create it once). */
export async function insertUserIfAbsent(db: Kysely<Database>, row: UserRow): Promise<void> {
  await db.insertInto('users').values(row).onConflict((oc) => oc.column('id').doNothing()).execute();
}
