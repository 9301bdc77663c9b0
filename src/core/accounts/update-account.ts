import type { AppContext } from '../../context.js';
import { updateAccountRow, type AccountRow } from '../../store/accounts-queries.js';
import type { Principal } from '../access/principal.js';
import { getAccount } from './get-account.js';

/** Renames how an account is shown (username, display name); the platform identity does not change. */
export async function updateAccount(
  ctx: AppContext,
  principal: Principal,
  accountId: string,
  input: { username?: string | undefined; displayName?: string | undefined },
): Promise<AccountRow> {
  const row = await getAccount(ctx, principal, accountId);
  const changes = {
    ...(input.username !== undefined && { username: input.username }),
    ...(input.displayName !== undefined && { display_name: input.displayName }),
    updated_at: ctx.clock.now(),
  };
  await updateAccountRow(ctx.db, accountId, changes);
  return { ...row, ...changes };
}
