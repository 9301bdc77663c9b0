import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createTestDatabase, postgresReachable, TEST_PG_URL } from '../test/helpers/postgres.js';
import { startChildServer, type ChildServer } from './lib/child-server.js';
import { runLoad, summarise, type LoadOptions, type LoadTarget, type RunStats } from './lib/load.js';
import { formatTable, writeResults, type CaseResult } from './lib/report.js';

/*
 * `npm run bench:api`: requests/s and latency of the profile routes on a listening Outbox (SQLite, and PostgreSQL
 * when it answers), beside a bare Fastify route measured by the same load generator in the same run. Each server
 * runs in a child process, so the load generator never shares its event loop.
 */

const LOAD: LoadOptions = { connections: 32, durationSeconds: 5 };
const WARMUP: LoadOptions = { connections: 32, durationSeconds: 1 };
const REPEATS = 3;
/** Profiles listed by GET on every server (Outbox is seeded to it), so both answer the same amount of JSON. */
const LISTED_PROFILES = 20;
/** The default limit (600/min per key) would turn the bench into a 429 benchmark. */
const RATE_LIMIT = '100000000';
/** Goal: Outbox on SQLite keeps at least this share of the bare route's throughput. */
const GOAL_RATIO = 0.5;

interface Target {
  name: string;
  start(): Promise<{ server: ChildServer; routeBase: string; headers: Record<string, string>; cleanup(): Promise<void> }>;
}

const profileBody = (sequence: number) => JSON.stringify({ name: `bench ${process.pid} ${sequence}` });

function outboxTarget(name: string, database: () => Promise<{ env: Record<string, string>; drop(): Promise<void> }>): Target {
  return {
    name,
    async start() {
      const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'outbox-bench-'));
      const db = await database();
      const key = `sk_bench_${randomBytes(20).toString('hex')}`;
      const server = await startChildServer('./outbox-server.mjs', {
        PORT: '0',
        HOST: '127.0.0.1',
        OUTBOX_DATA_DIR: dataDir,
        OUTBOX_LOG_LEVEL: 'silent',
        OUTBOX_BOOTSTRAP_API_KEY: key,
        OUTBOX_RATE_LIMIT: RATE_LIMIT,
        ...db.env,
      });
      const headers = { authorization: `Bearer ${key}`, 'content-type': 'application/json' };
      // The default profile plus seeds, to match the bare route's list.
      for (let i = 1; i < LISTED_PROFILES; i += 1) {
        const res = await fetch(`${server.url}/api/v1/profiles`, { method: 'POST', headers, body: JSON.stringify({ name: `seed ${i}` }) });
        if (res.status !== 201) throw new Error(`seeding answered ${res.status}: ${await res.text()}`);
      }
      return {
        server,
        routeBase: `${server.url}/api/v1`,
        headers,
        async cleanup() {
          await db.drop();
          fs.rmSync(dataDir, { recursive: true, force: true });
        },
      };
    },
  };
}

const bareTarget: Target = {
  name: 'bare fastify',
  async start() {
    const server = await startChildServer('./bare-server.ts', { BENCH_LISTED_PROFILES: String(LISTED_PROFILES) });
    return { server, routeBase: server.url, headers: { 'content-type': 'application/json' }, cleanup: async () => undefined };
  },
};

const sqlite = outboxTarget('outbox sqlite', async () => ({ env: {}, drop: async () => undefined }));
const postgres = outboxTarget('outbox postgres', async () => {
  const db = await createTestDatabase();
  return { env: { OUTBOX_DATABASE_URL: db.url, OUTBOX_ENCRYPTION_KEY: randomBytes(32).toString('hex') }, drop: db.drop };
});

/** Measures GET before POST, so the list every GET answers stays at LISTED_PROFILES. */
async function measure(target: Target): Promise<Array<{ case: string; runs: RunStats[] }>> {
  const started = await target.start();
  try {
    const cases: Array<{ name: string; load: LoadTarget }> = [
      { name: 'GET /profiles', load: { url: `${started.routeBase}/profiles`, method: 'GET', headers: started.headers } },
      { name: 'POST /profiles', load: { url: `${started.routeBase}/profiles`, method: 'POST', headers: started.headers, body: profileBody } },
    ];
    const out = [];
    for (const c of cases) {
      await runLoad(c.load, WARMUP);
      const runs: RunStats[] = [];
      for (let i = 0; i < REPEATS; i += 1) runs.push(await runLoad(c.load, LOAD));
      process.stdout.write(`  ${target.name} ${c.name}: ${runs.map((r) => Math.round(r.requestsPerSecond)).join(', ')} req/s\n`);
      out.push({ case: c.name, runs });
    }
    return out;
  } finally {
    await started.server.stop();
    await started.cleanup();
  }
}

async function main(): Promise<void> {
  const startedAt = new Date().toISOString();
  const withPostgres = await postgresReachable();
  process.stdout.write(
    `API benchmark: ${LOAD.connections} connections, ${LOAD.durationSeconds} s per run (after a ${WARMUP.durationSeconds} s warm-up), ` +
      `median of ${REPEATS}; OUTBOX_RATE_LIMIT=${RATE_LIMIT} for the run; GET lists ${LISTED_PROFILES} profiles.\n` +
      `PostgreSQL at ${TEST_PG_URL}: ${withPostgres ? 'measured on a fresh database' : 'not reachable, skipped'}.\n`,
  );
  const targets = [bareTarget, sqlite, ...(withPostgres ? [postgres] : [])];
  const results: CaseResult[] = [];
  for (const target of targets) {
    for (const measured of await measure(target)) {
      const median = summarise(measured.runs);
      const bare = results.find((r) => r.target === bareTarget.name && r.case === measured.case);
      const ratioToBare = bare ? median.requestsPerSecond / bare.median.requestsPerSecond : undefined;
      results.push({ target: target.name, case: measured.case, median, runs: measured.runs, ratioToBare });
    }
  }
  process.stdout.write(`\n${formatTable(results)}\n\n`);
  const goals = results.filter((r) => r.target === sqlite.name);
  const verdicts = goals.map((r) => `${r.case} ${(r.ratioToBare ?? 0).toFixed(2)} ${(r.ratioToBare ?? 0) >= GOAL_RATIO ? 'met' : 'MISSED'}`);
  process.stdout.write(`Goal: Outbox on SQLite ≥ ${GOAL_RATIO} × the bare route's req/s: ${verdicts.join('; ')}\n`);
  const file = writeResults(fileURLToPath(new URL('./results/', import.meta.url)), {
    startedAt,
    node: process.version,
    cpus: os.cpus().length,
    load: LOAD,
    warmup: WARMUP,
    repeats: REPEATS,
    listedProfiles: LISTED_PROFILES,
    rateLimit: Number(RATE_LIMIT),
    goalRatio: GOAL_RATIO,
    results,
  });
  process.stdout.write(`Results: ${path.relative(process.cwd(), file)}\n`);
}

await main();
