// Child-process entry of the scheduler benchmark, run by plain node from the compiled dist/ (configured by the
// environment the benchmark passes). Speaks bench/lib/child-protocol.ts, plus two messages:
//   parent → child {type: 'due', runAt}: the benchmark bulk-inserted targets due at runAt. The API would emit
//     `targets:due` in its own process after an insert (and NOTIFY on PostgreSQL); this is that in-process event,
//     so a SQLite scheduler is woken exactly as it is by a post created through the API.
//   child → parent {type: 'stats', ...} on stop (graphile role): when its jobs ran.
//
// BENCH_ROLE:
//   server    `outbox serve`: the API and the sandbox emulators; with BENCH_WORKER=1 also the scheduler.
//   worker    `outbox worker`: the scheduler alone (its adapters call the emulators of the server at PORT).
//   graphile  graphile-worker with one no-op task, GRAPHILE_CONCURRENCY jobs at once.
// BENCH_NOOP_PLATFORM=1 swaps this process's TikTok adapter for one whose publish returns at once (the benchmark's
// own, never part of Outbox), so the scheduler's cost is measured without any platform behind it.
import { startServer } from '../../dist/cli/serve.js';
import { openReadyContext } from '../../dist/cli/open-context.js';
import { loadConfig } from '../../dist/config.js';
import { closeContext } from '../../dist/context.js';
import { createPlatformRegistry } from '../../dist/platforms/registry.js';
import { startScheduler } from '../../dist/scheduler/scheduler.js';

const role = process.env.BENCH_ROLE;

/** The registry with TikTok's publish replaced by an immediate "published": no HTTP, no emulator. */
function withNoopPublish(registry) {
  let sequence = 0;
  return createPlatformRegistry(
    registry.list().map((adapter) => ({
      ...adapter,
      async publish() {
        sequence += 1;
        return { status: 'published', externalRef: `noop-${process.pid}-${sequence}`, platformPostId: String(sequence) };
      },
    })),
  );
}

async function startOutbox() {
  const config = loadConfig();
  const noop = process.env.BENCH_NOOP_PLATFORM === '1';
  if (role === 'server') {
    const withWorker = process.env.BENCH_WORKER === '1';
    const server = await startServer(config, { quiet: true, worker: withWorker && !noop });
    let scheduler;
    if (withWorker && noop) {
      server.ctx.platforms = withNoopPublish(server.ctx.platforms);
      scheduler = startScheduler(server.ctx);
    }
    return {
      url: server.url,
      ctx: server.ctx,
      async stop() {
        await scheduler?.stop();
        await server.stop();
      },
    };
  }
  const ctx = await openReadyContext(config);
  if (noop) ctx.platforms = withNoopPublish(ctx.platforms);
  const scheduler = startScheduler(ctx);
  return {
    url: '',
    ctx,
    async stop() {
      await scheduler.stop();
      await closeContext(ctx);
    },
  };
}

async function startGraphile() {
  const { run, Logger } = await import('graphile-worker');
  let first = Number.POSITIVE_INFINITY;
  let last = 0;
  let count = 0;
  const runner = await run({
    connectionString: process.env.GRAPHILE_DATABASE_URL,
    concurrency: Number(process.env.GRAPHILE_CONCURRENCY),
    noHandleSignals: true,
    // Silent, like Outbox's `OUTBOX_LOG_LEVEL=silent` in the same benchmark.
    logger: new Logger(() => () => undefined),
    taskList: {
      noop: async () => {
        const started = Date.now();
        if (started < first) first = started;
        count += 1;
        last = Date.now();
      },
    },
  });
  return {
    url: '',
    ctx: undefined,
    stats: () => ({ type: 'stats', first, last, count }),
    async stop() {
      await runner.stop();
    },
  };
}

const running = role === 'graphile' ? await startGraphile() : await startOutbox();
let closing = false;
const stop = () => {
  if (closing) return;
  closing = true;
  if (running.stats) process.send?.(running.stats());
  running.stop().then(() => process.exit(0), () => process.exit(1));
};
process.on('message', (message) => {
  if (message?.type === 'stop') stop();
  if (message?.type === 'due') running.ctx?.events.emit('targets:due', { runAt: message.runAt });
});
process.on('disconnect', stop);
process.send?.({ type: 'ready', url: running.url });
