import type SqliteDatabase from 'better-sqlite3';
import type { Compilable, CompiledQuery, Kysely } from 'kysely';
import type { Database } from './schema.js';

/*
 * Queries that run on every API request, built with Kysely once instead of per call. Building and compiling a
 * Kysely query costs tens of microseconds, as much as a simple SQLite query itself; the hot queries have a fixed
 * shape, so they are compiled once per store with placeholders and then only bound to values.
 *
 * On SQLite they also skip Kysely's executor: the statement runs directly on the better-sqlite3 handle and reads
 * rows as arrays (better-sqlite3 builds row objects slowly, property by property through the C++ API). That is
 * safe only outside a transaction: Kysely holds SQLite's single connection for the length of a transaction,
 * across awaits, and a statement run beside it would join that transaction. So while one is open, and on
 * PostgreSQL, the compiled query goes through Kysely's executor like any other.
 */

const PLACEHOLDER_PREFIX = '\u0000outbox-param:';

/** SQLite stores whose handle prepared queries may use directly. */
const sqliteHandles = new WeakMap<Kysely<Database>, SqliteDatabase.Database>();

/** Lets prepared queries run on `handle` directly when called with `db` (the store's root Kysely instance). */
export function registerSqliteHandle(db: Kysely<Database>, handle: SqliteDatabase.Database): void {
  sqliteHandles.set(db, handle);
}

/** A query compiled once per store and run with different values. */
export interface PreparedQuery<P, R> {
  /** Every row. */
  all(db: Kysely<Database>, params: P): Promise<R[]>;
  /** The first row, or undefined. */
  first(db: Kysely<Database>, params: P): Promise<R | undefined>;
  /** Runs a statement that returns no rows; resolves the number of rows it changed. */
  run(db: Kysely<Database>, params: P): Promise<number>;
  /**
   * Runs the statement once per entry of `batch`, all in one transaction. On SQLite outside a transaction the batch
   * runs synchronously; otherwise `fallback` writes it (a multi-row statement is cheaper there than a loop).
   */
  runBatch(db: Kysely<Database>, batch: readonly P[], fallback: () => Promise<void>): Promise<void>;
}

/** A compiled query with, for each parameter, the name it is bound from or the constant it always has. */
interface Template {
  compiled: CompiledQuery;
  slots: Array<{ name: string } | { value: unknown }>;
}

function compileTemplate<P>(db: Kysely<Database>, build: (db: Kysely<Database>, params: P) => Compilable<unknown>): Template {
  const placeholders = new Proxy({}, { get: (_target, name) => `${PLACEHOLDER_PREFIX}${String(name)}` }) as P;
  const compiled = build(db, placeholders).compile();
  const slots = compiled.parameters.map((value) =>
    typeof value === 'string' && value.startsWith(PLACEHOLDER_PREFIX) ? { name: value.slice(PLACEHOLDER_PREFIX.length) } : { value },
  );
  return { compiled, slots };
}

function bind<P>(template: Template, params: P): unknown[] {
  const values = new Array<unknown>(template.slots.length);
  for (let i = 0; i < values.length; i += 1) {
    const slot = template.slots[i]!;
    // better-sqlite3 refuses undefined; every driver stores it as NULL.
    values[i] = 'name' in slot ? ((params as Record<string, unknown>)[slot.name] ?? null) : slot.value;
  }
  return values;
}

/** A statement prepared on one SQLite handle, with the row shape of its results. */
interface SqliteTemplate {
  template: Template;
  statement: SqliteDatabase.Statement;
  columns: string[];
  /** Runs the statement for each set of values, in one transaction. */
  runEach: (batch: unknown[][]) => void;
}

/** Rows as better-sqlite3 would build them, from the arrays `raw` mode returns. */
function toRows(columns: string[], arrays: unknown[][]): Record<string, unknown>[] {
  const rows = new Array<Record<string, unknown>>(arrays.length);
  for (let r = 0; r < arrays.length; r += 1) {
    const values = arrays[r]!;
    const row: Record<string, unknown> = {};
    for (let c = 0; c < columns.length; c += 1) row[columns[c]!] = values[c];
    rows[r] = row;
  }
  return rows;
}

/**
 * Prepares a query. `build` receives placeholders for the parameters, as properties of `params`; use each only as
 * a value (a `where` operand, an inserted value), never to shape the query, since it is built once.
 */
export function prepareQuery<P, R>(build: (db: Kysely<Database>, params: P) => Compilable<R>): PreparedQuery<P, R> {
  const templates = new WeakMap<Kysely<Database>, Template>();
  const sqliteTemplates = new WeakMap<SqliteDatabase.Database, SqliteTemplate>();

  const templateFor = (db: Kysely<Database>): Template => {
    let template = templates.get(db);
    if (!template) {
      template = compileTemplate(db, build);
      // A transaction is short-lived: compiling for it is cheaper than keeping one entry per transaction.
      if (!db.isTransaction) templates.set(db, template);
    }
    return template;
  };

  /** The direct SQLite route, when `db` is a store's root instance and no transaction holds the connection. */
  const direct = (db: Kysely<Database>): SqliteTemplate | undefined => {
    const handle = sqliteHandles.get(db);
    if (!handle || handle.inTransaction) return undefined;
    let prepared = sqliteTemplates.get(handle);
    if (!prepared) {
      const template = templateFor(db);
      const statement = handle.prepare(template.compiled.sql);
      const columns = statement.reader ? statement.columns().map((column) => column.name) : [];
      if (statement.reader) statement.raw(true);
      const runEach = handle.transaction((batch: unknown[][]) => {
        for (const values of batch) statement.run(values);
      });
      prepared = { template, statement, columns, runEach };
      sqliteTemplates.set(handle, prepared);
    }
    return prepared;
  };

  const viaKysely = (db: Kysely<Database>, params: P) => {
    const template = templateFor(db);
    return db.executeQuery<R>({ ...template.compiled, parameters: bind(template, params) });
  };

  return {
    async all(db, params) {
      const fast = direct(db);
      if (fast) return toRows(fast.columns, fast.statement.all(bind(fast.template, params)) as unknown[][]) as R[];
      return (await viaKysely(db, params)).rows;
    },
    async first(db, params) {
      const fast = direct(db);
      if (fast) {
        const values = fast.statement.get(bind(fast.template, params)) as unknown[] | undefined;
        return values === undefined ? undefined : (toRows(fast.columns, [values])[0] as R);
      }
      return (await viaKysely(db, params)).rows[0];
    },
    async run(db, params) {
      const fast = direct(db);
      if (fast) return fast.statement.run(bind(fast.template, params)).changes;
      return Number((await viaKysely(db, params)).numAffectedRows ?? 0);
    },
    async runBatch(db, batch, fallback) {
      if (batch.length === 0) return;
      const fast = direct(db);
      if (!fast) return fallback();
      fast.runEach(batch.map((params) => bind(fast.template, params)));
    },
  };
}
