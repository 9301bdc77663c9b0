import type { AppContext } from '../../context.js';
import { AppError, validationError } from '../../errors.js';
import { findAccountGroup, type AccountGroupRow } from '../../store/account-groups-queries.js';
import { findExistingAccountIds } from '../../store/accounts-queries.js';
import { parseStringArray } from '../../store/errors.js';
import { assertFullScope, visibleProfileIds, type Principal } from '../access/principal.js';

/** An account group as use cases return it. */
export interface AccountGroup {
  id: string;
  name: string;
  accountIds: string[];
  userId: string;
}

/** Maps a row to an AccountGroup; with `visible`, keeps only those account ids. */
export function toGroup(row: AccountGroupRow, visible?: Set<string>): AccountGroup {
  const ids = parseStringArray(row.account_ids);
  return { id: row.id, name: row.name, userId: row.user_id, accountIds: visible ? ids.filter((id) => visible.has(id)) : ids };
}

/** Checks that every id is an account the principal can see; returns them de-duplicated, or throws naming each unknown one. */
export async function checkAccounts(ctx: AppContext, principal: Principal, accountIds: string[]): Promise<string[]> {
  const unique = [...new Set(accountIds)];
  const known = await findExistingAccountIds(ctx.db, principal.userId, unique, visibleProfileIds(principal));
  const issues = accountIds
    .map((id, index) => ({ id, index }))
    .filter(({ id }) => !known.has(id))
    .map(({ id, index }) => ({ field: `accountIds[${index}]`, message: `no connected account with id ${id}` }));
  if (issues.length > 0) throw validationError(issues);
  return unique;
}

/** The 409 for a group name the user already has. */
export function accountGroupNameTaken(name: string): AppError {
  return new AppError('ACCOUNT_GROUP_NAME_TAKEN', `An account group named "${name}" exists already.`, { param: 'name' });
}

/** The group, for a full-scope principal, or ACCOUNT_GROUP_NOT_FOUND. */
export async function requireGroup(ctx: AppContext, principal: Principal, groupId: string): Promise<AccountGroupRow> {
  assertFullScope(principal, 'manage account groups');
  const row = await findAccountGroup(ctx.db, principal.userId, groupId);
  if (!row) throw new AppError('ACCOUNT_GROUP_NOT_FOUND', `No account group ${groupId}.`);
  return row;
}
