import type { Insertable, Kysely, Selectable } from 'kysely';
import { prepareQuery } from './prepared-query.js';
import type { Database, RequestLogsTable } from './schema.js';

/** A stored request log row. */
export type RequestLogRow = Selectable<RequestLogsTable>;
/** A request log row to insert. */
export type NewRequestLog = Insertable<RequestLogsTable>;

/** Rows per INSERT statement: a fixed size keeps the statement text, and so its prepared form, reusable. */
const INSERT_CHUNK = 50;

const insertOne = prepareQuery((db, p: NewRequestLog) =>
  db.insertInto('request_logs').values({
    request_id: p.request_id,
    api_key_id: p.api_key_id,
    method: p.method,
    path: p.path,
    route: p.route,
    status_code: p.status_code,
    duration_ms: p.duration_ms,
    error_code: p.error_code,
    ip: p.ip,
    user_agent: p.user_agent,
    created_at: p.created_at,
  }),
);

/** Inserts a batch of request logs in one transaction. */
export async function insertRequestLogs(db: Kysely<Database>, rows: NewRequestLog[]): Promise<void> {
  if (rows.length === 0) return;
  // Over a network round trips dominate, so there a chunk of rows goes in each statement.
  await insertOne.runBatch(db, rows, () => insertChunks(db, rows));
}

async function insertChunks(db: Kysely<Database>, rows: NewRequestLog[]): Promise<void> {
  await db.transaction().execute(async (trx) => {
    for (let start = 0; start < rows.length; start += INSERT_CHUNK) {
      await trx.insertInto('request_logs').values(rows.slice(start, start + INSERT_CHUNK)).execute();
    }
  });
}

/** Filters for `listRequestLogs`. */
export interface RequestLogFilter {
  /** Only this key's requests; undefined for every key. */
  apiKeyId?: string;
  since?: number;
  until?: number;
  statusMin?: number;
  statusMax?: number;
  requestId?: string;
  limit: number;
  skip: number;
}

/** Request logs, newest first, with the total before paging. */
export async function listRequestLogs(
  db: Kysely<Database>,
  filter: RequestLogFilter,
): Promise<{ rows: RequestLogRow[]; total: number }> {
  let query = db.selectFrom('request_logs').where('api_key_id', 'is not', null);
  if (filter.apiKeyId !== undefined) query = query.where('api_key_id', '=', filter.apiKeyId);
  if (filter.since !== undefined) query = query.where('created_at', '>=', filter.since);
  if (filter.until !== undefined) query = query.where('created_at', '<', filter.until);
  if (filter.statusMin !== undefined) query = query.where('status_code', '>=', filter.statusMin);
  if (filter.statusMax !== undefined) query = query.where('status_code', '<=', filter.statusMax);
  if (filter.requestId !== undefined) query = query.where('request_id', '=', filter.requestId);
  const [rows, count] = await Promise.all([
    query.selectAll().orderBy('created_at', 'desc').orderBy('id', 'desc').limit(filter.limit).offset(filter.skip).execute(),
    query.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.n) };
}

/** Deletes logs older than `before`; resolves how many. */
export async function deleteRequestLogsBefore(db: Kysely<Database>, before: number): Promise<number> {
  const result = await db.deleteFrom('request_logs').where('created_at', '<', before).executeTakeFirst();
  return Number(result.numDeletedRows);
}
