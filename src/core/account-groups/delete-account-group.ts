import type { AppContext } from '../../context.js';
import { deleteAccountGroupRow } from '../../store/account-groups-queries.js';
import type { Principal } from '../access/principal.js';
import { requireGroup } from './account-group-rules.js';

/** Deletes a group (the accounts stay). */
export async function deleteAccountGroup(ctx: AppContext, principal: Principal, groupId: string): Promise<void> {
  await requireGroup(ctx, principal, groupId);
  await deleteAccountGroupRow(ctx.db, groupId);
}
