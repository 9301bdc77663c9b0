import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { createStore } from '../src/store/db.js';
import { claimDueTargets } from '../src/store/posts-queries.js';
import { nextHop, submitConsent } from '../test/helpers/consent.js';
import { ensureMediaFixtures } from '../test/fixtures/media.js';
import { createTestDatabase, postgresReachable, TEST_PG_URL } from '../test/helpers/postgres.js';
import { lit, median, openSql, percentile, readTemplate, seedTargets, startChild, type Child, type Sql, type Template } from './lib/scheduler-cluster.js';

/*
 * `npm run bench:scheduler`: how fast and how punctually the scheduler dispatches, on the compiled dist/ in child
 * processes (an API server hosting the sandbox emulators, and `outbox worker` processes), beside graphile-worker's
 * no-op job rate measured on the same PostgreSQL server in the same run.
 *
 * "Dispatched" = the TikTok adapter's publish returned published or processing: the attempt row ends with outcome
 * `published` or `processing`. Lateness = post_attempts.started_at − post_targets.scheduled_for of a target's first
 * attempt (the moment the runner starts on it, before any platform call).
 */

/** BENCH_QUICK=1: one small run of everything, to check the benchmark itself works (its numbers mean little). */
const QUICK = process.env['BENCH_QUICK'] === '1';
const REPEATS = QUICK ? 1 : 3;
/** Processes on PostgreSQL, and the targets (or jobs) each runs at once: Outbox's default concurrency. */
const WORKERS = 2;
const CONCURRENCY = 8;
/** Targets per throughput run, and graphile-worker jobs per run (more: they finish faster). */
const DISPATCH_TARGETS = QUICK ? 200 : 500;
const GRAPHILE_JOBS = QUICK ? 2_000 : 5_000;
/** Sandbox accounts the load is spread over, and the emulator limits raised for the volume. */
const ACCOUNTS = 20;
const LIMITS = { rateLimitsPerMinute: { creatorInfo: 1_000_000, videoInit: 1_000_000, contentInit: 1_000_000, statusFetch: 1_000_000, userInfo: 1_000_000 }, directPostsPer24h: 1_000_000 };
/** The emulator's processing and moderation delay (ms) in the server child, instead of its 1 s default. */
const PROCESSING_DELAY_MS = '0';
/** Single-target lateness: posts created through the API per run, each due this far ahead. */
const SINGLE_SAMPLES = QUICK ? 5 : 15;
const SINGLE_LEAD_MS = 400;
/** The burst: targets due at one instant. */
const BURST = QUICK ? 1_000 : 10_000;
const BURST_LEAD_MS = 3_000;
/** Future targets waiting for the cost-growth rows, and claims timed at each level. */
const WAITING_LEVELS = QUICK ? [10_000, 20_000] : [10_000, 100_000, 1_000_000];
const CLAIM_SAMPLES = QUICK ? 5 : 30;
const GOALS = { throughputRatio: 0.5, singleP99Ms: 50, burstP99Ms: 1_000, claimGrowth: 2 };

type Db = { dialect: 'sqlite'; file: string } | { dialect: 'postgres'; url: string };

