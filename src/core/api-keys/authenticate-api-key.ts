import type { AppContext } from '../../context.js';
import { AppError } from '../../errors.js';
import { findApiKeyByHash, touchApiKey } from '../../store/api-keys-queries.js';
import { parseStringArray } from '../../store/errors.js';
import type { Principal } from '../access/principal.js';
import { hashApiKey } from './api-key-secret.js';

/** `last_used_at` is refreshed at most this often per key (ms), so authentication does not write on every request. */
const TOUCH_INTERVAL_MS = 60_000;
const lastTouchedByContext = new WeakMap<AppContext, Map<string, number>>();

/**
 * Resolves a bearer key to its principal, or throws AUTH_INVALID_KEY for an unknown, deleted or expired key.
 * A key resolved moments ago is answered from the cache synchronously (a busy client's every request), so the
 * caller need not wait a turn for a promise; otherwise the answer is a promise.
 */
export function authenticateApiKey(ctx: AppContext, key: string): Principal | Promise<Principal> {
  const hash = hashApiKey(key);
  const cached = ctx.apiKeyCache.get(hash);
  if (cached === undefined) return lookUp(ctx, hash).then((principal) => accept(ctx, principal));
  return accept(ctx, cached);
}

async function lookUp(ctx: AppContext, hash: string): Promise<Principal | null> {
  const row = await findApiKeyByHash(ctx.db, hash);
  const now = ctx.clock.now();
  if (!row || (row.expires_at !== null && row.expires_at <= now)) {
    ctx.apiKeyCache.set(hash, null);
    return null;
  }
  const principal: Principal = {
    keyId: row.id,
    userId: row.user_id,
    scope: row.scope,
    profileIds: parseStringArray(row.profile_ids),
    permission: row.permission,
  };
  // An expiring key is not cached, so it stops working at its expiry instant rather than up to a TTL later.
  if (row.expires_at === null) ctx.apiKeyCache.set(hash, principal);
  return principal;
}

function accept(ctx: AppContext, cached: Principal | null): Principal {
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
