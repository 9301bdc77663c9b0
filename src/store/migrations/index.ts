import type { Kysely } from 'kysely';
import * as m0001 from './0001-initial.js';
import * as m0002 from './0002-uploads.js';
import * as m0003 from './0003-oauth-states.js';
import * as m0004 from './0004-posts.js';
import * as m0005 from './0005-queue-slots.js';

/** One versioned migration. `up` receives the dialect for the rare column type the two dialects spell differently. */
export interface StoreMigration {
  up(db: Kysely<unknown>, dialect: 'sqlite' | 'postgres'): Promise<void>;
}

/**
 * Every migration in order. Names sort lexically and are never renamed or edited once released: a change to the
 * schema is a new file.
 */
export const MIGRATIONS: Record<string, StoreMigration> = {
  '0001-initial': m0001,
  '0002-uploads': m0002,
  '0003-oauth-states': m0003,
  '0004-posts': m0004,
  '0005-queue-slots': m0005,
};
