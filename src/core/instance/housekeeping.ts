import type { AppContext } from '../../context.js';
import { deleteExpiredIdempotencyKeys } from '../../store/idempotency-queries.js';
import { deleteRequestLogsBefore } from '../../store/request-logs-queries.js';
import { sweepExpiredUploads } from '../media/sweep-uploads.js';
import { refreshExpiringTokens } from '../accounts/refresh-expiring-tokens.js';
import { deleteExpiredOauthStates } from '../../store/oauth-states-queries.js';

/** How often expired rows are swept (ms). */
const SWEEP_INTERVAL_MS = 15 * 60_000;
/** How often tokens close to expiry are refreshed (ms); well inside the refresh window. */
const TOKEN_REFRESH_INTERVAL_MS = 5 * 60_000;

/**
 * Deletes expired idempotency keys, request logs past their retention and uploads no post used in time. Safe to run
 * in every process at once.
 */
export async function sweepExpired(ctx: AppContext): Promise<{ idempotencyKeys: number; requestLogs: number; uploads: number }> {
  const now = ctx.clock.now();
  const idempotencyKeys = await deleteExpiredIdempotencyKeys(ctx.db, now);
  const requestLogs = await deleteRequestLogsBefore(ctx.db, now - ctx.config.requestLogRetentionDays * 86_400_000);
  const uploads = await sweepExpiredUploads(ctx);
  await deleteExpiredOauthStates(ctx.db, now - 24 * 3_600_000);
  return { idempotencyKeys, requestLogs, uploads };
}

/** Runs `sweepExpired` and the background token refresh now and then periodically until stopped. */
export function startHousekeeping(ctx: AppContext): { stop(): void } {
  const sweep = () =>
    sweepExpired(ctx).then(
      (swept) => ctx.logger.debug(swept, 'expired rows swept'),
      (error: unknown) => ctx.logger.warn({ err: error }, 'housekeeping sweep failed'),
    );
  const refresh = () =>
    refreshExpiringTokens(ctx).catch((error: unknown) => ctx.logger.warn({ err: error }, 'background token refresh failed'));
  void sweep();
  void refresh();
  const timers = [setInterval(sweep, SWEEP_INTERVAL_MS), setInterval(refresh, TOKEN_REFRESH_INTERVAL_MS)];
  for (const timer of timers) timer.unref();
  return { stop: () => timers.forEach((timer) => clearInterval(timer)) };
}
