import type { AppContext } from '../../context.js';
import { AppError } from '../../errors.js';
import { listAccounts as listRows, type AccountRow } from '../../store/accounts-queries.js';
import { canSeeProfile, visibleProfileIds, type Principal } from '../access/principal.js';

/** Filters and paging of the account list (`page` is 1-based, as in the SDK). */
export interface ListAccountsInput {
  profileId?: string | undefined;
  platform?: string | undefined;
  status?: 'connected' | 'disconnected' | undefined;
  page?: number | undefined;
  limit?: number | undefined;
}

/** The accounts the principal can see, oldest first, with the total before paging. */
export async function listAccounts(ctx: AppContext, principal: Principal, input: ListAccountsInput): Promise<{ rows: AccountRow[]; total: number }> {
  if (input.profileId !== undefined && !canSeeProfile(principal, input.profileId)) {
    throw new AppError('PROFILE_NOT_FOUND', `No profile ${input.profileId}.`, { param: 'profileId' });
  }
  const limit = input.limit;
  return listRows(ctx.db, {
    userId: principal.userId,
    profileIds: input.profileId !== undefined ? [input.profileId] : visibleProfileIds(principal),
    platform: input.platform,
    status: input.status,
    limit,
    skip: limit !== undefined && input.page !== undefined ? (input.page - 1) * limit : undefined,
  });
}
