import type { AppContext } from '../../context.js';
import { insertAccountGroup, type AccountGroupRow } from '../../store/account-groups-queries.js';
import { isUniqueViolation } from '../../store/errors.js';
import { assertFullScope, type Principal } from '../access/principal.js';
import { accountGroupNameTaken, checkAccounts, toGroup, type AccountGroup } from './account-group-rules.js';

/** Creates a group of existing accounts. Groups span profiles, so only full-scope keys manage them. */
export async function createAccountGroup(
  ctx: AppContext,
  principal: Principal,
  input: { name: string; accountIds: string[] },
): Promise<AccountGroup> {
  assertFullScope(principal, 'manage account groups');
  const accountIds = await checkAccounts(ctx, principal, input.accountIds);
  const now = ctx.clock.now();
  const row: AccountGroupRow = {
    id: ctx.ids.next(),
    user_id: principal.userId,
    name: input.name,
    account_ids: JSON.stringify(accountIds),
    created_at: now,
    updated_at: now,
  };
  try {
    await insertAccountGroup(ctx.db, row);
  } catch (error) {
    if (isUniqueViolation(error)) throw accountGroupNameTaken(input.name);
    throw error;
  }
  return toGroup(row);
}
