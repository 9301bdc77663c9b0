import type { FastifyInstance } from 'fastify';
import { buildServer } from '../api/server.js';
import { loadConfig, type Config } from '../config.js';
import { closeContext, connectPlatforms, type AppContext } from '../context.js';
import { createApiKeyForUser } from '../core/api-keys/create-api-key.js';
import { registerBootstrapKey } from '../core/api-keys/register-bootstrap-key.js';
import { OWNER_USER_ID } from '../core/instance/ensure-instance.js';
import { startHousekeeping } from '../core/instance/housekeeping.js';
import { listApiKeys } from '../store/api-keys-queries.js';
import { openReadyContext } from './open-context.js';
import { startScheduler } from '../scheduler/scheduler.js';

/** A running server, for tests and for the CLI's signal handling. */
export interface RunningServer {
  ctx: AppContext;
  app: FastifyInstance;
  url: string;
  /** Stops accepting requests, finishes in-flight ones, flushes logs and closes the store. */
  stop(): Promise<void>;
}

/**
 * In embedded mode a brand-new instance has no way in yet, so the first start mints a key and prints it once.
 * With PostgreSQL (a cluster) nothing is printed: operators set OUTBOX_BOOTSTRAP_API_KEY or run `outbox keys create`.
 */
async function firstKey(ctx: AppContext): Promise<string | undefined> {
  if (ctx.config.database.dialect !== 'sqlite' || ctx.config.bootstrapApiKey) return undefined;
  if ((await listApiKeys(ctx.db, OWNER_USER_ID)).length > 0) return undefined;
  return (await createApiKeyForUser(ctx, OWNER_USER_ID, { name: 'first key' })).key;
}

function banner(ctx: AppContext, url: string, key: string | undefined): string {
  const lines = [
    '',
    `  Outbox is running at ${url}`,
    `  API:    ${url}/api/v1   (SDK baseURL: ${url}/api)`,
    `  Docs:   ${url}/api/docs  ·  OpenAPI: ${url}/api/openapi.json`,
    `  Store:  ${ctx.config.database.dialect === 'sqlite' ? ctx.config.database.file : 'PostgreSQL'}  ·  sandbox platforms: ${ctx.config.sandbox ? 'on' : 'off'}`,
    `  Next:   connect a sandbox TikTok account (README, "Connecting accounts"), upload a video, schedule a post`,
  ];
  if (key) {
    lines.push('', `  Your API key (shown once, stored hashed):  ${key}`, `  Try it:  curl -H "Authorization: Bearer ${key}" ${url}/api/v1/profiles`);
  } else {
    lines.push('', '  API keys: `npx outbox keys create --name NAME` prints a new one (or set OUTBOX_BOOTSTRAP_API_KEY).');
  }
  return lines.join('\n') + '\n';
}

/** Starts the API server: migrate, ensure the instance, register keys, listen. */
export async function startServer(config: Config = loadConfig(), options: { quiet?: boolean; worker?: boolean } = {}): Promise<RunningServer> {
  const ctx = await openReadyContext(config);
  if (config.bootstrapApiKey) await registerBootstrapKey(ctx, config.bootstrapApiKey);
  const key = await firstKey(ctx);
  const app = await buildServer(ctx);
  await app.listen({ port: config.port, host: config.host });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  if (port !== config.port) connectPlatforms(ctx, port);
  const url = config.publicUrl ?? `http://${config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host}:${port}`;
  const housekeeping = startHousekeeping(ctx);
  const scheduler = options.worker === false ? undefined : startScheduler(ctx);
  if (!options.quiet) process.stdout.write(banner(ctx, url, key));
  return {
    ctx,
    app,
    url,
    async stop() {
      housekeeping.stop();
      // Stop claiming first, so nothing new starts while requests drain; in-flight targets finish or are handed back.
      await scheduler?.stop();
      await app.close();
      await closeContext(ctx);
    },
  };
}
