import type { AppContext } from '../../context.js';
import { parseStringArray } from '../../store/errors.js';
import type { AccountRow } from '../../store/accounts-queries.js';
import { BACKGROUND_REFRESH_WINDOW_MS } from './refresh-expiring-tokens.js';

/** What Outbox knows about an account's ability to publish, without calling the platform. */
export interface AccountHealth {
  status: 'healthy' | 'warning' | 'error';
  tokenValid: boolean;
  tokenExpiresAt: number | null;
  needsRefresh: boolean;
  needsReconnection: boolean;
  grantedScopes: string[];
  requiredScopes: string[];
  missingScopes: string[];
  canPost: boolean;
  issues: string[];
  recommendations: string[];
}

/** Assesses an account from its stored state: token validity and expiry, missing scopes, reconnection needed. */
export function accountHealth(ctx: AppContext, row: AccountRow): AccountHealth {
  const now = ctx.clock.now();
  const granted = parseStringArray(row.scopes);
  const required = [...(ctx.platforms.get(row.platform)?.auth.requiredScopes ?? [])];
  const missing = required.filter((scope) => !granted.includes(scope));
  const refreshable = row.refresh_token_enc !== null && (row.refresh_expires_at === null || row.refresh_expires_at > now);
  const tokenValid = row.status === 'active' && row.access_token_enc !== null && (row.token_expires_at === null || row.token_expires_at > now || refreshable);
  const needsReconnection = row.status !== 'active' || !tokenValid;
  const issues: string[] = [];
  const recommendations: string[] = [];
  if (row.status === 'needs_reauth') issues.push('The platform no longer accepts this account\'s tokens.');
  if (row.status === 'disconnected') issues.push('The account is disconnected.');
  if (row.status === 'active' && !tokenValid) issues.push('The access token expired and cannot be refreshed.');
  if (missing.length > 0) issues.push(`Missing permissions: ${missing.join(', ')}.`);
  if (needsReconnection || missing.length > 0) recommendations.push('Reconnect the account and approve every requested permission.');
  const canPost = !needsReconnection && missing.length === 0;
  return {
    status: needsReconnection ? 'error' : missing.length > 0 ? 'warning' : 'healthy',
    tokenValid,
    tokenExpiresAt: row.token_expires_at,
    needsRefresh: row.token_expires_at !== null && row.token_expires_at - now < BACKGROUND_REFRESH_WINDOW_MS,
    needsReconnection,
    grantedScopes: granted,
    requiredScopes: required,
    missingScopes: missing,
    canPost,
    issues,
    recommendations,
  };
}
