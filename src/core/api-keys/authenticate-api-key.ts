import type { AppContext } from '../../context.js';
import { AppError } from '../../errors.js';
import { findApiKeyByHash, touchApiKey } from '../../store/api-keys-queries.js';
import { parseStringArray } from '../../store/errors.js';
import type { Principal } from '../access/principal.js';
import { hashApiKey } from './api-key-secret.js';

/** `last_used_at` is refreshed at most this often per key (ms), so authentication does not write on every request. */
const TOUCH_INTERVAL_MS = 60_000;
const lastTouchedByContext = new WeakMap<AppContext, Map<string, number>>();

/** Resolves a bearer key to its principal, or throws AUTH_INVALID_KEY for an unknown, deleted or expired key. */
export async function authenticateApiKey(ctx: AppContext, key: string): Promise<Principal> {
  const hash = hashApiKey(key);
  let cached = ctx.apiKeyCache.get(hash);
  let expiresAt: number | null = null;
  if (cached === undefined) {
    const row = await findApiKeyByHash(ctx.db, hash);
    const now = ctx.clock.now();
    if (row && (row.expires_at === null || row.expires_at > now)) {
      cached = {
        keyId: row.id,
        userId: row.user_id,
        scope: row.scope,
        profileIds: parseStringArray(row.profile_ids),
        permission: row.permission,
      };
      expiresAt = row.expires_at;
    } else {
      cached = null;
    }
    // An expiring key is not cached, so it stops working at its expiry instant rather than up to a TTL later.
    if (expiresAt === null) ctx.apiKeyCache.set(hash, cached);
  }
  if (cached === null) throw new AppError('AUTH_INVALID_KEY', 'The API key is unknown, deleted or expired.');
  const now = ctx.clock.now();
  let lastTouched = lastTouchedByContext.get(ctx);
  if (!lastTouched) lastTouchedByContext.set(ctx, (lastTouched = new Map()));
  const touched = lastTouched.get(cached.keyId) ?? 0;
  if (now - touched >= TOUCH_INTERVAL_MS) {
    lastTouched.set(cached.keyId, now);
    touchApiKey(ctx.db, cached.keyId, now).catch((error: unknown) =>
      ctx.logger.warn({ err: error }, 'could not record API key use'),
    );
  }
  return cached;
}
