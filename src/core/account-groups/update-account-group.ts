import type { AppContext } from '../../context.js';
import { updateAccountGroupRow } from '../../store/account-groups-queries.js';
import { isUniqueViolation } from '../../store/errors.js';
import type { Principal } from '../access/principal.js';
import { accountGroupNameTaken, checkAccounts, requireGroup, toGroup, type AccountGroup } from './account-group-rules.js';

/** Renames a group or replaces its accounts. */
export async function updateAccountGroup(
  ctx: AppContext,
  principal: Principal,
  groupId: string,
  input: { name?: string | undefined; accountIds?: string[] | undefined },
): Promise<AccountGroup> {
  const current = await requireGroup(ctx, principal, groupId);
  const accountIds = input.accountIds ? await checkAccounts(ctx, principal, input.accountIds) : undefined;
  const changes = {
    ...(input.name !== undefined && { name: input.name }),
    ...(accountIds && { account_ids: JSON.stringify(accountIds) }),
    updated_at: ctx.clock.now(),
  };
  try {
    await updateAccountGroupRow(ctx.db, groupId, changes);
  } catch (error) {
    if (isUniqueViolation(error) && input.name !== undefined) throw accountGroupNameTaken(input.name);
    throw error;
  }
  return toGroup({ ...current, ...changes });
}
