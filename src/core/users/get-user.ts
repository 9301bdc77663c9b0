import type { AppContext } from '../../context.js';
import { AppError } from '../../errors.js';
import { findUser, type UserRow } from '../../store/users-queries.js';

/** One operator user. */
export async function getUser(ctx: AppContext, userId: string): Promise<UserRow> {
  const row = await findUser(ctx.db, userId);
  if (!row) throw new AppError('USER_NOT_FOUND', `No user ${userId}.`);
  return row;
}
