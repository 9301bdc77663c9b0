import type { Kysely, Selectable, Updateable } from 'kysely';
import type { Database, UploadStatus, UploadsTable } from './schema.js';

/** A stored upload row. */
export type UploadRow = Selectable<UploadsTable>;

/** Inserts an upload slot. */
export async function insertUpload(db: Kysely<Database>, row: UploadRow): Promise<void> {
  await db.insertInto('uploads').values(row).execute();
}

/** One upload by id. */
export function findUpload(db: Kysely<Database>, id: string): Promise<UploadRow | undefined> {
  return db.selectFrom('uploads').selectAll().where('id', '=', id).executeTakeFirst();
}

/** One upload by its public token. */
export function findUploadByToken(db: Kysely<Database>, token: string): Promise<UploadRow | undefined> {
  return db.selectFrom('uploads').selectAll().where('public_token', '=', token).executeTakeFirst();
}

/**
 * Moves an upload from one status to another only if it is still in `from`; resolves whether this caller won.
 * This is how two PUTs racing on one URL are told apart: exactly one moves `pending` to `receiving`.
 */
export async function transitionUpload(
  db: Kysely<Database>,
  id: string,
  from: UploadStatus,
  changes: Updateable<UploadsTable> & { status: UploadStatus },
): Promise<boolean> {
  const result = await db.updateTable('uploads').set(changes).where('id', '=', id).where('status', '=', from).executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Marks uploads as used by a post, so the sweeper keeps them. */
export async function markUploadsUsed(db: Kysely<Database>, ids: string[], at: number): Promise<void> {
  if (ids.length === 0) return;
  await db.updateTable('uploads').set({ used_at: at }).where('id', 'in', ids).where('used_at', 'is', null).execute();
}

/** Unused uploads past their expiry, oldest first, at most `limit`. */
export function listExpiredUploads(db: Kysely<Database>, now: number, limit: number): Promise<UploadRow[]> {
  return db
    .selectFrom('uploads')
    .selectAll()
    .where('used_at', 'is', null)
    .where('expires_at', '<=', now)
    .orderBy('expires_at')
    .limit(limit)
    .execute();
}

/** Deletes an upload row. */
export async function deleteUploadRow(db: Kysely<Database>, id: string): Promise<void> {
  await db.deleteFrom('uploads').where('id', '=', id).execute();
}
