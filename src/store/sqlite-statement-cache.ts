import type SqliteDatabase from 'better-sqlite3';
import type { SqliteDatabase as KyselySqliteDatabase, SqliteStatement } from 'kysely';

/** Prepared statements kept per connection (Default: 500); the least recently used is dropped beyond that. */
const DEFAULT_CAPACITY = 500;

/**
 * Gives Kysely a better-sqlite3 connection that reuses prepared statements. Kysely prepares every query afresh, and
 * on SQLite compiling the statement is a large share of a simple query's cost; the same few hundred query shapes
 * repeat all day, so each is compiled once. Kysely runs one query at a time per connection, so a cached statement
 * is never used by two queries at once.
 */
export function withStatementCache(handle: SqliteDatabase.Database, capacity = DEFAULT_CAPACITY): KyselySqliteDatabase {
  const cache = new Map<string, SqliteStatement>();
  return {
    close: () => {
      cache.clear();
      handle.close();
    },
    prepare(sql) {
      const cached = cache.get(sql);
      if (cached) {
        cache.delete(sql);
        cache.set(sql, cached);
        return cached;
      }
      const statement = handle.prepare(sql) as unknown as SqliteStatement;
      cache.set(sql, statement);
      if (cache.size > capacity) cache.delete(cache.keys().next().value as string);
      return statement;
    },
  };
}
