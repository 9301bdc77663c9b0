import type { AppContext } from '../../context.js';
import { AppError } from '../../errors.js';
import { findAccount, type AccountRow } from '../../store/accounts-queries.js';
import { canSeeProfile, type Principal } from '../access/principal.js';

/** One account the principal can see, or ACCOUNT_NOT_FOUND (also for other profiles' accounts, so ids do not leak). */
export async function getAccount(ctx: AppContext, principal: Principal, accountId: string): Promise<AccountRow> {
  const row = await findAccount(ctx.db, principal.userId, accountId);
  if (!row || !canSeeProfile(principal, row.profile_id)) throw new AppError('ACCOUNT_NOT_FOUND', `No account ${accountId}.`);
  return row;
}
