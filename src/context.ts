import { randomBytes } from 'node:crypto';
import os from 'node:os';
import pino, { type Logger } from 'pino';
import { systemClock, type Clock } from './clock.js';
import type { Config } from './config.js';
import { loadEncryptionKey, parseEncryptionKey, type EncryptionKey } from './core/security/encryption-key.js';
import { createTokenCipher, type TokenCipher } from './core/security/token-cipher.js';
import { createEventBus, type EventBus } from './events.js';
import { createIdGenerator, type IdGenerator } from './ids.js';
import { createStore, type Store } from './store/db.js';
import type { Kysely } from 'kysely';
import type { Database } from './store/schema.js';
import { createRequestLogWriter, type RequestLogWriter } from './core/request-logs/request-log-writer.js';
import type { Principal } from './core/access/principal.js';
import { createTtlCache, type TtlCache } from './core/access/ttl-cache.js';
import { createMediaStorage } from './media/storage/create-media-storage.js';
import type { MediaStorage } from './media/storage/media-storage.js';
import { createPlatforms } from './platforms/create-platforms.js';
import type { PlatformRegistry } from './platforms/registry.js';
import { createSandboxEmulators, type SandboxEmulators } from './platforms/sandbox.js';
import type { TikTokPublishOptions } from './platforms/tiktok/publish.js';
import type { TikTokEmulatorOptions } from './platforms/tiktok/emulator-options.js';

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
  /** Encrypts platform tokens at rest (current key), decrypts with current or previous keys. */
  tokenCipher: TokenCipher;
  /** Domain events (`account:needs_reauth` …). */
  events: EventBus;
  /**
   * The platform adapters. Rebuilt by `connectPlatforms` once the server knows the port it listens on, since in
   * sandbox mode the adapters call the emulators on Outbox's own origin.
   */
  platforms: PlatformRegistry;
  /** The in-process emulators, in sandbox mode. */
  sandbox: SandboxEmulators | undefined;
  /** Where media bytes live (local folder or S3 bucket). */
  media: MediaStorage;
  /** Batches request logs for `/api/v1/logs`. */
  requestLogs: RequestLogWriter;
  /** Adapter and emulator tuning from the overrides (Default: none). */
  platformTuning: PlatformTuning;
  /** This process's name as a lease owner and in attempt records: host, pid and a random suffix. */
  instanceId: string;
  /** Resolved API keys by hash, briefly cached so authentication does not hit the store on every request. */
  apiKeyCache: TtlCache<Principal | null>;
}

/** Parts of the context a caller (a test, a benchmark) supplies instead of the defaults. */
export interface ContextOverrides {
  clock?: Clock;
  logger?: Logger;
  store?: Store;
  media?: MediaStorage;
  /** Adapter and emulator tuning (poll intervals, processing delays) for tests and benchmarks (Default: the platforms' own). */
  platformTuning?: PlatformTuning;
}

/** Tuning of the adapters and emulators that production leaves at their defaults. */
export interface PlatformTuning {
  tiktokPublish?: TikTokPublishOptions;
  /** Whole-request and socket-silence deadline of every platform call, in ms (Default: the HTTP client's, 30000). */
  httpTimeoutMs?: number;
  tiktokEmulator?: Omit<TikTokEmulatorOptions, 'clock'>;
}

/** How long a resolved API key is trusted before it is looked up again (ms). Deleting a key clears it at once in this process. */
const API_KEY_CACHE_TTL_MS = 5_000;

/** The TikTok emulator's tuning: the overrides', with OUTBOX_SANDBOX_PROCESSING_DELAY_MS filling in the delays they leave unset. */
function emulatorTuning(config: Config, tuning: PlatformTuning | undefined): PlatformTuning['tiktokEmulator'] {
  const delay = config.sandboxProcessingDelayMs;
  if (delay === undefined) return tuning?.tiktokEmulator;
  return { processingDelayMs: delay, moderationDelayMs: delay, ...tuning?.tiktokEmulator };
}

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
    tokenCipher: createTokenCipher(encryptionKey, config.previousEncryptionKeys.map(parseEncryptionKey)),
    events: createEventBus((error, event) => logger.error({ err: error, event }, 'event listener failed')),
    media: overrides.media ?? createMediaStorage(config, encryptionKey.key),
    platforms: undefined as unknown as PlatformRegistry,
    sandbox: config.sandbox ? createSandboxEmulators(clock, emulatorTuning(config, overrides.platformTuning)) : undefined,
    platformTuning: overrides.platformTuning ?? {},
    requestLogs: undefined as unknown as RequestLogWriter,
    instanceId: `${os.hostname()}:${process.pid}:${randomBytes(3).toString('hex')}`,
    apiKeyCache: createTtlCache<Principal | null>(API_KEY_CACHE_TTL_MS, () => clock.now()),
  };
  ctx.requestLogs = createRequestLogWriter(ctx);
  connectPlatforms(ctx, config.port);
  return ctx;
}

/** Points the adapters at the port the server really listens on (it differs from the configured one for port 0). */
export function connectPlatforms(ctx: AppContext, port: number): void {
  const host = ctx.config.host === '0.0.0.0' || ctx.config.host === '::' ? '127.0.0.1' : ctx.config.host;
  const internalOrigin = `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
  ctx.platforms = createPlatforms({
    sandbox: ctx.config.sandbox,
    internalOrigin,
    publicOrigin: ctx.config.publicUrl,
    tiktok: ctx.config.tiktok,
    clock: ctx.clock,
    tiktokPublish: ctx.platformTuning.tiktokPublish,
    httpTimeoutMs: ctx.platformTuning.httpTimeoutMs,
    onRequest: (entry) => ctx.logger.debug({ platformRequest: entry }, 'platform request'),
  });
}

/** Flushes buffered work and closes the store. */
export async function closeContext(ctx: AppContext): Promise<void> {
  await ctx.requestLogs.close();
  await ctx.store.close();
}
