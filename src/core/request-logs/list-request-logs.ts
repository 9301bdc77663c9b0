import type { AppContext } from '../../context.js';
import { listRequestLogs as listRows, type RequestLogRow } from '../../store/request-logs-queries.js';
import type { Principal } from '../access/principal.js';

/** Filters of the request log listing. */
export interface ListRequestLogsInput {
  apiKeyId?: string | undefined;
  /** Days to look back (Default: 7, at most 90). */
  days?: number | undefined;
  from?: number | undefined;
  to?: number | undefined;
  statusCode?: number | undefined;
  status?: 'success' | 'failed' | 'all' | undefined;
  requestId?: string | undefined;
  limit: number;
  skip: number;
}

/**
 * Recent API requests. A full-scope key sees every key's requests (and may filter by key); a key limited to some
 * profiles sees only its own.
 */
export async function listRequestLogs(
  ctx: AppContext,
  principal: Principal,
  input: ListRequestLogsInput,
): Promise<{ rows: RequestLogRow[]; total: number }> {
  await ctx.requestLogs.flush();
  const apiKeyId = principal.scope === 'full' ? input.apiKeyId : principal.keyId;
  const since = Math.max(input.from ?? 0, ctx.clock.now() - (input.days ?? 7) * 86_400_000);
  const range =
    input.status === 'success' ? { statusMin: 100, statusMax: 399 } : input.status === 'failed' ? { statusMin: 400, statusMax: 599 } : {};
  const statusRange = input.statusCode !== undefined ? { statusMin: input.statusCode, statusMax: input.statusCode } : range;
  return listRows(ctx.db, {
    ...(apiKeyId !== undefined && { apiKeyId }),
    since,
    ...(input.to !== undefined && { until: input.to }),
    ...statusRange,
    ...(input.requestId !== undefined && { requestId: input.requestId }),
    limit: input.limit,
    skip: input.skip,
  });
}
