import type { AppContext } from '../../context.js';
import { deleteExpiredIdempotencyKeys } from '../../store/idempotency-queries.js';
import { deleteRequestLogsBefore } from '../../store/request-logs-queries.js';
import { sweepExpiredUploads } from '../media/sweep-uploads.js';

/** How often expired rows are swept (ms). */
const SWEEP_INTERVAL_MS = 15 * 60_000;

/**
 * Deletes expired idempotency keys, request logs past their retention and uploads no post used in time. Safe to run
 * in every process at once.
 */
export async function sweepExpired(ctx: AppContext): Promise<{ idempotencyKeys: number; requestLogs: number; uploads: number }> {
  const now = ctx.clock.now();
  const idempotencyKeys = await deleteExpiredIdempotencyKeys(ctx.db, now);
  const requestLogs = await deleteRequestLogsBefore(ctx.db, now - ctx.config.requestLogRetentionDays * 86_400_000);
  const uploads = await sweepExpiredUploads(ctx);
  return { idempotencyKeys, requestLogs, uploads };
}

/** Runs `sweepExpired` now and then periodically until stopped. */
export function startHousekeeping(ctx: AppContext): { stop(): void } {
  const run = () =>
    sweepExpired(ctx).then(
      (swept) => ctx.logger.debug(swept, 'expired rows swept'),
      (error: unknown) => ctx.logger.warn({ err: error }, 'housekeeping sweep failed'),
    );
  void run();
  const timer = setInterval(run, SWEEP_INTERVAL_MS);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