const log = (line: string) => process.stdout.write(`${line}\n`);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitUntil(what: string, check: () => Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

/** An Outbox under test: the API server (with the emulators) and its store. */
interface Outbox {
  db: Db;
  sql: Sql;
  server: Child;
  env: Record<string, string>;
  call(method: string, route: string, body?: unknown): Promise<{ status: number; json: any }>;
  accounts: string[];
  uploadId: string;
  template: Template;
  workers: Child[];
  drop(): Promise<void>;
}

async function startOutbox(db: Db, serverEnv: Record<string, string>, drop: () => Promise<void>, dataDir: string): Promise<Outbox> {
  const key = `sk_bench_${randomBytes(20).toString('hex')}`;
  const env: Record<string, string> = {
    PORT: '0',
    HOST: '127.0.0.1',
    OUTBOX_DATA_DIR: dataDir,
    OUTBOX_LOG_LEVEL: 'silent',
    OUTBOX_BOOTSTRAP_API_KEY: key,
    OUTBOX_RATE_LIMIT: '100000000',
    OUTBOX_SANDBOX_PROCESSING_DELAY_MS: PROCESSING_DELAY_MS,
    // Thousands of sandbox posts per account in a day: Outbox's own TikTok cap is raised for the run, as the
    // emulator's is through its control API.
    OUTBOX_DAILY_POST_CAPS: 'tiktok=100000000',
    OUTBOX_WORKER_CONCURRENCY: String(CONCURRENCY),
    ...(db.dialect === 'postgres' ? { OUTBOX_DATABASE_URL: db.url, OUTBOX_ENCRYPTION_KEY: randomBytes(32).toString('hex') } : {}),
  };
  const server = await startChild({ ...env, ...serverEnv, BENCH_ROLE: 'server' });
  const headers = { authorization: `Bearer ${key}`, 'content-type': 'application/json' };
  const call = async (method: string, route: string, body?: unknown) => {
    const res = await fetch(`${server.url}/api/v1${route}`, { method, headers, ...(body !== undefined && { body: JSON.stringify(body) }) });
    const text = await res.text();
    return { status: res.status, json: text === '' ? {} : JSON.parse(text) };
  };
  const control = async (route: string, body: unknown) => {
    const res = await fetch(`${server.url}/sandbox/tiktok/__control/${route}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    if (res.status !== 200) throw new Error(`control ${route} answered ${res.status}: ${await res.text()}`);
  };
  await control('limits', LIMITS);
  const openIds = Array.from({ length: ACCOUNTS }, (_, i) => `bench-creator-${i}`);
  await control('creators', { creators: openIds.map((openId, i) => ({ openId, username: `bench.${i}`, displayName: `Bench ${i}` })) });
  const profileId = (await call('GET', '/profiles')).json.profiles[0]._id as string;
  const accounts: string[] = [];
  for (const openId of openIds) {
    const started = await call('GET', `/connect/tiktok?profileId=${profileId}&redirect_url=${encodeURIComponent('http://127.0.0.1:9/done')}`);
    const hop = await nextHop(await submitConsent(started.json.authUrl as string, { creator: openId }));
    accounts.push(new URL(hop.location!).searchParams.get('accountId')!);
  }
  const fixtures = await ensureMediaFixtures();
  const slot = (await call('POST', '/media/presign', { filename: 'bench.mp4', contentType: 'video/mp4' })).json;
  const put = await fetch(slot.uploadUrl as string, { method: 'PUT', headers: { 'content-type': 'video/mp4' }, body: fs.readFileSync(fixtures.mp4Faststart) });
  if (put.status !== 200) throw new Error(`upload answered ${put.status}`);
  const sql = openSql(db);
  // The template is far in the future, so it never runs; seeded posts copy its rows.
  const created = await call('POST', '/posts', {
    content: 'bench template #outbox', mediaItems: [{ uploadId: slot.uploadId }],
    platforms: [{ platform: 'tiktok', accountId: accounts[0], platformSpecificData: { privacyLevel: 'PUBLIC_TO_EVERYONE' } }],
    scheduledFor: new Date(Date.now() + 400 * 86_400_000).toISOString(),
  });
  if (created.status !== 201) throw new Error(`template post answered ${created.status}: ${JSON.stringify(created.json)}`);
  const template = await readTemplate(sql, created.json.post._id as string);
  return { db, sql, server, env, call, accounts, uploadId: slot.uploadId as string, template, workers: [], drop };
}

async function startWorkers(o: Outbox, count: number, extra: Record<string, string> = {}): Promise<void> {
  const port = new URL(o.server.url).port;
  o.workers = await Promise.all(Array.from({ length: count }, () => startChild({ ...o.env, PORT: port, BENCH_ROLE: 'worker', ...extra })));
}

async function stopWorkers(o: Outbox): Promise<void> {
  await Promise.all(o.workers.map((w) => w.stop()));
  o.workers = [];
}

/** Tells every scheduler that targets became due (PostgreSQL NOTIFY as the API sends it; the in-process event on SQLite). */
async function announce(o: Outbox, runAt: number): Promise<void> {
  if (o.sql.dialect === 'postgres') await o.sql.rows(`select pg_notify('outbox_targets', '${runAt}')`);
  else o.server.send({ type: 'due', runAt });
}

let seedSequence = 0;
async function seed(o: Outbox, count: number, runAt: number, stepMs = 0): Promise<string> {
  seedSequence += 1;
  const prefix = `b${seedSequence}_${randomBytes(3).toString('hex')}_`;
  await seedTargets(o.sql, o.template, { count, prefix, accounts: o.accounts, runAt, stepMs });
  return prefix;
}

/** First-attempt lateness (ms) of the targets whose id starts with `prefix`, once every one has an attempt. */
async function lateness(o: Outbox, prefix: string, count: number, timeoutMs: number): Promise<number[]> {
  const where = `t.id like ${lit(`${prefix}%`)}`;
  await waitUntil(`${count} targets to run`, async () => {
    const [row] = await o.sql.rows<{ n: string }>(`select count(*) as n from post_targets t where ${where} and t.status not in ('scheduled', 'publishing')`);
    return Number(row?.n) >= count;
  }, timeoutMs);
  const rows = await o.sql.rows<{ late: string }>(
    `select min(a.started_at) - t.scheduled_for as late from post_attempts a join post_targets t on t.id = a.target_id where ${where} group by t.id, t.scheduled_for`,
  );
  return rows.map((r) => Number(r.late)).sort((a, b) => a - b);
}

interface Spread { p50: number; p99: number; max: number; samples: number; runs: number }

function spreadOf(runs: number[][]): Spread {
  return {
    p50: median(runs.map((r) => percentile(r, 50))),
    p99: median(runs.map((r) => percentile(r, 99))),
    max: median(runs.map((r) => r[r.length - 1] ?? Number.NaN)),
    samples: runs[0]?.length ?? 0,
    runs: runs.length,
  };
}

/** (a) Targets dispatched per second to the emulator; every run seeds DISPATCH_TARGETS due now with the workers running. */
async function measureDispatch(o: Outbox): Promise<{ runs: number[]; failed: number }> {
  const runs: number[] = [];
  let failed = 0;
  for (let i = 0; i < REPEATS; i += 1) {
    const now = Date.now();
    const prefix = await seed(o, DISPATCH_TARGETS, now);
    await announce(o, now);
    await lateness(o, prefix, DISPATCH_TARGETS, 1_800_000);
    const [row] = await o.sql.rows<{ n: string; first: string; last: string }>(
      `select count(distinct a.target_id) as n, min(a.started_at) as first, max(a.finished_at) as last from post_attempts a ` +
        `where a.target_id like ${lit(`${prefix}%`)} and a.outcome in ('published', 'processing')`,
    );
    const [bad] = await o.sql.rows<{ n: string }>(`select count(*) as n from post_targets where id like ${lit(`${prefix}%`)} and status in ('failed', 'unconfirmed', 'cancelled')`);
    failed += Number(bad?.n);
    const rate = (Number(row?.n) / (Number(row?.last) - Number(row?.first))) * 1000;
    log(`  outbox dispatch run ${i + 1}: ${Number(row?.n)} dispatched in ${Number(row?.last) - Number(row?.first)} ms = ${rate.toFixed(0)}/s (${Number(bad?.n)} not dispatched)`);
    runs.push(rate);
  }
  return { runs, failed };
}

/** (b)/(c)/(d) One post at a time through the API, due SINGLE_LEAD_MS ahead; lateness of each. */
async function measureSingle(o: Outbox, label: string, repeats = REPEATS): Promise<Spread> {
  const runs: number[][] = [];
  for (let r = 0; r < repeats; r += 1) {
    const samples: number[] = [];
    for (let i = 0; i < SINGLE_SAMPLES; i += 1) {
      const created = await o.call('POST', '/posts', {
        content: `lateness ${label} ${r} ${i} ${randomBytes(4).toString('hex')}`, mediaItems: [{ uploadId: o.uploadId }],
        platforms: [{ platform: 'tiktok', accountId: o.accounts[i % o.accounts.length], platformSpecificData: { privacyLevel: 'PUBLIC_TO_EVERYONE' } }],
        scheduledFor: new Date(Date.now() + SINGLE_LEAD_MS).toISOString(),
      });
      if (created.status !== 201) throw new Error(`POST /posts answered ${created.status}: ${JSON.stringify(created.json)}`);
      const postId = created.json.post._id as string;
      await waitUntil('the post to run', async () => (await o.sql.rows(`select 1 from post_attempts where post_id = ${lit(postId)} and finished_at is not null`)).length > 0, 30_000);
      const [row] = await o.sql.rows<{ late: string }>(
        `select min(a.started_at) - t.scheduled_for as late from post_attempts a join post_targets t on t.id = a.target_id where a.post_id = ${lit(postId)} group by t.scheduled_for`,
      );
      samples.push(Number(row?.late));
    }
    samples.sort((a, b) => a - b);
    log(`  ${label} single run ${r + 1}: p50 ${percentile(samples, 50)} ms, max ${samples[samples.length - 1]} ms`);
    runs.push(samples);
  }
  return spreadOf(runs);
}

/** (b)/(c) BURST targets due at one instant, BURST_LEAD_MS ahead, announced as the API would. */
async function measureBurst(o: Outbox, label: string): Promise<Spread> {
  const runs: number[][] = [];
  for (let r = 0; r < REPEATS; r += 1) {
    const at = Date.now() + BURST_LEAD_MS;
    const prefix = await seed(o, BURST, at);
    await announce(o, at);
    const late = await lateness(o, prefix, BURST, 1_800_000);
    log(`  ${label} burst run ${r + 1}: p50 ${percentile(late, 50)} ms, p99 ${percentile(late, 99)} ms, max ${late[late.length - 1]} ms`);
    runs.push(late);
  }
  return spreadOf(runs);
}

/** (d) claimDueTargets (limit CONCURRENCY) with 8 targets due and `waiting` future ones, the workers stopped. */
async function measureClaims(o: Outbox & { db: { dialect: 'postgres'; url: string } }): Promise<number[]> {
  const store = createStore(o.db, { poolSize: 1 });
  const times: number[] = [];
  try {
    for (let i = 0; i < CLAIM_SAMPLES; i += 1) {
      const prefix = await seed(o, CONCURRENCY, Date.now() - 1_000);
      const started = performance.now();
      const claimed = await claimDueTargets(store.db, 'postgres', { owner: 'bench', now: Date.now(), leaseMs: 60_000, limit: CONCURRENCY });
      times.push(performance.now() - started);
      if (claimed.length !== CONCURRENCY) throw new Error(`claimed ${claimed.length}, expected ${CONCURRENCY}`);
      // Out of the runnable index again, so the next sample starts from the same waiting set.
      await o.sql.rows(`update post_targets set status = 'cancelled', run_at = null, lease_owner = null where id like ${lit(`${prefix}%`)}`);
    }
  } finally {
    await store.close();
  }
  return times.sort((a, b) => a - b);
}

/** graphile-worker: WORKERS processes × CONCURRENCY, GRAPHILE_JOBS no-op jobs added at once, per run on a fresh database. */
async function measureGraphile(): Promise<number[]> {
  const { runMigrations, makeWorkerUtils } = await import('graphile-worker');
  const runs: number[] = [];
  for (let r = 0; r < REPEATS; r += 1) {
    const db = await createTestDatabase();
    try {
      await runMigrations({ connectionString: db.url, logger: undefined });
      const children = await Promise.all(
        Array.from({ length: WORKERS }, () => startChild({ BENCH_ROLE: 'graphile', GRAPHILE_DATABASE_URL: db.url, GRAPHILE_CONCURRENCY: String(CONCURRENCY) })),
      );
      const utils = await makeWorkerUtils({ connectionString: db.url });
      try {
        for (let i = 0; i < GRAPHILE_JOBS; i += 5_000) {
          await utils.addJobs(Array.from({ length: Math.min(5_000, GRAPHILE_JOBS - i) }, () => ({ identifier: 'noop', payload: {} })));
        }
        const client = new pg.Client({ connectionString: db.url });
        await client.connect();
        try {
          await waitUntil('graphile jobs to finish', async () => Number((await client.query('select count(*) as n from graphile_worker._private_jobs')).rows[0].n) === 0, 600_000);
        } finally {
          await client.end();
        }
      } finally {
        await utils.release();
      }
      const stats = (await Promise.all(children.map((c) => c.stop()))).filter((s) => s !== undefined);
      const count = stats.reduce((n, s) => n + (s['count'] ?? 0), 0);
      const first = Math.min(...stats.map((s) => s['first'] ?? Number.POSITIVE_INFINITY));
      const last = Math.max(...stats.map((s) => s['last'] ?? 0));
      const rate = (count / (last - first)) * 1000;
      log(`  graphile-worker run ${r + 1}: ${count} jobs in ${last - first} ms = ${rate.toFixed(0)}/s`);
      runs.push(rate);
    } finally {
      await db.drop();
    }
  }
  return runs;
}

interface Row { what: string; result: string; goal: string; verdict: string }

async function main(): Promise<void> {
  const startedAt = new Date().toISOString();
  const withPostgres = await postgresReachable();
  log(
    `Scheduler benchmark: compiled dist/ in child processes; median of ${REPEATS} runs unless noted; ${os.cpus().length} CPUs, Node ${process.version}.\n` +
      `"Dispatched": the TikTok adapter's publish returned published or processing (attempt outcome published|processing).\n` +
      `Lateness: post_attempts.started_at − post_targets.scheduled_for of a target's first attempt.\n` +
      `Emulator: OUTBOX_SANDBOX_PROCESSING_DELAY_MS=${PROCESSING_DELAY_MS} in the server child, limits raised through /__control/limits and OUTBOX_DAILY_POST_CAPS, ${ACCOUNTS} sandbox accounts.\n` +
      `Seeding: the template post is created through the API; bulk targets are copies of its rows, INSERT … SELECT over a generated series.\n` +
      `PostgreSQL at ${TEST_PG_URL}: ${withPostgres ? 'fresh databases' : 'not reachable, PostgreSQL rows skipped'}.`,
  );
  const rows: Row[] = [];
  const results: Record<string, unknown> = {};
  const fmt = (ms: number) => `${Math.round(ms)}`;
  const spreadText = (s: Spread) => `p50 ${fmt(s.p50)} / p99 ${fmt(s.p99)} / max ${fmt(s.max)} ms`;

  if (withPostgres) {
    log('\nPostgreSQL: API server (no worker) + 2 × `outbox worker`');
    const database = await createTestDatabase();
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'outbox-bench-sched-'));
    const o = (await startOutbox({ dialect: 'postgres', url: database.url }, {}, database.drop, dataDir)) as Outbox & { db: { dialect: 'postgres'; url: string } };
    try {
      await startWorkers(o, WORKERS);
      const dispatch = await measureDispatch(o);
      log('graphile-worker (same PostgreSQL server, fresh database per run)');
      const graphile = await measureGraphile();
      const ratio = median(dispatch.runs) / median(graphile);
      results['dispatch'] = { outbox: dispatch.runs, graphile, ratio, failed: dispatch.failed };
      rows.push({ what: `(a) dispatch, PG, ${WORKERS}×${CONCURRENCY}, TikTok emulator`, result: `${fmt(median(dispatch.runs))} targets/s${dispatch.failed ? ` (${dispatch.failed} not dispatched)` : ''}`, goal: '', verdict: '' });
      rows.push({ what: `    graphile-worker no-op, PG, ${WORKERS}×${CONCURRENCY}`, result: `${fmt(median(graphile))} jobs/s`, goal: '', verdict: '' });
      rows.push({ what: '    ratio Outbox / graphile-worker', result: ratio.toFixed(3), goal: `≥ ${GOALS.throughputRatio}`, verdict: ratio >= GOALS.throughputRatio ? 'met' : `MISSED (${(GOALS.throughputRatio / ratio).toFixed(1)}× short)` });

      const single = await measureSingle(o, 'PG');
      results['singlePg'] = single;
      rows.push({ what: '(b) lateness, 1 target via API, PG, TikTok emulator', result: spreadText(single), goal: `p99 ≤ ${GOALS.singleP99Ms} ms`, verdict: single.p99 <= GOALS.singleP99Ms ? 'met' : `MISSED by ${fmt(single.p99 - GOALS.singleP99Ms)} ms` });

      await stopWorkers(o);
      await startWorkers(o, WORKERS, { BENCH_NOOP_PLATFORM: '1' });
      const burst = await measureBurst(o, 'PG');
      results['burstPg'] = burst;
      rows.push({ what: `(b) lateness, ${BURST} due at once, PG, no-op platform`, result: spreadText(burst), goal: `p99 ≤ ${GOALS.burstP99Ms} ms`, verdict: burst.p99 <= GOALS.burstP99Ms ? 'met' : `MISSED by ${fmt(burst.p99 - GOALS.burstP99Ms)} ms` });
      await stopWorkers(o);

      const growth: Array<{ waiting: number; claimMs: number; single: Spread }> = [];
      let waiting = 0;
      for (const level of WAITING_LEVELS) {
        const seedStarted = performance.now();
        while (waiting < level) {
          const chunk = Math.min(100_000, level - waiting);
          // Future targets one second apart from tomorrow on: waiting in the runnable index, none due.
          await seed(o, chunk, Date.now() + 86_400_000 + (waiting * 1000), 1000);
          waiting += chunk;
        }
        await o.sql.rows('analyze post_targets');
        log(`  seeded to ${level} waiting targets in ${Math.round(performance.now() - seedStarted)} ms`);
        const claims = await measureClaims(o);
        await startWorkers(o, WORKERS);
        const repeats = level >= 1_000_000 ? 1 : REPEATS;
        const single = await measureSingle(o, `PG ${level} waiting`, repeats);
        await stopWorkers(o);
        const claimMs = percentile(claims, 50);
        log(`  ${level} waiting: claim p50 ${claimMs.toFixed(2)} ms (p99 ${percentile(claims, 99).toFixed(2)} ms over ${claims.length})`);
        growth.push({ waiting: level, claimMs, single });
      }
      results['growth'] = growth;
      const base = growth[0]!;
      for (const g of growth) {
        const factor = g.claimMs / base.claimMs;
        rows.push({
          what: `(d) ${g.waiting.toLocaleString('en-US')} future targets waiting, PG`,
          result: `claim ${g.claimMs.toFixed(2)} ms (${factor.toFixed(2)}× 10k); 1 target ${spreadText(g.single)}${g.single.runs < REPEATS ? ` (${g.single.runs} run)` : ''}`,
          goal: g === base ? '' : `claim ≤ ${GOALS.claimGrowth}× 10k`,
          verdict: g === base ? '' : factor <= GOALS.claimGrowth ? 'met' : `MISSED (${factor.toFixed(2)}×)`,
        });
      }
    } finally {
      await stopWorkers(o);
      await o.server.stop();
      await o.sql.close();
      await o.drop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  }

  for (const noop of [false, true]) {
    log(`\nSQLite: one \`outbox serve\` process (API + scheduler${noop ? ', no-op platform' : ''})`);
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'outbox-bench-sched-'));
    const o = await startOutbox({ dialect: 'sqlite', file: path.join(dataDir, 'outbox.db') }, { BENCH_WORKER: '1', ...(noop && { BENCH_NOOP_PLATFORM: '1' }) }, async () => undefined, dataDir);
    try {
      if (!noop) {
        const single = await measureSingle(o, 'SQLite');
        results['singleSqlite'] = single;
        rows.push({ what: '(c) lateness, 1 target via API, SQLite, TikTok emulator', result: spreadText(single), goal: `p99 ≤ ${GOALS.singleP99Ms} ms`, verdict: single.p99 <= GOALS.singleP99Ms ? 'met' : `MISSED by ${fmt(single.p99 - GOALS.singleP99Ms)} ms` });
      } else {
        const burst = await measureBurst(o, 'SQLite');
        results['burstSqlite'] = burst;
        rows.push({ what: `(c) lateness, ${BURST} due at once, SQLite, no-op platform`, result: spreadText(burst), goal: `p99 ≤ ${GOALS.burstP99Ms} ms`, verdict: burst.p99 <= GOALS.burstP99Ms ? 'met' : `MISSED by ${fmt(burst.p99 - GOALS.burstP99Ms)} ms` });
      }
    } finally {
      await o.server.stop();
      await o.sql.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  }

  const header: Row = { what: 'case', result: 'result (median of runs)', goal: 'goal', verdict: 'verdict' };
  const widths = (['what', 'result', 'goal', 'verdict'] as const).map((k) => Math.max(...[header, ...rows].map((r) => r[k].length)));
  const line = (r: Row) => [r.what, r.result, r.goal, r.verdict].map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd();
  log(`\n${[line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n')}`);
  log(`Single-target rows: ${SINGLE_SAMPLES} posts per run, each due ${SINGLE_LEAD_MS} ms after it is created, so p99 is the run's slowest.`);
  const dir = fileURLToPath(new URL('./results/', import.meta.url));
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `scheduler-${startedAt.replace(/[:.]/g, '-')}.json`);
  fs.writeFileSync(file, `${JSON.stringify({ startedAt, node: process.version, cpus: os.cpus().length, workers: WORKERS, concurrency: CONCURRENCY, results, rows }, null, 2)}\n`);
  log(`Results: ${path.relative(process.cwd(), file)}`);
}

await main();
