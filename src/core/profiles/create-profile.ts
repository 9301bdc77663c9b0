import type { AppContext } from '../../context.js';
import { isUniqueViolation } from '../../store/errors.js';
import { insertProfile, type ProfileRow } from '../../store/profiles-queries.js';
import { assertFullScope, type Principal } from '../access/principal.js';
import { DEFAULT_PROFILE_COLOR } from '../instance/ensure-instance.js';
import { profileNameTaken } from './profile-name-taken.js';

/** Fields of a new profile. */
export interface CreateProfileInput {
  name: string;
  description?: string | undefined;
  color?: string | undefined;
  /** Posts wait in pending_approval until approved (Default: false). */
  requiresApproval?: boolean | undefined;
}

/** Creates a profile. Keys limited to some profiles cannot create profiles (they could not see the new one). */
export async function createProfile(ctx: AppContext, principal: Principal, input: CreateProfileInput): Promise<ProfileRow> {
  assertFullScope(principal, 'create profiles');
  const now = ctx.clock.now();
  const row: ProfileRow = {
    id: ctx.ids.next(),
    user_id: principal.userId,
    name: input.name,
    description: input.description ?? null,
    color: input.color ?? DEFAULT_PROFILE_COLOR,
    is_default: 0,
    requires_approval: input.requiresApproval === true ? 1 : 0,
    created_at: now,
    updated_at: now,
  };
  try {
    await insertProfile(ctx.db, row);
  } catch (error) {
    if (isUniqueViolation(error)) throw profileNameTaken(input.name);
    throw error;
  }
  return row;
}
