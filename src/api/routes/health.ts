import type { FastifyPluginAsync } from 'fastify';
import type { AppContext } from '../../context.js';
import { AppError } from '../../errors.js';

/** Liveness (`/healthz`: the process answers) and readiness (`/readyz`: the store answers and is migrated). */
export function healthRoutes(ctx: AppContext): FastifyPluginAsync {
  return async (app) => {
    app.get('/healthz', { schema: { hide: true } }, async () => ({ status: 'ok' }));
    app.get('/readyz', { schema: { hide: true } }, async () => {
      let pending: string[];
      try {
        pending = await ctx.store.pendingMigrations();
      } catch (error) {
        throw new AppError('SERVICE_UNAVAILABLE', 'The store is unreachable.', { cause: error });
      }
      if (pending.length > 0) {
        throw new AppError('SERVICE_UNAVAILABLE', 'The store has pending migrations; run `outbox migrate`.', { details: { pending } });
      }
      return { status: 'ready', store: ctx.store.dialect };
    });
  };
}
