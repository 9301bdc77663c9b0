import type { AppContext } from '../../context.js';
import { listAccountGroups as listRows } from '../../store/account-groups-queries.js';
import { findExistingAccountIds } from '../../store/accounts-queries.js';
import { parseStringArray } from '../../store/errors.js';
import { visibleProfileIds, type Principal } from '../access/principal.js';
import { toGroup, type AccountGroup } from './account-group-rules.js';

/** Every group of the user; a key limited to some profiles sees only the accounts of its profiles in each group. */
export async function listAccountGroups(ctx: AppContext, principal: Principal): Promise<AccountGroup[]> {
  const rows = await listRows(ctx.db, principal.userId);
  const scoped = visibleProfileIds(principal);
  if (!scoped) return rows.map((row) => toGroup(row));
  const all = rows.flatMap((row) => parseStringArray(row.account_ids));
  const visible = await findExistingAccountIds(ctx.db, principal.userId, [...new Set(all)], scoped);
  return rows.map((row) => toGroup(row, visible));
}
