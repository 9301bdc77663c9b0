import type { Kysely } from 'kysely';

/** Pending OAuth connections: the single-use `state` bound to a profile, with its PKCE verifier and expiry. */
export async function up(db: Kysely<unknown>): Promise<void> {
  await db.schema
    .createTable('oauth_states')
    .addColumn('state', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull().references('users.id'))
    .addColumn('profile_id', 'text', (c) => c.notNull())
    .addColumn('platform', 'text', (c) => c.notNull())
    .addColumn('api_key_id', 'text')
    .addColumn('redirect_url', 'text')
    .addColumn('code_verifier', 'text')
    .addColumn('headless', 'integer', (c) => c.notNull())
    .addColumn('redirect_uri', 'text', (c) => c.notNull())
    .addColumn('created_at', 'bigint', (c) => c.notNull())
    .addColumn('expires_at', 'bigint', (c) => c.notNull())
    .addColumn('used_at', 'bigint')
    .execute();
  await db.schema.createIndex('oauth_states_expiry_idx').on('oauth_states').column('expires_at').execute();
}
