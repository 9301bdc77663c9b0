import { Command } from 'commander';
import { API_VERSION } from './api/openapi.js';
import { loadConfig, ConfigError } from './config.js';
import { closeContext, createContext } from './context.js';
import { registerKeysCommand } from './cli/keys.js';
import { registerSandboxCommand } from './cli/sandbox.js';
import { startServer } from './cli/serve.js';
import { startWorker } from './cli/worker.js';
import type { Logger } from 'pino';

/*
 * Composition root: the only place that reads the configuration and wires concrete parts together.
 */

/** Stops cleanly on SIGTERM or SIGINT: the stop function finishes or hands back in-flight work, then the process exits. */
function onShutdown(logger: Logger, stop: () => Promise<void>): void {
  const shutdown = (signal: string) => {
    logger.info({ signal }, 'shutting down');
    stop().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
}

function createProgram(): Command {
  const program = new Command('outbox')
    .description('Outbox: self-hosted unified social media publishing API')
    .version(API_VERSION);

  program
    .command('serve')
    .description('run the HTTP API and the scheduler (embedded mode by default: SQLite and local files under ./data)')
    .option('--no-worker', 'serve the API only; publishing is left to `outbox worker` processes')
    .action(async (options: { worker: boolean }) => {
      const server = await startServer(loadConfig(), { worker: options.worker });
      onShutdown(server.ctx.logger, () => server.stop());
    });

  program
    .command('worker')
    .description('run only the scheduler: claim due posts and publish them (any number of workers share a PostgreSQL store)')
    .action(async () => {
      const worker = await startWorker(loadConfig());
      onShutdown(worker.ctx.logger, () => worker.stop());
    });

  program
    .command('migrate')
    .description('apply pending database migrations and exit')
    .action(async () => {
      const ctx = createContext(loadConfig());
      try {
        const applied = await ctx.store.migrate();
        process.stdout.write(applied.length ? `Applied: ${applied.join(', ')}\n` : 'The database is up to date.\n');
      } finally {
        await closeContext(ctx);
      }
    });

  registerKeysCommand(program);
  registerSandboxCommand(program);
  return program;
}

createProgram()
  .parseAsync(process.argv)
  .catch((error: unknown) => {
    if (error instanceof ConfigError) process.stderr.write(`${error.message}\n`);
    else process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    process.exit(1);
  });
