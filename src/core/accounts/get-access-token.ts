import type { Kysely } from 'kysely';
import type { AppContext } from '../../context.js';
import { AppError } from '../../errors.js';
import { PlatformError } from '../../platforms/platform-error.js';
import { findAccountById, updateAccountRow, type AccountRow } from '../../store/accounts-queries.js';
import type { Database } from '../../store/schema.js';
import { platformFailure } from './platform-failure.js';
import { tokenColumns } from './save-connected-account.js';

/** A token with less than this left is refreshed before use (ms). */
export const ON_DEMAND_REFRESH_MARGIN_MS = 5 * 60_000;

/** Options of `getAccessToken`. */
export interface AccessTokenOptions {
  /** Refresh when the token has less than this left (Default: ON_DEMAND_REFRESH_MARGIN_MS). */
  minValidityMs?: number;
  /**
   * The token a platform just refused as expired. If the stored token is still this one it is refreshed whatever
   * its recorded expiry; if another caller refreshed meanwhile, the new token is returned without a second refresh.
   */
  rejectedToken?: string;
}

// One refresh at a time per account and context (a context is one process's view of the store); the row lock on
// PostgreSQL extends that across processes.
const inFlightByContext = new WeakMap<AppContext, Map<string, Promise<string>>>();

function usableToken(ctx: AppContext, row: AccountRow, options: AccessTokenOptions): string | undefined {
  if (row.status === 'disconnected') throw new AppError('ACCOUNT_DISCONNECTED', `Account ${row.id} was disconnected.`);
  if (row.status === 'needs_reauth') {
    throw new AppError('ACCOUNT_NEEDS_REAUTH', `Account ${row.id} must be reconnected.`, { details: { accountId: row.id } });
  }
  if (row.access_token_enc === null) throw new AppError('ACCOUNT_NEEDS_REAUTH', `Account ${row.id} has no token.`);
  const token = ctx.tokenCipher.decrypt(row.access_token_enc);
  if (options.rejectedToken !== undefined) return token === options.rejectedToken ? undefined : token;
  const margin = options.minValidityMs ?? ON_DEMAND_REFRESH_MARGIN_MS;
  if (row.token_expires_at === null || row.token_expires_at - ctx.clock.now() > margin) return token;
  // Without a refresh token nothing can be done early; use the token until the platform refuses it.
  return row.refresh_token_enc === null ? token : undefined;
}

/** Marks the account needs_reauth, emits account:needs_reauth, and returns the ACCOUNT_NEEDS_REAUTH error to throw. */
export async function markNeedsReauth(ctx: AppContext, row: AccountRow, reason: string): Promise<AppError> {
  await updateAccountRow(ctx.db, row.id, { status: 'needs_reauth', updated_at: ctx.clock.now() });
  ctx.events.emit('account:needs_reauth', { accountId: row.id, profileId: row.profile_id, platform: row.platform, reason });
  return new AppError('ACCOUNT_NEEDS_REAUTH', `The platform refused to refresh account ${row.id}: ${reason}. Reconnect it.`, {
    details: { accountId: row.id, reason },
  });
}

/** A refreshed token, or the reason the platform refused to refresh (recorded once the lock is released). */
type RefreshOutcome = { token: string } | { refused: string; row: AccountRow };

async function refreshLocked(ctx: AppContext, db: Kysely<Database>, accountId: string, options: AccessTokenOptions): Promise<RefreshOutcome> {
  const row = await findAccountById(db, accountId, ctx.store.dialect === 'postgres');
  if (!row) throw new AppError('ACCOUNT_NOT_FOUND', `No account ${accountId}.`);
  // Re-checked under the lock: another process may have refreshed while this one waited.
  const current = usableToken(ctx, row, options);
  if (current !== undefined) return { token: current };
  const adapter = ctx.platforms.get(row.platform);
  if (!adapter || row.refresh_token_enc === null) return { refused: 'no refresh token', row };
  let tokens;
  try {
    tokens = await adapter.auth.refresh(ctx.tokenCipher.decrypt(row.refresh_token_enc));
  } catch (error) {
    if (error instanceof PlatformError && (error.kind === 'auth_revoked' || error.kind === 'auth_expired')) {
      // Without a row lock (SQLite) another process may have used this refresh token a moment ago: its rotated
      // tokens are then stored, and the refusal only means ours was already spent.
      const latest = await findAccountById(db, accountId);
      if (latest && latest.refresh_token_enc !== row.refresh_token_enc && latest.access_token_enc !== null && latest.status === 'active') {
        return { token: ctx.tokenCipher.decrypt(latest.access_token_enc) };
      }
      return { refused: error.platformCode ?? error.message, row };
    }
    if (error instanceof PlatformError && error.kind === 'content_rejected') {
      ctx.logger.error({ err: error, platform: row.platform }, 'the platform refused the app\'s refresh request: check its credentials');
    }
    throw platformFailure(error);
  }
  // The rotated refresh token is stored in the same statement as the access token: never one without the other.
  await updateAccountRow(db, row.id, { ...tokenColumns(ctx, tokens, row.refresh_token_enc), updated_at: ctx.clock.now() });
  ctx.events.emit('account:token_refreshed', { accountId: row.id, platform: row.platform, expiresAt: tokens.expiresAt ?? null });
  return { token: tokens.accessToken };
}

async function refresh(ctx: AppContext, accountId: string, options: AccessTokenOptions): Promise<string> {
  // PostgreSQL: hold the account row (FOR UPDATE) across the refresh so processes take turns. SQLite serves one
  // process, where the in-flight map already serialises, and a transaction would block every other query meanwhile.
  const outcome =
    ctx.store.dialect === 'postgres'
      ? await ctx.db.transaction().execute((trx) => refreshLocked(ctx, trx, accountId, options))
      : await refreshLocked(ctx, ctx.db, accountId, options);
  if ('token' in outcome) return outcome.token;
  throw await markNeedsReauth(ctx, outcome.row, outcome.refused);
}

/**
 * A valid access token for the account, refreshed first when it is about to expire (or was just refused). Refreshes
 * are single-flight per account: refresh tokens rotate, so two concurrent refreshes would invalidate each other.
 * A refused refresh marks the account needs_reauth, emits `account:needs_reauth` and throws ACCOUNT_NEEDS_REAUTH.
 */
export async function getAccessToken(ctx: AppContext, accountId: string, options: AccessTokenOptions = {}): Promise<string> {
  const row = await findAccountById(ctx.db, accountId);
  if (!row) throw new AppError('ACCOUNT_NOT_FOUND', `No account ${accountId}.`);
  const token = usableToken(ctx, row, options);
  if (token !== undefined) return token;
  let inFlight = inFlightByContext.get(ctx);
  if (!inFlight) inFlightByContext.set(ctx, (inFlight = new Map()));
  const running = inFlight.get(accountId);
  if (running) return running;
  const started = refresh(ctx, accountId, options).finally(() => inFlight.delete(accountId));
  inFlight.set(accountId, started);
  return started;
}
