import { loadConfig, type Config } from '../config.js';
import { closeContext, type AppContext } from '../context.js';
import { startScheduler, type Scheduler } from '../scheduler/scheduler.js';
import { openReadyContext } from './open-context.js';

/** A running worker process: the scheduler alone, without the HTTP API. */
export interface RunningWorker {
  ctx: AppContext;
  scheduler: Scheduler;
  /** Stops claiming, finishes or releases in-flight targets, closes the store. */
  stop(): Promise<void>;
}

/**
 * Starts a worker: migrate, then run the scheduler. In sandbox mode its adapters call the emulators of the `outbox
 * serve` process at PORT, so a worker beside a server shares the server's sandbox.
 */
export async function startWorker(config: Config = loadConfig()): Promise<RunningWorker> {
  const ctx = await openReadyContext(config);
  const scheduler = startScheduler(ctx);
  ctx.logger.info({ instanceId: ctx.instanceId, concurrency: config.scheduler.concurrency }, 'worker started');
  return {
    ctx,
    scheduler,
    async stop() {
      await scheduler.stop();
      await closeContext(ctx);
    },
  };
}
