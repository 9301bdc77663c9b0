import type { Kysely, Selectable } from 'kysely';
import { prepareQuery } from './prepared-query.js';
import type { ApiKeysTable, Database } from './schema.js';

/** A stored API key row (the key itself is never stored, only its SHA-256). */
export type ApiKeyRow = Selectable<ApiKeysTable>;

// Authentication looks a key up on every request whose key is not cached, and records its use once a minute.
const findByHash = prepareQuery((db, p: { keyHash: string }) => db.selectFrom('api_keys').selectAll().where('key_hash', '=', p.keyHash));
const touch = prepareQuery((db, p: { id: string; at: number }) =>
  db.updateTable('api_keys').set({ last_used_at: p.at }).where('id', '=', p.id),
);

/** The key whose hash matches, if any. */
export function findApiKeyByHash(db: Kysely<Database>, keyHash: string): Promise<ApiKeyRow | undefined> {
  return findByHash.first(db, { keyHash });
}

/** One key by id. */
export function findApiKey(db: Kysely<Database>, id: string): Promise<ApiKeyRow | undefined> {
  return db.selectFrom('api_keys').selectAll().where('id', '=', id).executeTakeFirst();
}

/** A user's keys, newest first. */
export function listApiKeys(db: Kysely<Database>, userId: string): Promise<ApiKeyRow[]> {
  return db
    .selectFrom('api_keys')
    .selectAll()
    .where('user_id', '=', userId)
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .execute();
}

/** Inserts a key; resolves false when a key with the same hash exists already. */
export async function insertApiKey(db: Kysely<Database>, row: ApiKeyRow): Promise<boolean> {
  const result = await db
    .insertInto('api_keys')
    .values(row)
    .onConflict((oc) => oc.column('key_hash').doNothing())
    .executeTakeFirst();
  return Number(result.numInsertedOrUpdatedRows ?? 0) > 0;
}

/** Deletes a key; resolves false when it did not exist. */
export async function deleteApiKeyRow(db: Kysely<Database>, id: string): Promise<boolean> {
  const result = await db.deleteFrom('api_keys').where('id', '=', id).executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/** Records when a key was last used. */
export async function touchApiKey(db: Kysely<Database>, id: string, at: number): Promise<void> {
  await touch.run(db, { id, at });
}
