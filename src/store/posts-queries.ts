import { sql, type Insertable, type Kysely, type Selectable, type Updateable } from 'kysely';
import type { Database, PostAttemptsTable, PostsTable, PostStatus, PostTargetsTable, TargetStatus } from './schema.js';

/** A stored post row. */
export type PostRow = Selectable<PostsTable>;
/** A stored target row. */
export type TargetRow = Selectable<PostTargetsTable>;
/** A stored attempt row. */
export type AttemptRow = Selectable<PostAttemptsTable>;

/** Target statuses the scheduler may claim. */
export const RUNNABLE_STATUSES: readonly TargetStatus[] = ['scheduled', 'publishing'];

/** Inserts a post and its targets. Call inside a transaction. */
export async function insertPostWithTargets(db: Kysely<Database>, post: Insertable<PostsTable>, targets: Insertable<PostTargetsTable>[]): Promise<void> {
  await db.insertInto('posts').values(post).execute();
  if (targets.length > 0) await db.insertInto('post_targets').values(targets).execute();
}

/** One post by id, deleted or not. `forUpdate` locks the row on PostgreSQL (ignored on SQLite, which has one writer). */
export function findPost(db: Kysely<Database>, id: string, forUpdate = false): Promise<PostRow | undefined> {
  const query = db.selectFrom('posts').selectAll().where('id', '=', id);
  return (forUpdate ? query.forUpdate() : query).executeTakeFirst();
}

/** The targets of a post in the order they were given; `forUpdate` locks them on PostgreSQL. */
export function findTargetsOfPost(db: Kysely<Database>, postId: string, forUpdate = false): Promise<TargetRow[]> {
  const query = db.selectFrom('post_targets').selectAll().where('post_id', '=', postId).orderBy('position');
  return (forUpdate ? query.forUpdate() : query).execute();
}

/** The targets of several posts, for list pages. */
export async function findTargetsOfPosts(db: Kysely<Database>, postIds: string[]): Promise<Map<string, TargetRow[]>> {
  const byPost = new Map<string, TargetRow[]>(postIds.map((id) => [id, []]));
  if (postIds.length === 0) return byPost;
  const rows = await db.selectFrom('post_targets').selectAll().where('post_id', 'in', postIds).orderBy('post_id').orderBy('position').execute();
  for (const row of rows) byPost.get(row.post_id)?.push(row);
  return byPost;
}

/** One target by id. */
export function findTarget(db: Kysely<Database>, id: string): Promise<TargetRow | undefined> {
  return db.selectFrom('post_targets').selectAll().where('id', '=', id).executeTakeFirst();
}

/** Changes a post row. */
export async function updatePostRow(db: Kysely<Database>, id: string, changes: Updateable<PostsTable>): Promise<void> {
  await db.updateTable('posts').set(changes).where('id', '=', id).execute();
}

/** Changes a target row unconditionally (API-side edits, under the post's lock). */
export async function updateTargetRow(db: Kysely<Database>, id: string, changes: Updateable<PostTargetsTable>): Promise<void> {
  await db.updateTable('post_targets').set(changes).where('id', '=', id).execute();
}

/**
 * Changes a target only while `owner` still holds its lease; resolves false when the lease was lost (it expired and
 * another worker took the target over), in which case the caller must not act on the target any more.
 */
