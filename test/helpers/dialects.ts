import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, inject } from 'vitest';
import type { Config } from '../../src/config.js';
import { createTestDatabase } from './postgres.js';

/** The dialects every store-backed suite runs against. */
export const DIALECTS = ['sqlite', 'postgres'] as const;
export type TestDialect = (typeof DIALECTS)[number];

/** A fresh, empty database of one dialect for one test, with its cleanup. */
export interface TestDatabase {
  database: Config['database'];
  /** A private temp folder (the data dir). */
  dataDir: string;
  cleanup(): Promise<void>;
}

/** Creates an empty SQLite file or PostgreSQL database in a private temp folder. */
export async function createTestDatabaseFor(dialect: TestDialect): Promise<TestDatabase> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'outbox-test-'));
  const removeDir = async () => fs.rmSync(dataDir, { recursive: true, force: true });
  if (dialect === 'sqlite') {
    return { database: { dialect: 'sqlite', file: path.join(dataDir, 'outbox.db') }, dataDir, cleanup: removeDir };
  }
  const pg = await createTestDatabase();
  return {
    database: { dialect: 'postgres', url: pg.url },
    dataDir,
    async cleanup() {
      await pg.drop();
      await removeDir();
    },
  };
}

/**
 * Declares the suite once per dialect (`describe('sqlite' …)`, `describe('postgres' …)`). The PostgreSQL variant is
 * skipped only when the server is unreachable and not required (see global-setup).
 */
export function describeEachDialect(name: string, body: (dialect: TestDialect) => void): void {
  for (const dialect of DIALECTS) {
    const skip = dialect === 'postgres' && !inject('postgresAvailable');
    (skip ? describe.skip : describe)(`${name} [${dialect}]`, () => body(dialect));
  }
}
