import { randomBytes } from 'node:crypto';
import { ZernioApiError } from '@getlatedev/node';
import { expect } from 'vitest';
import { startServer } from '../../src/cli/serve.js';
import { loadConfig } from '../../src/config.js';
import { createTestDatabaseFor, type TestDialect } from '../helpers/dialects.js';

/** A real Outbox listening on a free loopback port, on its own fresh database, with a known full-scope key. */
export interface CompatServer {
  /** What the SDK takes as `baseURL` (`<origin>/api`). */
  baseURL: string;
  /** The full-scope key registered through OUTBOX_BOOTSTRAP_API_KEY. */
  key: string;
  /** Stops the server and drops its database and data dir. */
  stop(): Promise<void>;
}

/**
 * Starts Outbox the way `outbox serve` does (configuration from environment variables, bootstrap key, listen), in
 * this process, on `dialect`. `env` adds or overrides variables (e.g. `OUTBOX_RATE_LIMIT`).
 */
export async function startCompatServer(dialect: TestDialect, env: Record<string, string> = {}): Promise<CompatServer> {
  const testDb = await createTestDatabaseFor(dialect);
  const key = `sk_compat_${randomBytes(20).toString('hex')}`;
  const database =
    testDb.database.dialect === 'postgres'
      ? { OUTBOX_DATABASE_URL: testDb.database.url, OUTBOX_ENCRYPTION_KEY: randomBytes(32).toString('hex') }
      : {};
  try {
    const config = loadConfig({
      PORT: '0',
      HOST: '127.0.0.1',
      OUTBOX_DATA_DIR: testDb.dataDir,
      OUTBOX_LOG_LEVEL: 'silent',
      OUTBOX_BOOTSTRAP_API_KEY: key,
      ...database,
      ...env,
    });
    const server = await startServer(config, { quiet: true });
    return {
      baseURL: `${server.url}/api`,
      key,
      async stop() {
        try {
          await server.stop();
        } finally {
          await testDb.cleanup();
        }
      },
    };
  } catch (error) {
    await testDb.cleanup();
    throw error;
  }
}

/** The error an SDK call rejects with (its response interceptor throws parsed API errors). */
export async function failureOf(call: Promise<unknown>): Promise<ZernioApiError> {
  try {
    await call;
  } catch (error) {
    expect(error).toBeInstanceOf(ZernioApiError);
    return error as ZernioApiError;
  }
  throw new Error('expected the SDK call to fail');
}
