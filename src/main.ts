import { Command } from 'commander';
import { API_VERSION } from './api/openapi.js';
import { loadConfig, ConfigError } from './config.js';
import { closeContext, createContext } from './context.js';
import { registerKeysCommand } from './cli/keys.js';
import { registerSandboxCommand } from './cli/sandbox.js';
import { startServer } from './cli/serve.js';

/*
 * Composition root: the only place that reads the configuration and wires concrete parts together.
 */

function createProgram(): Command {
  const program = new Command('outbox')
    .description('Outbox: self-hosted unified social media publishing API')
    .version(API_VERSION);

  program
    .command('serve')
    .description('run the HTTP API (embedded mode by default: SQLite and local files under ./data)')
    .action(async () => {
      const server = await startServer(loadConfig());
      const shutdown = (signal: string) => {
        server.ctx.logger.info({ signal }, 'shutting down');
        server.stop().then(
          () => process.exit(0),
          (error: unknown) => {
            server.ctx.logger.error({ err: error }, 'shutdown failed');
            process.exit(1);
          },
        );
      };
      process.once('SIGTERM', () => shutdown('SIGTERM'));
      process.once('SIGINT', () => shutdown('SIGINT'));
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
