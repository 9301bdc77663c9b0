import fs from 'node:fs';
import path from 'node:path';
import SqliteDatabase from 'better-sqlite3';
import { Kysely, Migrator, PostgresDialect, SqliteDialect, sql, type Migration, type MigrationProvider } from 'kysely';
import pg from 'pg';
import type { Config } from '../config.js';
import { MIGRATIONS } from './migrations/index.js';
import { registerSqliteHandle } from './prepared-query.js';
import { withStatementCache } from './sqlite-statement-cache.js';
import type { Database } from './schema.js';

/** Which SQL engine a store runs on. */
export type Dialect = 'sqlite' | 'postgres';

/**
 * The store: a Kysely instance over SQLite or PostgreSQL plus the operations that concern the database as a whole.
 * All SQL lives in `src/store/*-queries.ts`; callers reach tables only through those functions.
 */
export interface Store {
  /** Typed query builder; `db.transaction().execute(trx => …)` for transactions. */
  db: Kysely<Database>;
  dialect: Dialect;
  /** Applies every pending migration; returns the names applied. */
  migrate(): Promise<string[]>;
  /** Names of migrations not yet applied (empty when current). Fails when the store is unreachable. */
  pendingMigrations(): Promise<string[]>;
  /** Closes the connections. */
  close(): Promise<void>;
}

/** Options for `createStore`. */
export interface StoreOptions {
  /** PostgreSQL pool size (Default: 10). */
  poolSize?: number;
  /** Told about errors of idle PostgreSQL connections (a server restart, a killed backend). (Default: ignored) */
  onIdleError?: (error: Error) => void;
  /** SQLite `synchronous` pragma (Default: NORMAL: a committed write survives a process crash, fsync at checkpoints). */
  sqliteSynchronous?: 'NORMAL' | 'FULL';
}

// BIGINT (int8) and NUMERIC come back from pg as strings to protect precision beyond 2^53. Every BIGINT here is an
// epoch-millisecond time or a counter, far below that, so read them as numbers like SQLite does.
const INT8_OID = 20;
const pgTypes = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === INT8_OID) return (value: string) => Number(value);
    return pg.types.getTypeParser(oid, format);
  },
};

function openSqlite(file: string, options: StoreOptions): SqliteDatabase.Database {
  if (file !== ':memory:') fs.mkdirSync(path.dirname(file), { recursive: true });
  const handle = new SqliteDatabase(file);
  handle.pragma('journal_mode = WAL');
  handle.pragma(`synchronous = ${options.sqliteSynchronous ?? 'NORMAL'}`);
  handle.pragma('foreign_keys = ON');
  handle.pragma('busy_timeout = 5000');
  return handle;
}

function createMigrator(db: Kysely<Database>, dialect: Dialect): Migrator {
  const provider: MigrationProvider = {
    async getMigrations() {
      const migrations: Record<string, Migration> = {};
      for (const [name, migration] of Object.entries(MIGRATIONS)) {
        migrations[name] = { up: (trx) => migration.up(trx, dialect) };
      }
      return migrations;
    },
  };
  return new Migrator({ db, provider });
}

/** Opens the store the configuration names. Does not migrate: call `migrate()`. */
export function createStore(database: Config['database'], options: StoreOptions = {}): Store {
  const dialect: Dialect = database.dialect;
  let db: Kysely<Database>;
  if (database.dialect === 'postgres') {
    const pool = new pg.Pool({ connectionString: database.url, max: options.poolSize ?? 10, types: pgTypes });
    // Without a listener, an idle connection's error (the server restarting) would crash the process; the pool
    // discards that connection and opens a new one on the next query.
    pool.on('error', (error) => options.onIdleError?.(error));
    db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  } else {
    const handle = openSqlite(database.file, options);
    db = new Kysely<Database>({ dialect: new SqliteDialect({ database: withStatementCache(handle) }) });
    registerSqliteHandle(db, handle);
  }
  const migrator = createMigrator(db, dialect);

  return {
    db,
    dialect,
    async migrate() {
      // PostgreSQL serialises concurrent migrators with a row lock. SQLite has no such lock across processes, so
      // when two processes race (a CLI command beside `serve`), the loser's transaction fails and rolls back: if
      // the winner has applied everything by then, the loser has nothing left to do.
      for (let attempt = 1; ; attempt += 1) {
        const { error, results } = await migrator.migrateToLatest();
        if (!error) return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
        const pending = (await migrator.getMigrations()).filter((info) => info.executedAt === undefined);
        if (dialect !== 'sqlite' || attempt >= 10) throw error;
        if (pending.length === 0) return [];
        // The winner may still be inside its transaction: give it time to commit before looking again.
        await new Promise((resolve) => setTimeout(resolve, 50 * attempt));
      }
    },
    async pendingMigrations() {
      await sql`select 1`.execute(db);
      const infos = await migrator.getMigrations();
      return infos.filter((info) => info.executedAt === undefined).map((info) => info.name);
    },
    close: () => db.destroy(),
  };
}
