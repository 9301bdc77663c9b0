import type { AppContext } from '../../context.js';
import { countProfiles, insertProfile } from '../../store/profiles-queries.js';
import { insertUserIfAbsent, listUsers } from '../../store/users-queries.js';

/**
 * The operator user every instance has. Its id is fixed so that several processes starting at once against the
 * same PostgreSQL database create it exactly once (the insert is a no-op for all but the first).
 */
export const OWNER_USER_ID = '000000000000000000000001';

/** Name given to the profile created on first start. */
export const DEFAULT_PROFILE_NAME = 'Default';

/** Default colour of new profiles. */
export const DEFAULT_PROFILE_COLOR = '#4f46e5';

/** Creates the owner user and, when the owner has no profile yet, the default profile. Safe to run concurrently. */
export async function ensureInstance(ctx: AppContext): Promise<void> {
  const now = ctx.clock.now();
  await insertUserIfAbsent(ctx.db, { id: OWNER_USER_ID, email: 'owner@localhost', name: 'Owner', role: 'owner', created_at: now });
  const users = await listUsers(ctx.db);
  for (const user of users) {
    if ((await countProfiles(ctx.db, { userId: user.id })) > 0) continue;
    try {
      await insertProfile(ctx.db, {
        id: ctx.ids.next(),
        user_id: user.id,
        name: DEFAULT_PROFILE_NAME,
        description: null,
        color: DEFAULT_PROFILE_COLOR,
        is_default: 1,
        created_at: now,
        updated_at: now,
      });
    } catch (error) {
      // Another process created it between our count and insert; one default profile is all we need.
      if ((await countProfiles(ctx.db, { userId: user.id })) === 0) throw error;
    }
  }
}
