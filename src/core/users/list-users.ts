import type { AppContext } from '../../context.js';
import { listUsers as listRows, type UserRow } from '../../store/users-queries.js';
import type { Principal } from '../access/principal.js';

/** The instance's operator users and which one owns the calling key. */
export async function listUsers(ctx: AppContext, principal: Principal): Promise<{ currentUserId: string; users: UserRow[] }> {
  return { currentUserId: principal.userId, users: await listRows(ctx.db) };
}
