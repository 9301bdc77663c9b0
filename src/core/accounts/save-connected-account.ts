import type { AppContext } from '../../context.js';
import type { PlatformIdentity, PlatformTokens } from '../../platforms/platform-auth.js';
import { findAccountByIdentity, insertAccount, updateAccountRow, type AccountRow } from '../../store/accounts-queries.js';
import { isUniqueViolation } from '../../store/errors.js';

/** Columns holding tokens, encrypted. */
export function tokenColumns(ctx: AppContext, tokens: PlatformTokens, previousRefresh?: string | null) {
  return {
    access_token_enc: ctx.tokenCipher.encrypt(tokens.accessToken),
    // Platforms that do not rotate refresh tokens return none on refresh: keep the one we have.
    refresh_token_enc: tokens.refreshToken !== undefined ? ctx.tokenCipher.encrypt(tokens.refreshToken) : (previousRefresh ?? null),
    token_expires_at: tokens.expiresAt ?? null,
    refresh_expires_at: tokens.refreshExpiresAt ?? null,
  };
}

/**
 * Stores a freshly connected identity: the same identity connected to the same profile again updates its account
 * (fresh tokens, active again) rather than creating a second one.
 */
export async function saveConnectedAccount(
  ctx: AppContext,
  input: { profileId: string; platform: string; tokens: PlatformTokens; identity: PlatformIdentity },
): Promise<{ row: AccountRow; reconnected: boolean }> {
  const now = ctx.clock.now();
  const { identity } = input;
  const profileFields = {
    username: identity.username ?? null,
    display_name: identity.displayName ?? null,
    avatar_url: identity.avatarUrl ?? null,
    scopes: JSON.stringify(input.tokens.scopes),
    metadata: JSON.stringify(identity.metadata ?? {}),
  };
  for (let attempt = 0; attempt < 2; attempt += 1) {
    const existing = await findAccountByIdentity(ctx.db, input.profileId, input.platform, identity.platformAccountId);
    if (existing) {
      const changes = { ...profileFields, ...tokenColumns(ctx, input.tokens), status: 'active' as const, updated_at: now };
      await updateAccountRow(ctx.db, existing.id, changes);
      return { row: { ...existing, ...changes }, reconnected: true };
    }
    const row: AccountRow = {
      id: ctx.ids.next(),
      profile_id: input.profileId,
      platform: input.platform,
      platform_account_id: identity.platformAccountId,
      ...profileFields,
      ...tokenColumns(ctx, input.tokens),
      status: 'active',
      created_at: now,
      updated_at: now,
    };
    try {
      await insertAccount(ctx.db, row);
      return { row, reconnected: false };
    } catch (error) {
      // A concurrent callback for the same identity inserted first: update that account instead.
      if (!isUniqueViolation(error)) throw error;
    }
  }
  throw new Error('account row vanished between insert conflict and update');
}
