import type { AppContext } from '../../context.js';
import { AppError } from '../../errors.js';
import { countProfileAccounts, deleteDisconnectedAccounts } from '../../store/accounts-queries.js';
import { deleteProfileRow } from '../../store/profiles-queries.js';
import { deleteQueueRows } from '../../store/queue-queries.js';
import type { Principal } from '../access/principal.js';
import { getProfile } from './get-profile.js';

/**
 * Deletes a profile that is not the default and has no connected accounts. Its disconnected accounts (kept for
 * history, their tokens already wiped) and its queues go with it, in the same transaction.
 */
export async function deleteProfile(ctx: AppContext, principal: Principal, profileId: string): Promise<void> {
  const current = await getProfile(ctx, principal, profileId);
  if (current.is_default === 1) {
    throw new AppError('PROFILE_IS_DEFAULT', 'The default profile cannot be deleted; make another profile the default first.');
  }
  const accounts = await countProfileAccounts(ctx.db, profileId);
  if (accounts > 0) {
    throw new AppError('PROFILE_HAS_ACCOUNTS', `The profile still has ${accounts} connected account(s); disconnect them first.`, {
      details: { accounts },
    });
  }
  await ctx.db.transaction().execute(async (trx) => {
    await deleteDisconnectedAccounts(trx, profileId);
    await deleteQueueRows(trx, profileId);
    await deleteProfileRow(trx, profileId);
  });
}
