import type { AppContext } from '../../context.js';
import { AppError } from '../../errors.js';
import { deleteApiKeyRow, findApiKey } from '../../store/api-keys-queries.js';
import { assertFullScope, type Principal } from '../access/principal.js';

/**
 * Deletes a key; requests with it get 401 from then on (at once in this process, within the API key cache's few
 * seconds in others). A key may not delete itself, so a client cannot lock itself out by mistake.
 */
export async function deleteApiKey(ctx: AppContext, principal: Principal, keyId: string): Promise<void> {
  assertFullScope(principal, 'manage API keys');
  const row = await findApiKey(ctx.db, keyId);
  if (!row || row.user_id !== principal.userId) throw new AppError('API_KEY_NOT_FOUND', `No API key ${keyId}.`);
  if (row.id === principal.keyId) {
    throw new AppError('API_KEY_SELF_DELETE', 'An API key cannot delete itself; delete it with another full-scope key.');
  }
  await deleteApiKeyRow(ctx.db, keyId);
  ctx.apiKeyCache.delete(row.key_hash);
}
