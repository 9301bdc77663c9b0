import type { AppContext } from '../../context.js';
import { countProfiles, listProfiles as listRows, type ProfileRow } from '../../store/profiles-queries.js';
import { visibleProfileIds, type Principal } from '../access/principal.js';

/** Paging and filters of the profile list. */
export interface ListProfilesInput {
  name?: string | undefined;
  limit?: number | undefined;
  skip?: number | undefined;
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
