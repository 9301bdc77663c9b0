import type { AppContext } from '../../context.js';
import { AppError } from '../../errors.js';
import { findProfile, type ProfileRow } from '../../store/profiles-queries.js';
import { canSeeProfile, type Principal } from '../access/principal.js';

/** One visible profile, or PROFILE_NOT_FOUND (also for another key's or user's profile, so ids do not leak). */
export async function getProfile(ctx: AppContext, principal: Principal, profileId: string): Promise<ProfileRow> {
  const row = canSeeProfile(principal, profileId) ? await findProfile(ctx.db, principal.userId, profileId) : undefined;
  if (!row) throw new AppError('PROFILE_NOT_FOUND', `No profile ${profileId}.`);
  return row;
}
