import type { AppContext } from '../../context.js';
import { validationError } from '../../errors.js';
import { isUniqueViolation } from '../../store/errors.js';
import { clearDefaultProfile, updateProfileRow, type ProfileRow } from '../../store/profiles-queries.js';
import type { Principal } from '../access/principal.js';
import { getProfile } from './get-profile.js';
import { profileNameTaken } from './profile-name-taken.js';

/** Changes to a profile; `description: null` clears it. */
export interface UpdateProfileInput {
  name?: string | undefined;
  description?: string | null | undefined;
  color?: string | undefined;
  isDefault?: boolean | undefined;
  /** Posts created from now on wait for approval; posts already waiting keep waiting. */
  requiresApproval?: boolean | undefined;
}

/** Updates a profile. Making it the default clears the flag on the previous default in the same transaction. */
export async function updateProfile(
  ctx: AppContext,
  principal: Principal,
  profileId: string,
  input: UpdateProfileInput,
): Promise<ProfileRow> {
  const current = await getProfile(ctx, principal, profileId);
  if (input.isDefault === false && current.is_default === 1) {
    throw validationError([{ field: 'isDefault', message: 'the default profile cannot be unset; set isDefault on another profile instead' }]);
  }
  const changes = {
    ...(input.name !== undefined && { name: input.name }),
    ...(input.description !== undefined && { description: input.description }),
    ...(input.color !== undefined && { color: input.color }),
    ...(input.requiresApproval !== undefined && { requires_approval: input.requiresApproval ? (1 as const) : (0 as const) }),
    updated_at: ctx.clock.now(),
  };
  try {
    await ctx.db.transaction().execute(async (trx) => {
      if (input.isDefault === true && current.is_default === 0) {
        await clearDefaultProfile(trx, principal.userId);
        await updateProfileRow(trx, profileId, { ...changes, is_default: 1 });
      } else {
        await updateProfileRow(trx, profileId, changes);
      }
    });
  } catch (error) {
    if (isUniqueViolation(error) && input.name !== undefined) throw profileNameTaken(input.name);
    throw error;
  }
  return getProfile(ctx, principal, profileId);
}
