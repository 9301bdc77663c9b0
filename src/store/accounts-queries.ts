import type { Kysely, Selectable, Updateable } from 'kysely';
import type { AccountsTable, Database } from './schema.js';

/** A stored account row (tokens are ciphertexts). */
export type AccountRow = Selectable<AccountsTable>;

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

/** Deletes a profile's disconnected accounts (before the profile itself is deleted). */
export async function deleteDisconnectedAccounts(db: Kysely<Database>, profileId: string): Promise<void> {
  await db.deleteFrom('accounts').where('profile_id', '=', profileId).where('status', '=', 'disconnected').execute();
}

/** Filters of the account list. */
export interface AccountFilter {
  userId: string;
  /** Only these profiles; undefined for all of the user's. */
  profileIds?: string[] | undefined;
  platform?: string | undefined;
  /** 'connected' = active or needs_reauth; 'disconnected'; undefined = connected. */
  status?: 'connected' | 'disconnected' | undefined;
  limit?: number | undefined;
  skip?: number | undefined;
}

function filtered(db: Kysely<Database>, filter: AccountFilter) {
  let query = db
    .selectFrom('accounts')
    .innerJoin('profiles', 'profiles.id', 'accounts.profile_id')
    .where('profiles.user_id', '=', filter.userId);
  if (filter.profileIds) query = query.where('accounts.profile_id', 'in', filter.profileIds.length ? filter.profileIds : ['']);
  if (filter.platform !== undefined) query = query.where('accounts.platform', '=', filter.platform);
  query =
    filter.status === 'disconnected'
      ? query.where('accounts.status', '=', 'disconnected')
      : query.where('accounts.status', '!=', 'disconnected');
  return query;
}

/** Accounts matching the filter, oldest first, with the total before paging. */
export async function listAccounts(db: Kysely<Database>, filter: AccountFilter): Promise<{ rows: AccountRow[]; total: number }> {
  let query = filtered(db, filter).selectAll('accounts').orderBy('accounts.created_at').orderBy('accounts.id');
  if (filter.limit !== undefined || filter.skip) query = query.limit(filter.limit ?? 2_147_483_647);
  if (filter.skip) query = query.offset(filter.skip);
  const [rows, count] = await Promise.all([
    query.execute(),
    filtered(db, filter).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.n) };
}

/** One account of a user. */
export function findAccount(db: Kysely<Database>, userId: string, id: string): Promise<AccountRow | undefined> {
  return db
    .selectFrom('accounts')
    .innerJoin('profiles', 'profiles.id', 'accounts.profile_id')
    .selectAll('accounts')
    .where('profiles.user_id', '=', userId)
    .where('accounts.id', '=', id)
    .executeTakeFirst();
}

/** One account by id, whoever owns it (for background work such as token refresh). */
export function findAccountById(db: Kysely<Database>, id: string, lock = false): Promise<AccountRow | undefined> {
  return db
    .selectFrom('accounts')
    .selectAll()
    .where('id', '=', id)
    .$if(lock, (q) => q.forUpdate())
    .executeTakeFirst();
}

/** The account of this platform identity in this profile, if connected before. */
export function findAccountByIdentity(
  db: Kysely<Database>,
  profileId: string,
  platform: string,
  platformAccountId: string,
): Promise<AccountRow | undefined> {
  return db
    .selectFrom('accounts')
    .selectAll()
    .where('profile_id', '=', profileId)
    .where('platform', '=', platform)
    .where('platform_account_id', '=', platformAccountId)
    .executeTakeFirst();
}

/** Inserts an account. */
export async function insertAccount(db: Kysely<Database>, row: AccountRow): Promise<void> {
  await db.insertInto('accounts').values(row).execute();
}

/** Updates an account's columns. */
export async function updateAccountRow(db: Kysely<Database>, id: string, changes: Updateable<AccountsTable>): Promise<void> {
  await db.updateTable('accounts').set(changes).where('id', '=', id).execute();
}

/** Active accounts whose access token expires before `before` and that can be refreshed. */
export function listAccountsExpiringBefore(db: Kysely<Database>, before: number, limit: number): Promise<AccountRow[]> {
  return db
    .selectFrom('accounts')
    .selectAll()
    .where('status', '=', 'active')
    .where('refresh_token_enc', 'is not', null)
    .where('token_expires_at', '<', before)
    .orderBy('token_expires_at')
    .limit(limit)
    .execute();
}
