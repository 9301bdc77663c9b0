import type { AppContext } from '../../context.js';
import { AppError, validationError } from '../../errors.js';
import {
  deleteAccountGroupRow,
  findAccountGroup,
  insertAccountGroup,
  listAccountGroups as listRows,
  updateAccountGroupRow,
  type AccountGroupRow,
} from '../../store/account-groups-queries.js';
import { findExistingAccountIds } from '../../store/accounts-queries.js';
import { isUniqueViolation, parseStringArray } from '../../store/errors.js';
import { assertFullScope, visibleProfileIds, type Principal } from '../access/principal.js';

/** An account group as use cases return it. */
export interface AccountGroup {
  id: string;
  name: string;
  accountIds: string[];
  userId: string;
}

function toGroup(row: AccountGroupRow, visible?: Set<string>): AccountGroup {
  const ids = parseStringArray(row.account_ids);
  return { id: row.id, name: row.name, userId: row.user_id, accountIds: visible ? ids.filter((id) => visible.has(id)) : ids };
}

async function checkAccounts(ctx: AppContext, principal: Principal, accountIds: string[]): Promise<string[]> {
  const unique = [...new Set(accountIds)];
  const known = await findExistingAccountIds(ctx.db, principal.userId, unique, visibleProfileIds(principal));
  const issues = accountIds
    .map((id, index) => ({ id, index }))
    .filter(({ id }) => !known.has(id))
    .map(({ id, index }) => ({ field: `accountIds[${index}]`, message: `no connected account with id ${id}` }));
  if (issues.length > 0) throw validationError(issues);
  return unique;
}

function nameTaken(name: string): AppError {
  return new AppError('ACCOUNT_GROUP_NAME_TAKEN', `An account group named "${name}" exists already.`, { param: 'name' });
}

/** Every group of the user; a key limited to some profiles sees only the accounts of its profiles in each group. */
export async function listAccountGroups(ctx: AppContext, principal: Principal): Promise<AccountGroup[]> {
  const rows = await listRows(ctx.db, principal.userId);
  const scoped = visibleProfileIds(principal);
  if (!scoped) return rows.map((row) => toGroup(row));
  const all = rows.flatMap((row) => parseStringArray(row.account_ids));
  const visible = await findExistingAccountIds(ctx.db, principal.userId, [...new Set(all)], scoped);
  return rows.map((row) => toGroup(row, visible));
}

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
    if (isUniqueViolation(error)) throw nameTaken(input.name);
    throw error;
  }
  return toGroup(row);
}

async function requireGroup(ctx: AppContext, principal: Principal, groupId: string): Promise<AccountGroupRow> {
  assertFullScope(principal, 'manage account groups');
  const row = await findAccountGroup(ctx.db, principal.userId, groupId);
  if (!row) throw new AppError('ACCOUNT_GROUP_NOT_FOUND', `No account group ${groupId}.`);
  return row;
}

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
    if (isUniqueViolation(error) && input.name !== undefined) throw nameTaken(input.name);
    throw error;
  }
  return toGroup({ ...current, ...changes });
}

/** Deletes a group (the accounts stay). */
export async function deleteAccountGroup(ctx: AppContext, principal: Principal, groupId: string): Promise<void> {
  await requireGroup(ctx, principal, groupId);
  await deleteAccountGroupRow(ctx.db, groupId);
}
