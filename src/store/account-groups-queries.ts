import type { Kysely, Selectable, Updateable } from 'kysely';
import type { AccountGroupsTable, Database } from './schema.js';

/** A stored account group row (`account_ids` is a JSON array). */
export type AccountGroupRow = Selectable<AccountGroupsTable>;

/** A user's groups, oldest first. */
export function listAccountGroups(db: Kysely<Database>, userId: string): Promise<AccountGroupRow[]> {
  return db
    .selectFrom('account_groups')
    .selectAll()
    .where('user_id', '=', userId)
    .orderBy('created_at')
    .orderBy('id')
    .execute();
}

/** One group of a user. */
export function findAccountGroup(
  db: Kysely<Database>,
  userId: string,
  id: string,
): Promise<AccountGroupRow | undefined> {
  return db
    .selectFrom('account_groups')
    .selectAll()
    .where('user_id', '=', userId)
    .where('id', '=', id)
    .executeTakeFirst();
}

/** Inserts a group. */
export async function insertAccountGroup(db: Kysely<Database>, row: AccountGroupRow): Promise<void> {
  await db.insertInto('account_groups').values(row).execute();
}

/** Updates a group's columns. */
export async function updateAccountGroupRow(
  db: Kysely<Database>,
  id: string,
  changes: Updateable<AccountGroupsTable>,
): Promise<void> {
  await db.updateTable('account_groups').set(changes).where('id', '=', id).execute();
}

/** Deletes a group. */
export async function deleteAccountGroupRow(db: Kysely<Database>, id: string): Promise<void> {
  await db.deleteFrom('account_groups').where('id', '=', id).execute();
}
