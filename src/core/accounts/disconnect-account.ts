import type { AppContext } from '../../context.js';
import { updateAccountRow } from '../../store/accounts-queries.js';
import type { Principal } from '../access/principal.js';
import { getAccount } from './get-account.js';

/**
 * Disconnects an account: revokes its token at the platform where the platform offers that (best effort: a
 * platform that is down must not keep the user from disconnecting), wipes the stored tokens and marks it
 * disconnected. The row stays, so posts that went out through it keep their history; connecting the same identity
 * again revives it.
 */
export async function disconnectAccount(ctx: AppContext, principal: Principal, accountId: string): Promise<{ revoked: boolean }> {
  const row = await getAccount(ctx, principal, accountId);
  const adapter = ctx.platforms.get(row.platform);
  let revoked = false;
  if (adapter?.auth.revoke && row.access_token_enc !== null && row.status !== 'disconnected') {
    try {
      await adapter.auth.revoke(ctx.tokenCipher.decrypt(row.access_token_enc));
      revoked = true;
    } catch (error) {
      ctx.logger.warn({ err: error, accountId }, 'token revocation failed; disconnecting anyway');
    }
  }
  await updateAccountRow(ctx.db, accountId, {
    status: 'disconnected',
    access_token_enc: null,
    refresh_token_enc: null,
    token_expires_at: null,
    refresh_expires_at: null,
    updated_at: ctx.clock.now(),
  });
  ctx.events.emit('account:disconnected', { accountId, profileId: row.profile_id, platform: row.platform });
  return { revoked };
}
