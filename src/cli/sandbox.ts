import type { Command } from 'commander';
import Fastify from 'fastify';
import { systemClock } from '../clock.js';
import { createSandboxEmulators, registerSandbox } from '../platforms/sandbox.js';

/** `outbox sandbox`: the platform emulators alone, for developing a client against them without Outbox. */
export function registerSandboxCommand(program: Command): void {
  program
    .command('sandbox')
    .description('run the platform emulators standalone (under /sandbox/<platform>/…, with /__control for faults)')
    .option('--port <port>', 'port to listen on', (v) => Number.parseInt(v, 10), 4000)
    .option('--host <host>', 'interface to bind', '127.0.0.1')
    .action(async (opts: { port: number; host: string }) => {
      const app = Fastify({ logger: false });
      const emulators = createSandboxEmulators(systemClock);
      await registerSandbox(app, emulators);
      const url = await app.listen({ port: opts.port, host: opts.host });
      process.stdout.write(
        [
          '',
          `  Sandbox emulators at ${url}`,
          `  TikTok:  ${url}/sandbox/tiktok   (client_key sandbox-client-key, secret sandbox-client-secret)`,
          `           control API: ${url}/sandbox/tiktok/__control/state`,
          '',
        ].join('\n'),
      );
      const stop = () => void app.close().then(() => process.exit(0));
      process.once('SIGTERM', stop);
      process.once('SIGINT', stop);
    });
}
