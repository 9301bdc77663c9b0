import type { Kysely, Selectable } from 'kysely';
import type { Database, IdempotencyKeysTable } from './schema.js';

/** A remembered idempotency key. */
export type IdempotencyRow = Selectable<IdempotencyKeysTable>;

/**
 * Claims an idempotency key for a request: inserts it as `processing` unless it exists. Resolves the existing row
 * when another request already holds the key, or undefined when this request now owns it.
 */
export async function claimIdempotencyKey(
  db: Kysely<Database>,
  row: IdempotencyRow,
): Promise<IdempotencyRow | undefined> {
  const inserted = await db
    .insertInto('idempotency_keys')
    .values(row)
    .onConflict((oc) => oc.columns(['api_key_id', 'key']).doNothing())
    .executeTakeFirst();
  if (Number(inserted.numInsertedOrUpdatedRows ?? 0) > 0) return undefined;
  const existing = await db
    .selectFrom('idempotency_keys')
    .selectAll()
    .where('api_key_id', '=', row.api_key_id)
    .where('key', '=', row.key)
    .executeTakeFirst();
  // An expired key is free again: take it over.
  if (existing && existing.expires_at <= row.created_at) {
    const taken = await db
      .updateTable('idempotency_keys')
      .set(row)
      .where('api_key_id', '=', row.api_key_id)
      .where('key', '=', row.key)
      .where('expires_at', '=', existing.expires_at)
      .executeTakeFirst();
    // Two requests racing for the same expired key: only the one whose update landed owns it.
    if (Number(taken.numUpdatedRows) > 0) return undefined;
    return { ...row, state: 'processing' };
  }
  return existing;
}

/** Stores the response of a finished request under its key. */
export async function completeIdempotencyKey(
  db: Kysely<Database>,
  apiKeyId: string,
  key: string,
  statusCode: number,
  responseBody: string,
): Promise<void> {
  await db
    .updateTable('idempotency_keys')
    .set({ state: 'done', status_code: statusCode, response_body: responseBody })
    .where('api_key_id', '=', apiKeyId)
    .where('key', '=', key)
    .execute();
}

/** Forgets a key, so a request that failed on the server side can be retried with it. */
export async function releaseIdempotencyKey(db: Kysely<Database>, apiKeyId: string, key: string): Promise<void> {
  await db.deleteFrom('idempotency_keys').where('api_key_id', '=', apiKeyId).where('key', '=', key).execute();
}

/** Deletes expired keys; resolves how many. */
export async function deleteExpiredIdempotencyKeys(db: Kysely<Database>, now: number): Promise<number> {
  const result = await db.deleteFrom('idempotency_keys').where('expires_at', '<=', now).executeTakeFirst();
  return Number(result.numDeletedRows);
}
