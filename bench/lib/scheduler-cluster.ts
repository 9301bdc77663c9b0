import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import Database from 'better-sqlite3';
import pg from 'pg';

/** One process of the scheduler benchmark (bench/lib/scheduler-child.mjs). */
export interface Child {
  /** The origin a server child listens on; empty for workers. */
  url: string;
  /** Sends a message over the IPC channel. */
  send(message: unknown): void;
  /** Asks the child to stop; resolves with the message it sent while stopping, if any. */
  stop(): Promise<Record<string, number> | undefined>;
}

const START_TIMEOUT_MS = 60_000;

/** Forks the benchmark's child entry with `env` added and resolves once it reports ready. */
export async function startChild(env: Record<string, string>): Promise<Child> {
  const child = fork(fileURLToPath(new URL('./scheduler-child.mjs', import.meta.url)), [], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  let stats: Record<string, number> | undefined;
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill();
      reject(new Error(`the ${env['BENCH_ROLE']} child did not start within ${START_TIMEOUT_MS} ms`));
    }, START_TIMEOUT_MS);
    child.on('message', (message: { type: string; url?: string }) => {
      if (message.type === 'ready') {
        clearTimeout(timer);
        resolve(message.url ?? '');
      } else if (message.type === 'stats') {
        stats = message as unknown as Record<string, number>;
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the ${env['BENCH_ROLE']} child exited with code ${code} before it was ready`));
    });
  });
  return {
    url,
    send: (message) => {
      if (child.connected) child.send(message as never);
    },
    async stop() {
      if (child.exitCode === null && child.connected) child.send({ type: 'stop' });
      await exited;
      return stats;
    },
  };
}

/** Plain SQL against the benchmark's store, PostgreSQL or the SQLite file a child also has open. */
export interface Sql {
  dialect: 'sqlite' | 'postgres';
  rows<T = Record<string, unknown>>(text: string): Promise<T[]>;
  close(): Promise<void>;
}

export function openSql(database: { dialect: 'sqlite'; file: string } | { dialect: 'postgres'; url: string }): Sql {
  if (database.dialect === 'postgres') {
    const pool = new pg.Pool({ connectionString: database.url, max: 2 });
    return {
      dialect: 'postgres',
      async rows<T>(text: string) {
        return (await pool.query(text)).rows as T[];
      },
      close: () => pool.end(),
    };
  }
  const db = new Database(database.file);
  db.pragma('busy_timeout = 10000');
  return {
    dialect: 'sqlite',
    async rows<T>(text: string) {
      const statement = db.prepare(text);
      if (statement.reader) return statement.all() as T[];
      statement.run();
      return [];
    },
    async close() {
      db.close();
    },
  };
}

/** A SQL string literal; only the benchmark's own ids and words go through it. */
export const lit = (value: string) => `'${value.replace(/'/g, "''")}'`;

/** Numbers of the form 1..n as a CTE `s(g)`, fast on each dialect. */
function series(dialect: Sql['dialect'], count: number): string {
  return dialect === 'postgres'
    ? `s(g) as (select generate_series(1, ${count}))`
    : `s(g) as (select 1 union all select g + 1 from s where g < ${count})`;
}

/** A post created through the API whose rows the bulk seeding copies. */
export interface Template {
  postId: string;
  targetId: string;
  postColumns: string[];
  targetColumns: string[];
}

export async function readTemplate(sql: Sql, postId: string): Promise<Template> {
  const [post] = await sql.rows(`select * from posts where id = ${lit(postId)}`);
  const [target] = await sql.rows<{ id: string }>(`select * from post_targets where post_id = ${lit(postId)}`);
  if (!post || !target) throw new Error(`template post ${postId} has no rows`);
  return { postId, targetId: target.id, postColumns: Object.keys(post), targetColumns: Object.keys(target) };
}

/** What to seed: `count` one-target posts, copies of the template, spread over `accounts`. */
export interface SeedOptions {
  count: number;
  /** Prefix of the new ids, unique per seeding. */
  prefix: string;
  accounts: string[];
  /** When the first target is due (epoch ms). */
  runAt: number;
  /** Added to `runAt` per further target (Default: 0, all due at the same instant). */
  stepMs?: number;
}

/**
 * Bulk-inserts `count` posts with one scheduled target each, as the API would have stored them (the rows are copies
 * of the template's, with new ids, an account, a content suffix and a due time): one INSERT … SELECT per table over a
 * generated series, so a million rows take seconds instead of a million round trips.
 */
export async function seedTargets(sql: Sql, template: Template, options: SeedOptions): Promise<void> {
  const accounts = options.accounts.map((id, n) => `(${n}, ${lit(id)})`).join(', ');
  const due = `(${options.runAt} + g * ${options.stepMs ?? 0})`;
  const id = `(${lit(options.prefix)} || g)`;
  const postValues: Record<string, string> = { id, content: `(content || ' ' || ${id})`, scheduled_for: due, status: `'scheduled'` };
  const targetValues: Record<string, string> = { id, post_id: id, account_id: 'a.id', scheduled_for: due, run_at: due, status: `'scheduled'` };
  const insert = (table: string, columns: string[], values: Record<string, string>, templateId: string) =>
    `with recursive ${series(sql.dialect, options.count)}, a(n, id) as (values ${accounts}) ` +
    `insert into ${table} (${columns.join(', ')}) ` +
    `select ${columns.map((c) => values[c] ?? `t.${c}`).join(', ')} from ${table} t cross join s join a on a.n = g % ${options.accounts.length} ` +
    `where t.id = ${lit(templateId)}`;
  await sql.rows(insert('posts', template.postColumns, postValues, template.postId));
  await sql.rows(insert('post_targets', template.targetColumns, targetValues, template.targetId));
}

/** Nearest-rank percentile of sorted values. */
export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

export function median(values: number[]): number {
  return percentile([...values].sort((a, b) => a - b), 50);
}