export async function updateLeasedTarget(db: Kysely<Database>, id: string, owner: string, changes: Updateable<PostTargetsTable>): Promise<boolean> {
  const result = await db.updateTable('post_targets').set(changes).where('id', '=', id).where('lease_owner', '=', owner).executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

/** Inserts targets (a post edit adding accounts). */
export async function insertTargets(db: Kysely<Database>, rows: Insertable<PostTargetsTable>[]): Promise<void> {
  if (rows.length > 0) await db.insertInto('post_targets').values(rows).execute();
}

/** Deletes targets and their attempts (a post edit removing accounts). */
export async function deleteTargets(db: Kysely<Database>, ids: string[]): Promise<void> {
  if (ids.length === 0) return;
  await db.deleteFrom('post_attempts').where('target_id', 'in', ids).execute();
  await db.deleteFrom('post_targets').where('id', 'in', ids).execute();
}

/** What a claim needs to know. */
export interface ClaimOptions {
  /** The claiming worker's id, written as lease owner. */
  owner: string;
  now: number;
  /** Lease length (ms): the target becomes claimable again at `now + leaseMs` unless the lease is renewed. */
  leaseMs: number;
  /** Most targets to claim. */
  limit: number;
}

/** A claimed target with the post version it was claimed at. */
export type ClaimedTarget = TargetRow;

/**
 * Claims up to `limit` runnable targets whose `run_at` has passed, earliest first: each becomes `publishing` with
 * this owner's lease, and `run_at` moves to the lease expiry so a dead worker's target comes due again. The post
 * version is recorded so the runner can tell an edit made after the claim. PostgreSQL skips rows other workers
 * hold (`FOR UPDATE SKIP LOCKED`); SQLite has a single writer, so the select and the update in one transaction
 * cannot interleave with another claim.
 */
export async function claimDueTargets(db: Kysely<Database>, dialect: 'sqlite' | 'postgres', options: ClaimOptions): Promise<ClaimedTarget[]> {
  const leaseExpiresAt = options.now + options.leaseMs;
  const changes = {
    status: 'publishing' as const,
    lease_owner: options.owner,
    lease_expires_at: leaseExpiresAt,
    run_at: leaseExpiresAt,
    updated_at: options.now,
    claimed_version: sql<number>`(select version from posts where posts.id = post_targets.post_id)`,
  };
  const dueIds = (handle: Kysely<Database>) =>
    handle.selectFrom('post_targets').select('id').where('status', 'in', RUNNABLE_STATUSES).where('run_at', '<=', options.now).orderBy('run_at').limit(options.limit);
  if (dialect === 'postgres') {
    return db.updateTable('post_targets').set(changes).where('id', 'in', dueIds(db).forUpdate().skipLocked()).returningAll().execute();
  }
  return db.transaction().execute(async (trx) => {
    const due = await dueIds(trx).execute();
    if (due.length === 0) return [];
    return trx.updateTable('post_targets').set(changes).where('id', 'in', due.map((row) => row.id)).returningAll().execute();
  });
}

/** The earliest `run_at` of any runnable target, or undefined when nothing waits. */
export async function nextRunAt(db: Kysely<Database>): Promise<number | undefined> {
  const row = await db
    .selectFrom('post_targets')
    .select('run_at')
    .where('status', 'in', RUNNABLE_STATUSES)
    .where('run_at', 'is not', null)
    .orderBy('run_at')
    .limit(1)
    .executeTakeFirst();
  return row?.run_at ?? undefined;
}

/** Extends the leases `owner` holds on `ids`; resolves the ids whose lease it still held. */
export async function renewLeases(db: Kysely<Database>, owner: string, ids: string[], leaseExpiresAt: number): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rows = await db
    .updateTable('post_targets')
    .set({ lease_expires_at: leaseExpiresAt, run_at: leaseExpiresAt })
    .where('id', 'in', ids)
    .where('lease_owner', '=', owner)
    .where('status', '=', 'publishing')
    .returning('id')
    .execute();
  return new Set(rows.map((row) => row.id));
}

/**
 * The times (`scheduled_for`, or `published_at` once published) of the account's targets that count toward a daily
 * cap and fall in [from, to]: anything scheduled, running, published or unconfirmed. `excludePostId` leaves out the
 * post being edited.
 */
export async function capTimes(db: Kysely<Database>, accountId: string, from: number, to: number, excludePostId?: string): Promise<number[]> {
  let query = db
    .selectFrom('post_targets')
    .select(['scheduled_for', 'published_at'])
    .where('account_id', '=', accountId)
    .where('status', 'in', ['scheduled', 'publishing', 'published', 'unconfirmed', 'pending_approval'])
    .where((eb) => eb.or([eb('scheduled_for', '>=', from), eb('published_at', '>=', from)]))
    .where((eb) => eb.or([eb('scheduled_for', '<=', to), eb('published_at', '<=', to)]));
  if (excludePostId !== undefined) query = query.where('post_id', '!=', excludePostId);
  const rows = await query.execute();
  return rows
    .map((row) => row.published_at ?? row.scheduled_for)
    .filter((at): at is number => at !== null && at >= from && at <= to);
}

/** A post (not deleted, not cancelled) with a target of the same content to the same account created since `since`. */
export async function findDuplicatePost(
  db: Kysely<Database>,
  accountId: string,
  contentHash: string,
  since: number,
  excludePostId?: string,
): Promise<string | undefined> {
  let query = db
    .selectFrom('post_targets')
    .innerJoin('posts', 'posts.id', 'post_targets.post_id')
    .select('posts.id')
    .where('post_targets.account_id', '=', accountId)
    .where('post_targets.content_hash', '=', contentHash)
    .where('post_targets.created_at', '>=', since)
    .where('post_targets.status', 'not in', ['cancelled', 'failed', 'draft'])
    .where('posts.deleted_at', 'is', null);
  if (excludePostId !== undefined) query = query.where('posts.id', '!=', excludePostId);
  const row = await query.limit(1).executeTakeFirst();
  return row?.id;
}

/** Filters of the post list. */
export interface PostFilter {
  userId: string;
  /** Only these profiles; undefined for all of the user's. */
  profileIds?: string[] | undefined;
  status?: PostStatus | undefined;
  accountId?: string | undefined;
  platform?: string | undefined;
  /** Posts whose time (`scheduled_for`, else creation) is at or after this. */
  from?: number | undefined;
  /** … and at or before this. */
  to?: number | undefined;
  search?: string | undefined;
  sort: 'scheduled-desc' | 'scheduled-asc' | 'created-desc' | 'created-asc' | 'status' | 'platform';
  limit: number;
  offset: number;
}

