import { z } from 'zod';
import type { AppContext } from '../../context.js';
import { accountHealth } from '../../core/accounts/account-health.js';
import type { AccountRow } from '../../store/accounts-queries.js';
import { iso } from '../schemas/common.js';

/** An account in the SDK's SocialAccount shape, plus Outbox's `status`. */
export const accountSchema = z
  .object({
    _id: z.string(),
    platform: z.string(),
    profileId: z.string(),
    username: z.string().optional(),
    displayName: z.string().optional(),
    profilePicture: z.string().nullable(),
    isActive: z.boolean(),
    needsReconnection: z.boolean(),
    status: z.enum(['active', 'needs_reauth', 'disconnected']),
    platformAccountId: z.string(),
    scopes: z.array(z.string()),
    tokenExpiresAt: z.string().optional(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: 'SocialAccount' });

/** Maps a stored account to the API shape; tokens never leave the server. */
export function presentAccount(ctx: AppContext, row: AccountRow): z.infer<typeof accountSchema> {
  const health = accountHealth(ctx, row);
  return {
    _id: row.id,
    platform: row.platform,
    profileId: row.profile_id,
    ...(row.username !== null && { username: row.username }),
    ...(row.display_name !== null && { displayName: row.display_name }),
    profilePicture: row.avatar_url,
    isActive: row.status === 'active',
    needsReconnection: health.needsReconnection,
    status: row.status,
    platformAccountId: row.platform_account_id,
    scopes: health.grantedScopes,
    ...(row.token_expires_at !== null && { tokenExpiresAt: iso(row.token_expires_at) }),
    createdAt: iso(row.created_at),
    updatedAt: iso(row.updated_at),
  };
}
