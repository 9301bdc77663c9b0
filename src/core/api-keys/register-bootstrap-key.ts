import type { AppContext } from '../../context.js';
import { findApiKeyByHash } from '../../store/api-keys-queries.js';
import { OWNER_USER_ID } from '../instance/ensure-instance.js';
import { hashApiKey, previewApiKey } from './api-key-secret.js';
import { createApiKeyForUser } from './create-api-key.js';

/**
 * Registers `OUTBOX_BOOTSTRAP_API_KEY` as a full-scope key of the owner, once: on later starts with the same value it
 * finds the key by hash and does nothing, so restarts never multiply keys. Deleting it through the API and restarting
 * with the variable still set registers it again, by design: the variable is the operator's way back in.
 */
export async function registerBootstrapKey(ctx: AppContext, key: string): Promise<void> {
  const hash = hashApiKey(key);
  if (await findApiKeyByHash(ctx.db, hash)) return;
  try {
    await createApiKeyForUser(ctx, OWNER_USER_ID, { name: 'bootstrap' }, { key, hash, preview: previewApiKey(key) });
  } catch (error) {
    // A concurrent start registered it first.
    if (!(await findApiKeyByHash(ctx.db, hash))) throw error;
  }
}
