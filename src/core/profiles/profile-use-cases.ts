import type { AppContext } from '../../context.js';
import { AppError, validationError } from '../../errors.js';
import { countProfileAccounts } from '../../store/accounts-queries.js';
import { isUniqueViolation } from '../../store/errors.js';
import {
  clearDefaultProfile,
  countProfiles,
  deleteProfileRow,
  findProfile,
  insertProfile,
  listProfiles as listRows,
  updateProfileRow,
  type ProfileRow,
} from '../../store/profiles-queries.js';
import { assertFullScope, canSeeProfile, visibleProfileIds, type Principal } from '../access/principal.js';
import { DEFAULT_PROFILE_COLOR } from '../instance/ensure-instance.js';

/** Fields of a new profile. */
export interface CreateProfileInput {
  name: string;
  description?: string | undefined;
  color?: string | undefined;
}

/** Changes to a profile; `description: null` clears it. */
export interface UpdateProfileInput {
  name?: string | undefined;
  description?: string | null | undefined;
  color?: string | undefined;
  isDefault?: boolean | undefined;
}

/** Paging and filters of the profile list. */
export interface ListProfilesInput {
  name?: string | undefined;
  limit?: number | undefined;
  skip?: number | undefined;
}

function nameTaken(name: string): AppError {
  return new AppError('PROFILE_NAME_TAKEN', `A profile named "${name}" exists already.`, { param: 'name' });
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
    created_at: now,
    updated_at: now,
  };
  try {
    await insertProfile(ctx.db, row);
  } catch (error) {
    if (isUniqueViolation(error)) throw nameTaken(input.name);
    throw error;
  }
  return row;
}

/** The profiles the principal can see; `total` only when paging was asked for, as the SDK documents. */
export async function listProfiles(
  ctx: AppContext,
  principal: Principal,
  input: ListProfilesInput,
): Promise<{ rows: ProfileRow[]; total?: number }> {
  const filter = { userId: principal.userId, ids: visibleProfileIds(principal), name: input.name };
  const rows = await listRows(ctx.db, { ...filter, limit: input.limit, skip: input.skip });
  if (input.limit === undefined && input.skip === undefined) return { rows };
  return { rows, total: await countProfiles(ctx.db, filter) };
}

/** One visible profile, or PROFILE_NOT_FOUND (also for another key's or user's profile, so ids do not leak). */
export async function getProfile(ctx: AppContext, principal: Principal, profileId: string): Promise<ProfileRow> {
  const row = canSeeProfile(principal, profileId) ? await findProfile(ctx.db, principal.userId, profileId) : undefined;
  if (!row) throw new AppError('PROFILE_NOT_FOUND', `No profile ${profileId}.`);
  return row;
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
    if (isUniqueViolation(error) && input.name !== undefined) throw nameTaken(input.name);
    throw error;
  }
  return getProfile(ctx, principal, profileId);
}

/** Deletes a profile that is not the default and has no connected accounts. */
export async function deleteProfile(ctx: AppContext, principal: Principal, profileId: string): Promise<void> {
  const current = await getProfile(ctx, principal, profileId);
  if (current.is_default === 1) {
    throw new AppError('PROFILE_IS_DEFAULT', 'The default profile cannot be deleted; make another profile the default first.');
  }
  const accounts = await countProfileAccounts(ctx.db, profileId);
  if (accounts > 0) {
    throw new AppError('PROFILE_HAS_ACCOUNTS', `The profile still has ${accounts} connected account(s); disconnect them first.`, {
      details: { accounts },
    });
  }
  await deleteProfileRow(ctx.db, profileId);
}
