import type { TestProject } from 'vitest/node';
import { PG_REQUIRED, TEST_PG_URL, postgresReachable } from './postgres.js';

/**
 * Probes PostgreSQL once for the whole run. Where it is required (CI) and unreachable the run stops here with the
 * reason; elsewhere the PostgreSQL variants of the suites are skipped with a notice.
 */
export default async function setup(project: TestProject): Promise<void> {
  const reachable = await postgresReachable();
  if (!reachable && PG_REQUIRED) {
    throw new Error(`PostgreSQL is required for this run but ${TEST_PG_URL} does not answer.`);
  }
  if (!reachable) process.stderr.write(`\nPostgreSQL at ${TEST_PG_URL} does not answer: its test variants are skipped.\n`);
  project.provide('postgresAvailable', reachable);
}

declare module 'vitest' {
  export interface ProvidedContext {
    postgresAvailable: boolean;
  }
}
