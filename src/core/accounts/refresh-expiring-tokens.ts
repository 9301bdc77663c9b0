import type { AppContext } from '../../context.js';
import { listAccountsExpiringBefore } from '../../store/accounts-queries.js';
import { getAccessToken } from './get-access-token.js';

/** Tokens expiring within this window are refreshed in the background (ms). */
export const BACKGROUND_REFRESH_WINDOW_MS = 30 * 60_000;
const BATCH = 100;

/**
 * Refreshes every active account whose token expires within the window, so a token is rarely refreshed on the
 * publishing path. Failures are logged and left to the next pass (or to needs_reauth when the platform refuses).
 * Resolves how many accounts were refreshed.
 */
export async function refreshExpiringTokens(ctx: AppContext): Promise<number> {
  const rows = await listAccountsExpiringBefore(ctx.db, ctx.clock.now() + BACKGROUND_REFRESH_WINDOW_MS, BATCH);
  let refreshed = 0;
  for (const row of rows) {
    try {
      await getAccessToken(ctx, row.id, { minValidityMs: BACKGROUND_REFRESH_WINDOW_MS });
      refreshed += 1;
    } catch (error) {
      ctx.logger.warn({ err: error, accountId: row.id, platform: row.platform }, 'background token refresh failed');
    }
  }
  return refreshed;
}
