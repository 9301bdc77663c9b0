import { loadConfig, type Config } from '../config.js';
import { createContext, type AppContext } from '../context.js';
import { ensureInstance } from '../core/instance/ensure-instance.js';

/** Loads the configuration, opens the store, applies pending migrations and makes sure the owner and default profile exist. */
export async function openReadyContext(config: Config = loadConfig()): Promise<AppContext> {
  const ctx = createContext(config);
  const applied = await ctx.store.migrate();
  if (applied.length > 0) ctx.logger.info({ applied }, 'migrations applied');
  await ensureInstance(ctx);
  return ctx;
}
