import type { AppContext } from '../../context.js';
import { listApiKeys as listRows, type ApiKeyRow } from '../../store/api-keys-queries.js';
import { assertFullScope, type Principal } from '../access/principal.js';

/** The principal's user's keys, newest first. Needs a full-scope key. */
export async function listApiKeys(ctx: AppContext, principal: Principal): Promise<ApiKeyRow[]> {
  assertFullScope(principal, 'manage API keys');
  return listRows(ctx.db, principal.userId);
}