function filteredPosts(db: Kysely<Database>, filter: PostFilter) {
  let query = db.selectFrom('posts').where('posts.user_id', '=', filter.userId).where('posts.deleted_at', 'is', null);
  if (filter.profileIds) query = query.where('posts.profile_id', 'in', filter.profileIds.length > 0 ? filter.profileIds : ['']);
  if (filter.status) query = query.where('posts.status', '=', filter.status);
  if (filter.accountId !== undefined || filter.platform !== undefined) {
    query = query.where((eb) => {
      let targets = eb.selectFrom('post_targets').select('post_targets.id').whereRef('post_targets.post_id', '=', 'posts.id');
      if (filter.accountId !== undefined) targets = targets.where('post_targets.account_id', '=', filter.accountId);
      if (filter.platform !== undefined) targets = targets.where('post_targets.platform', '=', filter.platform);
      return eb.exists(targets);
    });
  }
  const when = sql<number>`coalesce(posts.scheduled_for, posts.created_at)`;
  if (filter.from !== undefined) query = query.where(when, '>=', filter.from);
  if (filter.to !== undefined) query = query.where(when, '<=', filter.to);
  if (filter.search !== undefined && filter.search !== '') {
    const escaped = filter.search.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`);
    query = query.where(sql<boolean>`lower(posts.content) like ${`%${escaped}%`} escape '\\'`);
  }
  return query;
}

/** One page of posts and the total matching. */
export async function listPosts(db: Kysely<Database>, filter: PostFilter): Promise<{ rows: PostRow[]; total: number }> {
  const base = filteredPosts(db, filter);
  const count = await base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  let query = base.selectAll('posts');
  const when = sql`coalesce(posts.scheduled_for, posts.created_at)`;
  switch (filter.sort) {
    case 'scheduled-asc':
      query = query.orderBy(when, 'asc');
      break;
    case 'scheduled-desc':
      query = query.orderBy(when, 'desc');
      break;
    case 'created-asc':
      query = query.orderBy('posts.created_at', 'asc');
      break;
    case 'status':
      query = query.orderBy('posts.status').orderBy('posts.created_at', 'desc');
      break;
    case 'platform':
      query = query
        .orderBy(sql`(select min(platform) from post_targets where post_targets.post_id = posts.id)`)
        .orderBy('posts.created_at', 'desc');
      break;
    default:
      query = query.orderBy('posts.created_at', 'desc');
  }
  const rows = await query.orderBy('posts.id', 'desc').limit(filter.limit).offset(filter.offset).execute();
  return { rows, total: Number(count.n) };
}

/** Records the start of an attempt. */
export async function insertAttempt(db: Kysely<Database>, row: Insertable<PostAttemptsTable>): Promise<void> {
  await db.insertInto('post_attempts').values(row).execute();
}

/** Records how an attempt ended. */
export async function finishAttempt(db: Kysely<Database>, id: string, changes: Updateable<PostAttemptsTable>): Promise<void> {
  await db.updateTable('post_attempts').set(changes).where('id', '=', id).execute();
}

/** Closes the attempts of a target a dead worker left open. */
export async function closeInterruptedAttempts(db: Kysely<Database>, targetId: string, at: number): Promise<number> {
  const result = await db
    .updateTable('post_attempts')
    .set({ outcome: 'interrupted', finished_at: at, error_message: 'The worker stopped before the attempt ended (its lease expired).' })
    .where('target_id', '=', targetId)
    .where('outcome', '=', 'running')
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** How many attempts a target has on record. */
export async function countAttempts(db: Kysely<Database>, targetId: string): Promise<number> {
  const row = await db
    .selectFrom('post_attempts')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('target_id', '=', targetId)
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Every attempt of a post, oldest first. */
export function listAttempts(db: Kysely<Database>, postId: string): Promise<AttemptRow[]> {
  return db.selectFrom('post_attempts').selectAll().where('post_id', '=', postId).orderBy('started_at').orderBy('number').execute();
}

/** When a budget key frees up, if it is blocked now. */
export async function budgetBlockedUntil(db: Kysely<Database>, keys: string[], now: number): Promise<number | undefined> {
  if (keys.length === 0) return undefined;
  const row = await db
    .selectFrom('platform_budgets')
    .select((eb) => eb.fn.max('blocked_until').as('until'))
    .where('key', 'in', keys)
    .where('blocked_until', '>', now)
    .executeTakeFirst();
  const until = row?.until;
  return until === null || until === undefined ? undefined : Number(until);
}

/** Blocks a budget key until `until` (never shortens an existing block). */
export async function blockBudget(db: Kysely<Database>, key: string, until: number, reason: string, now: number): Promise<void> {
  await db
    .insertInto('platform_budgets')
    .values({ key, blocked_until: until, reason, updated_at: now })
    .onConflict((oc) =>
      oc.column('key').doUpdateSet({
        blocked_until: sql<number>`case when excluded.blocked_until > platform_budgets.blocked_until then excluded.blocked_until else platform_budgets.blocked_until end`,
        reason: sql<string>`excluded.reason`,
        updated_at: sql<number>`excluded.updated_at`,
      }),
    )
    .execute();
}
