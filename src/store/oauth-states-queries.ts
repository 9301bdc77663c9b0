import type { Kysely, Selectable } from 'kysely';
import type { Database, OauthStatesTable } from './schema.js';

/** A stored OAuth state row. */
export type OauthStateRow = Selectable<OauthStatesTable>;

/** Inserts a pending connection. */
export async function insertOauthState(db: Kysely<Database>, row: OauthStateRow): Promise<void> {
  await db.insertInto('oauth_states').values(row).execute();
}

/** One state by its value. */
export function findOauthState(db: Kysely<Database>, state: string): Promise<OauthStateRow | undefined> {
  return db.selectFrom('oauth_states').selectAll().where('state', '=', state).executeTakeFirst();
}

/** Marks a state used; resolves false when it was used already (a replay), so exactly one callback wins. */
export async function consumeOauthState(db: Kysely<Database>, state: string, at: number): Promise<boolean> {
  const result = await db
    .updateTable('oauth_states')
    .set({ used_at: at })
    .where('state', '=', state)
    .where('used_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Deletes states that expired before `before`; resolves how many. */
export async function deleteExpiredOauthStates(db: Kysely<Database>, before: number): Promise<number> {
  const result = await db.deleteFrom('oauth_states').where('expires_at', '<', before).executeTakeFirst();
  return Number(result.numDeletedRows);
}
