import type { Kysely } from 'kysely';
import type { Database } from './schema.js';

/** Which of `ids` are accounts in the given profiles (all of the user's profiles when `profileIds` is undefined). */
export async function findExistingAccountIds(
  db: Kysely<Database>,
  userId: string,
  ids: string[],
  profileIds?: string[],
): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  let query = db
    .selectFrom('accounts')
    .innerJoin('profiles', 'profiles.id', 'accounts.profile_id')
    .select('accounts.id')
    .where('profiles.user_id', '=', userId)
    .where('accounts.id', 'in', ids);
  if (profileIds) query = query.where('accounts.profile_id', 'in', profileIds.length ? profileIds : ['']);
  const rows = await query.execute();
  return new Set(rows.map((row) => row.id));
}

/** How many accounts a profile has that are not disconnected. */
export async function countProfileAccounts(db: Kysely<Database>, profileId: string): Promise<number> {
  const row = await db
    .selectFrom('accounts')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('profile_id', '=', profileId)
    .where('status', '!=', 'disconnected')
    .executeTakeFirstOrThrow();
  return Number(row.n);
}
