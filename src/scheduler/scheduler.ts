import { setMaxListeners } from 'node:events';
import pg from 'pg';
import type { AppContext } from '../context.js';
import { claimDueTargets, nextRunAt, type TargetRow } from '../store/posts-queries.js';
import { runTarget } from './run-target.js';

/** Options of a scheduler (Default: from the configuration). */
export interface SchedulerOptions {
  /** Targets run at once by this process (Default: OUTBOX_WORKER_CONCURRENCY). */
  concurrency?: number;
  /** Longest sleep without looking at the store, in case a wake-up was missed (Default: 30000 ms). */
  maxSleepMs?: number;
  /** On stop, how long in-flight targets may run before they are interrupted and handed back (Default: 10000 ms). */
  shutdownGraceMs?: number;
}

/** A running scheduler. */
export interface Scheduler {
  /** Stops claiming, lets in-flight targets finish within the grace period, interrupts and releases the rest. */
  stop(): Promise<void>;
  /** Targets running now (for metrics and tests). */
  inFlight(): number;
  /** Resolves once nothing is running and nothing claimable is due. */
  idle(): Promise<void>;
}

/** Channel the API notifies when targets become runnable; the payload is the earliest `run_at`. */
export const TARGETS_CHANNEL = 'outbox_targets';

/**
 * Listens for NOTIFY on a dedicated connection (a pooled one would be handed to queries); reconnects with a pause
 * when the connection drops, and wakes the loop then, since notifications sent meanwhile were lost.
 */
function listenForTargets(ctx: AppContext, url: string, onWake: (runAt: number) => void): () => Promise<void> {
  let client: pg.Client | undefined;
  let stopped = false;
  let retry: NodeJS.Timeout | undefined;
  const connect = () => {
    if (stopped) return;
    const next = new pg.Client({ connectionString: url });
    client = next;
    const reconnect = (error?: unknown) => {
      if (error) ctx.logger.warn({ err: error }, 'the scheduler lost its LISTEN connection; reconnecting');
      next.removeAllListeners();
      next.end().catch(() => undefined);
      if (!stopped) retry = setTimeout(connect, 1_000);
    };
    next.on('error', reconnect);
    next.on('notification', (message) => onWake(Number(message.payload ?? 0)));
    next
      .connect()
      .then(() => next.query(`LISTEN ${TARGETS_CHANNEL}`))
      .then(() => onWake(0))
      .catch(reconnect);
  };
  connect();
  return async () => {
    stopped = true;
    clearTimeout(retry);
    await client?.end().catch(() => undefined);
  };
}

/**
 * Starts the scheduler loop of this process. It claims due targets up to its concurrency (PostgreSQL: `FOR UPDATE
 * SKIP LOCKED`, so any number of processes share the work), runs each, and when nothing is due sleeps until the
 * earliest `run_at` in the store, woken early by an in-process `targets:due` event or, on PostgreSQL, a NOTIFY from
 * any process. It never polls on a fixed period; `maxSleepMs` only bounds a sleep in case a wake-up was lost.
 */
export function startScheduler(ctx: AppContext, options: SchedulerOptions = {}): Scheduler {
  const concurrency = options.concurrency ?? ctx.config.scheduler.concurrency;
  const maxSleepMs = options.maxSleepMs ?? 30_000;
  const graceMs = options.shutdownGraceMs ?? 10_000;
  const owner = ctx.instanceId;
  const running = new Map<string, Promise<unknown>>();
  const abort = new AbortController();
  // Every running target listens on the shutdown signal; more than ten at once is expected, not a leak.
  setMaxListeners(concurrency + 10, abort.signal);
  let stopping = false;
  let wakeAt = Number.POSITIVE_INFINITY;
  let wake: (() => void) | undefined;
  let idleWaiters: Array<() => void> = [];

  const signal = (runAt: number) => {
    if (runAt < wakeAt) wake?.();
  };
  const unsubscribe = ctx.events.on('targets:due', ({ runAt }) => signal(runAt));
  const stopListening =
    ctx.config.database.dialect === 'postgres' ? listenForTargets(ctx, ctx.config.database.url, signal) : async () => undefined;

  const sleepUntil = (deadline: number) =>
    new Promise<void>((resolve) => {
      wakeAt = deadline;
      const timer = setTimeout(done, Math.max(0, deadline - ctx.clock.now()));
      function done() {
        clearTimeout(timer);
        wake = undefined;
        wakeAt = Number.POSITIVE_INFINITY;
        resolve();
      }
      wake = done;
    });

  const launch = (target: TargetRow) => {
    const work = runTarget(ctx, target, { owner, signal: abort.signal })
      .catch((error: unknown) => ctx.logger.error({ err: error, targetId: target.id }, 'running a target failed'))
      .finally(() => {
        running.delete(target.id);
        wake?.();
      });
    running.set(target.id, work);
  };

  const loop = async () => {
    while (!stopping) {
      let claimedAll = false;
      try {
        const free = concurrency - running.size;
        if (free > 0) {
          const claimed = await claimDueTargets(ctx.db, ctx.store.dialect, { owner, now: ctx.clock.now(), leaseMs: ctx.config.scheduler.leaseMs, limit: free });
          for (const target of claimed) launch(target);
          claimedAll = claimed.length === free;
        }
        if (stopping) break;
        if (claimedAll || running.size >= concurrency) {
          // Busy: look again as soon as a slot frees.
          await sleepUntil(ctx.clock.now() + maxSleepMs);
          continue;
        }
        const next = await nextRunAt(ctx.db);
        if (running.size === 0 && (next === undefined || next > ctx.clock.now())) {
          for (const resolve of idleWaiters) resolve();
          idleWaiters = [];
        }
        const now = ctx.clock.now();
        await sleepUntil(Math.min(next ?? Number.POSITIVE_INFINITY, now + maxSleepMs));
      } catch (error) {
        ctx.logger.error({ err: error }, 'the scheduler could not claim targets; trying again shortly');
        await sleepUntil(ctx.clock.now() + 1_000);
      }
    }
  };
  const looping = loop();

  return {
    inFlight: () => running.size,
    idle: () =>
      new Promise<void>((resolve) => {
        idleWaiters.push(resolve);
        wake?.();
      }),
    async stop() {
      stopping = true;
      wake?.();
      unsubscribe();
      await looping;
      const all = Promise.allSettled(running.values());
      let timer: NodeJS.Timeout | undefined;
      const grace = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), graceMs)));
      if ((await Promise.race([all, grace])) === 'timeout') abort.abort(new Error('Outbox is shutting down'));
      clearTimeout(timer);
      await all;
      await stopListening();
    },
  };
}

/**
 * Runs targets this process already holds (a synchronous publish claims its targets as it stores them) and resolves
 * them as they stand afterwards.
 */
export async function runTargetsNow(ctx: AppContext, targets: TargetRow[]): Promise<Array<TargetRow | undefined>> {
  return Promise.all(targets.map((target) => runTarget(ctx, target, { owner: ctx.instanceId })));
}
