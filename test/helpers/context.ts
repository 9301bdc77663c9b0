import pino from 'pino';
import type { FastifyInstance } from 'fastify';
import { createFakeClock, systemClock, type FakeClock } from '../../src/clock.js';
import { loadConfig, type Config } from '../../src/config.js';
import { closeContext, createContext, type AppContext, type PlatformTuning } from '../../src/context.js';
import { buildServer } from '../../src/api/server.js';
import { createApiKeyForUser, type CreateApiKeyInput } from '../../src/core/api-keys/create-api-key.js';
import { ensureInstance, OWNER_USER_ID } from '../../src/core/instance/ensure-instance.js';
import { createTestDatabaseFor, type TestDialect } from './dialects.js';

/** A migrated store with the owner and default profile, a fake clock, and its cleanup. */
export interface TestContext {
  ctx: AppContext;
  clock: FakeClock;
  close(): Promise<void>;
}

/** Options of a test context. */
export interface TestContextOptions {
  /** Run on the wall clock (the scheduler sleeps in real time); `clock` is then unused (Default: a fake clock). */
  realClock?: boolean;
  platformTuning?: PlatformTuning;
}

/** Creates a ready context on a fresh database of `dialect`; `env` overrides configuration variables. */
export async function createTestContext(dialect: TestDialect, env: Record<string, string> = {}, options: TestContextOptions = {}): Promise<TestContext> {
  const testDb = await createTestDatabaseFor(dialect);
  const base = loadConfig({ OUTBOX_DATA_DIR: testDb.dataDir, OUTBOX_LOG_LEVEL: 'silent', ...env });
  const config: Config = {
    ...base,
    database: testDb.database,
    encryptionKey: base.encryptionKey ?? '0'.repeat(64),
  };
  const clock = createFakeClock(Date.parse('2026-03-01T12:00:00Z'));
  const ctx = createContext(config, { clock: options.realClock ? systemClock : clock, logger: pino({ level: 'silent' }), platformTuning: options.platformTuning });
  await ctx.store.migrate();
  await ensureInstance(ctx);
  return {
    ctx,
    clock,
    async close() {
      await closeContext(ctx);
      await testDb.cleanup();
    },
  };
}

/** A test context plus the built (not listening) API and a full-scope key. */
export interface TestApi extends TestContext {
  app: FastifyInstance;
  key: string;
  /** Creates another key of the owner and returns its secret. */
  createKey(input: CreateApiKeyInput): Promise<string>;
  /** Authorization header for a key (Default: the full-scope key). */
  auth(key?: string): { authorization: string };
}

/** Builds the API on a fresh test context. */
export async function createTestApi(dialect: TestDialect, env: Record<string, string> = {}, options: TestContextOptions = {}): Promise<TestApi> {
  const base = await createTestContext(dialect, env, options);
  const app = await buildServer(base.ctx);
  const createKey = async (input: CreateApiKeyInput) => (await createApiKeyForUser(base.ctx, OWNER_USER_ID, input)).key;
  const key = await createKey({ name: 'test' });
  return {
    ...base,
    app,
    key,
    createKey,
    auth: (k = key) => ({ authorization: `Bearer ${k}` }),
    async close() {
      await app.close();
      await base.close();
    },
  };
}
