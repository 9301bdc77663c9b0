import { sql, type Kysely } from 'kysely';

/**
 * Posts, their targets (one per account: the unit the scheduler runs), every attempt at a target, and the shared
 * per-(platform, account) budgets that rate limits feed.
 *
 * The scheduler finds work through one partial index: a target is runnable when its status is `scheduled` or
 * `publishing` and `run_at` has passed. `run_at` is the due time of a scheduled target, the next poll of one the
 * platform is still processing, or the lease expiry of a claimed one, so a dead worker's target comes due again by
 * the same index, and the earliest `run_at` is what a worker sleeps until.
 */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('posts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('profile_id', 'text', (c) => c.notNull().references('profiles.id'))
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('api_key_id', 'text')
    .addColumn('content', 'text', (c) => c.notNull())
    .addColumn('media_items', 'text', (c) => c.notNull())
    .addColumn('platform_defaults', 'text', (c) => c.notNull())
    .addColumn('extras', 'text', (c) => c.notNull())
    .addColumn('timezone', 'text')
    .addColumn('scheduled_for', 'bigint')
    .addColumn('is_draft', 'integer', (c) => c.notNull())
    .addColumn('approval', 'text', (c) => c.notNull())
    .addColumn('approval_note', 'text')
    .addColumn('approved_by', 'text')
    .addColumn('queued_from_profile', 'text')
    .addColumn('queue_id', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('deleted_at', 'bigint')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('posts_profile_idx').on('posts').columns(['profile_id', 'created_at']).execute();
  await db.schema.createIndex('posts_user_idx').on('posts').columns(['user_id', 'created_at']).execute();
  await db.schema.createIndex('posts_queue_idx').on('posts').columns(['queued_from_profile', 'scheduled_for']).execute();

  await db.schema
    .createTable('post_targets')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('post_id', 'text', (c) => c.notNull().references('posts.id'))
    .addColumn('profile_id', 'text', (c) => c.notNull())
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id'))
    .addColumn('platform', 'text', (c) => c.notNull())
    .addColumn('position', 'integer', (c) => c.notNull())
    .addColumn('custom_content', 'text')
    .addColumn('custom_media', 'text')
    .addColumn('platform_data', 'text', (c) => c.notNull())
    .addColumn('own_scheduled_for', 'bigint')
    .addColumn('scheduled_for', 'bigint')
    .addColumn('content_hash', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('run_at', 'bigint')
    .addColumn('attempts', 'integer', (c) => c.notNull())
    .addColumn('lease_owner', 'text')
    .addColumn('lease_expires_at', 'bigint')
    .addColumn('claimed_version', 'integer')
    .addColumn('cancel_requested', 'integer', (c) => c.notNull())
    .addColumn('send_started_at', 'bigint')
    .addColumn('external_ref', 'text')
    .addColumn('platform_post_id', 'text')
    .addColumn('platform_post_url', 'text')
    .addColumn('published_at', 'bigint')
    .addColumn('error_code', 'text')
    .addColumn('error_message', 'text')
    .addColumn('error_category', 'text')
    .addColumn('platform_error', 'text')
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('post_targets_runnable_idx')
    .on('post_targets')
    .column('run_at')
    .where(sql.ref('status'), 'in', ['scheduled', 'publishing'])
    .execute();
  await db.schema.createIndex('post_targets_post_idx').on('post_targets').columns(['post_id', 'position']).execute();
  await db.schema.createIndex('post_targets_account_time_idx').on('post_targets').columns(['account_id', 'scheduled_for']).execute();
  await db.schema.createIndex('post_targets_duplicate_idx').on('post_targets').columns(['account_id', 'content_hash', 'created_at']).execute();

  await db.schema
    .createTable('post_attempts')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('target_id', 'text', (c) => c.notNull().references('post_targets.id'))
    .addColumn('post_id', 'text', (c) => c.notNull())
    .addColumn('number', 'integer', (c) => c.notNull())
    .addColumn('worker', 'text', (c) => c.notNull())
    .addColumn('outcome', 'text', (c) => c.notNull())
    .addColumn('error_code', 'text')
    .addColumn('error_kind', 'text')
    .addColumn('error_message', 'text')
    .addColumn('platform_status', 'integer')
    .addColumn('platform_error', 'text')
    .addColumn('external_ref', 'text')
    .addColumn('started_at', 'bigint', (c) => c.notNull())
    .addColumn('finished_at', 'bigint')
    .execute();
  await db.schema.createIndex('post_attempts_target_idx').on('post_attempts').columns(['target_id', 'started_at']).execute();

  await db.schema
    .createTable('platform_budgets')
    .addColumn('key', 'text', (c) => c.primaryKey())
    .addColumn('blocked_until', 'bigint', (c) => c.notNull())
    .addColumn('reason', 'text')
    .addColumn('updated_at', 'bigint', (c) => c.notNull())
    .execute();

  await db.schema.alterTable('profiles').addColumn('requires_approval', 'integer', (c) => c.notNull().defaultTo(0)).execute();
}
