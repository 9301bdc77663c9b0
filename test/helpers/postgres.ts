import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** The PostgreSQL server tests use (`OUTBOX_TEST_DATABASE_URL`, Default: postgres://postgres@127.0.0.1:5432/test). */
export const TEST_PG_URL = process.env['OUTBOX_TEST_DATABASE_URL'] ?? 'postgres://postgres@127.0.0.1:5432/test';

/** PostgreSQL tests are required (never skipped) in CI or with OUTBOX_TEST_REQUIRE_PG=1. */
export const PG_REQUIRED = process.env['CI'] === 'true' || process.env['OUTBOX_TEST_REQUIRE_PG'] === '1';

/** True when the test PostgreSQL server answers. */
export async function postgresReachable(): Promise<boolean> {
  const client = new pg.Client({ connectionString: TEST_PG_URL, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('select 1');
    return true;
  } catch {
    return false;
  } finally {
    await client.end().catch(() => undefined);
  }
}

function urlFor(database: string): string {
  const url = new URL(TEST_PG_URL);
  url.pathname = `/${database}`;
  return url.toString();
}

/** Creates an empty database for one test store; resolves its URL and a function that drops it. */
export async function createTestDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `outbox_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: TEST_PG_URL });
  await admin.connect();
  try {
    await admin.query(`create database ${name}`);
  } finally {
    await admin.end();
  }
  return {
    url: urlFor(name),
    async drop() {
      const client = new pg.Client({ connectionString: TEST_PG_URL });
      await client.connect();
      try {
        await client.query(`drop database if exists ${name} with (force)`);
      } finally {
        await client.end();
      }
    },
  };
}
