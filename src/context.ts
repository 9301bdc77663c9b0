import pino, { type Logger } from 'pino';
import { systemClock, type Clock } from './clock.js';
import type { Config } from './config.js';
import { loadEncryptionKey, type EncryptionKey } from './core/security/encryption-key.js';
import { createIdGenerator, type IdGenerator } from './ids.js';
import { createStore, type Store } from './store/db.js';
import type { Kysely } from 'kysely';
import type { Database } from './store/schema.js';
import { createRequestLogWriter, type RequestLogWriter } from './core/request-logs/request-log-writer.js';
import type { Principal } from './core/access/principal.js';
import { createTtlCache, type TtlCache } from './core/access/ttl-cache.js';
import { createMediaStorage } from './media/storage/create-media-storage.js';
import type { MediaStorage } from './media/storage/media-storage.js';

/**
 * Everything a use case may reach: configuration, the store, time, ids and logging. Built once in main.ts (or by a
 * test helper) and passed as the first argument; there is no container and no global state besides this object.
 */
export interface AppContext {
  config: Config;
  store: Store;
  /** Shorthand for `store.db`. */
  db: Kysely<Database>;
  clock: Clock;
  ids: IdGenerator;
  logger: Logger;
  encryptionKey: EncryptionKey;
  /** Where media bytes live (local folder or S3 bucket). */
  media: MediaStorage;
  /** Batches request logs for `/api/v1/logs`. */
  requestLogs: RequestLogWriter;
  /** Resolved API keys by hash, briefly cached so authentication does not hit the store on every request. */
  apiKeyCache: TtlCache<Principal | null>;
}

/** Parts of the context a caller (a test, a benchmark) supplies instead of the defaults. */
export interface ContextOverrides {
  clock?: Clock;
  logger?: Logger;
  store?: Store;
  media?: MediaStorage;
}

/** How long a resolved API key is trusted before it is looked up again (ms). Deleting a key clears it at once in this process. */
const API_KEY_CACHE_TTL_MS = 5_000;

/** Opens the store and builds the context. Does not migrate and does not start anything. */
export function createContext(config: Config, overrides: ContextOverrides = {}): AppContext {
  const clock = overrides.clock ?? systemClock;
  const logger = overrides.logger ?? pino({ level: config.logLevel, base: { service: 'outbox' } });
  const store =
    overrides.store ??
    createStore(config.database, { onIdleError: (error) => logger.warn({ err: error }, 'idle database connection failed') });
  const encryptionKey = loadEncryptionKey(config.encryptionKey, config.dataDir);
  const ctx: AppContext = {
    config,
    store,
    db: store.db,
    clock,
    ids: createIdGenerator(() => clock.now()),
    logger,
    encryptionKey,
    media: overrides.media ?? createMediaStorage(config, encryptionKey.key),
    requestLogs: undefined as unknown as RequestLogWriter,
    apiKeyCache: createTtlCache<Principal | null>(API_KEY_CACHE_TTL_MS, () => clock.now()),
  };
  ctx.requestLogs = createRequestLogWriter(ctx);
  return ctx;
}

/** Flushes buffered work and closes the store. */
export async function closeContext(ctx: AppContext): Promise<void> {
  await ctx.requestLogs.close();
  await ctx.store.close();
}
