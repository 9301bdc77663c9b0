import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { sql } from 'kysely';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { createStore, type Store } from '../../src/store/db.js';
import { ensureMediaFixtures } from '../fixtures/media.js';
import { connectSandboxCreators } from '../helpers/posting.js';
import { createTestDatabaseFor, type TestDatabase, type TestDialect } from '../helpers/dialects.js';

/*
 * Crash safety of the scheduler across real processes: one `outbox serve --no-worker` (the API and the TikTok
 * emulator, which keeps the record of what was published) and `outbox worker` processes that are killed with SIGKILL
 * at random moments and replaced, until every post is final. Whatever a kill interrupts (a claim, an init whose
 * handle was not saved yet, an upload, a status poll), each post must end published exactly once, or carry a reason.
 */

const ROOT = path.resolve(import.meta.dirname, '../..');
const KEY = 'chaos-test-bootstrap-key-0123456789';
const TERMINAL = ['published', 'failed', 'unconfirmed', 'cancelled'];
/** `OUTBOX_TEST_CHAOS_DEBUG=1` prints the targets' statuses and the attempts' outcomes every second. */
/** Posts of the PostgreSQL run, over 25 accounts (`OUTBOX_TEST_CHAOS_POSTS`, Default: 500; lower it on a crowded machine). */
const PG_POSTS = Number(process.env['OUTBOX_TEST_CHAOS_POSTS'] ?? 500);

type Json = Record<string, any>;

interface Child {
  process: ChildProcess;
  /** Resolves once the process printed `marker`. */
  ready: Promise<void>;
  /** When it printed `marker` (ms since the epoch), or undefined before. */
  readyAt(): number | undefined;
  exited: Promise<number | null>;
  /** The last few kilobytes of its output, for a failure message. */
  tail(): string;
}

function startChild(args: string[], env: NodeJS.ProcessEnv, marker: RegExp): Child {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/main.ts', ...args], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  let readyAt: number | undefined;
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const readyPromise = new Promise<void>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-8_000);
      if (readyAt === undefined && marker.test(output)) {
        readyAt = Date.now();
        resolve();
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    void exited.then((code) => reject(new Error(`outbox ${args.join(' ')} exited (${code}) before it was ready:\n${output}`)));
  });
  readyPromise.catch(() => undefined);
  return { process: child, ready: readyPromise, readyAt: () => readyAt, exited, tail: () => output };
}

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

interface ChaosOptions {
  dialect: TestDialect;
  accounts: number;
  postsPerAccount: number;
  /** Worker processes kept alive at once. */
  workers: number;
  concurrency: number;
  /** Kills in all; then the workers left finish the work, so the run always ends. */
  kills: number;
  deadlineMs: number;
}

interface ChaosResult {
  kills: number;
  workersStarted: number;
  durationMs: number;
  statuses: Record<string, number>;
  publishComplete: number;
  phases: Record<string, number>;
}

async function runChaos(options: ChaosOptions, children: Child[], testDb: TestDatabase): Promise<ChaosResult> {
  const startedAt = Date.now();
  const port = await freePort();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    PORT: String(port),
    HOST: '127.0.0.1',
    OUTBOX_DATA_DIR: testDb.dataDir,
    OUTBOX_DATABASE_URL: testDb.database.dialect === 'postgres' ? testDb.database.url : `sqlite:${testDb.database.file}`,
    OUTBOX_ENCRYPTION_KEY: '0'.repeat(64),
    OUTBOX_BOOTSTRAP_API_KEY: KEY,
    OUTBOX_LOG_LEVEL: 'info',
    OUTBOX_SANDBOX: 'true',
    // The test creates hundreds of posts with one key; the API's per-key rate limit is not what is tested here.
    OUTBOX_RATE_LIMIT: '1000000',
    OUTBOX_WORKER_CONCURRENCY: String(options.concurrency),
    OUTBOX_WORKER_LEASE_MS: '3000',
    OUTBOX_RETRY_BASE_MS: '200',
    OUTBOX_RETRY_MAX_DELAY_MS: '2000',
  };
  const server = startChild(['serve', '--no-worker'], env, /Outbox is running at/);
  children.push(server);
  await server.ready;
  const origin = `http://127.0.0.1:${port}`;
  const call = async (method: string, route: string, body?: unknown) => {
    const res = await fetch(`${origin}/api/v1${route}`, {
      method,
      headers: { authorization: `Bearer ${KEY}`, ...(body !== undefined && { 'content-type': 'application/json' }) },
      ...(body !== undefined && { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    return { status: res.status, json: (text === '' ? {} : JSON.parse(text)) as Json };
  };
  const control = async (route: string, body: unknown) => {
    const res = await fetch(`${origin}/sandbox/tiktok/__control/${route}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect(res.status, `${route}: ${await res.clone().text()}`).toBe(200);
  };

  // Many creators, each with TikTok's per-token limits raised in the emulator only: Outbox keeps its own defaults.
  await control('limits', { rateLimitsPerMinute: { creatorInfo: 1_000_000, videoInit: 1_000_000, statusFetch: 1_000_000, userInfo: 1_000_000 }, directPostsPer24h: 1_000_000 });
  const { accounts } = await connectSandboxCreators(call, control, 'chaos-creator', options.accounts);
  const fixtures = await ensureMediaFixtures();
  const slot = (await call('POST', '/media/presign', { filename: 'chaos.mp4', contentType: 'video/mp4' })).json;
  const put = await fetch(slot.uploadUrl as string, { method: 'PUT', headers: { 'content-type': 'video/mp4' }, body: fs.readFileSync(fixtures.mp4Faststart) });
  expect(put.status).toBe(200);

  const store: Store = createStore(testDb.database);
  const total = options.accounts * options.postsPerAccount;
  const counts = async () => {
    const rows = await store.db.selectFrom('post_targets').select(['status']).select((eb) => eb.fn.countAll<number>().as('n')).groupBy('status').execute();
    return Object.fromEntries(rows.map((row) => [row.status, Number(row.n)])) as Record<string, number>;
  };
  const phases: Record<string, number> = { setupMs: Date.now() - startedAt };

  // The workers start before the posts exist and the kills start with them, so claims race the API's inserts too.
  let workersStarted = 0;
  const workers: Child[] = [];
  const startWorker = () => {
    const worker = startChild(['worker'], env, /worker started/);
    workersStarted += 1;
    workers.push(worker);
    children.push(worker);
  };
  const alive = () => workers.filter((w) => w.process.exitCode === null && w.process.signalCode === null);
  let kills = 0;
  let statuses: Record<string, number> = {};
  let created = 0;
  let stopped = false;
  const chaos = (async () => {
    const deadline = startedAt + options.deadlineMs;
    // Each worker is killed after a random number of its attempts have finished (at least one, so every generation
    // moves the work on however slowly processes start): the kill then lands wherever its other attempts are, in a
    // claim, an init whose handle is not saved yet, an upload or a status poll.
    const quota = new Map<Child, number>();
    const spread = Math.max(2, Math.floor((2 * total) / ((options.kills + 1) * options.workers)));
    while (!stopped) {
      statuses = await counts();
      const terminal = TERMINAL.reduce((sum, status) => sum + (statuses[status] ?? 0), 0);
      if (created === total && terminal === total) return;
      if (Date.now() > deadline) {
        throw new Error(`only ${terminal} of ${total} targets are final: ${JSON.stringify(statuses)}\n${workers.map((w) => w.tail().slice(-1500)).join('\n---\n')}`);
      }
      const finished = new Map(
        (await store.db.selectFrom('post_attempts').select('worker').select((eb) => eb.fn.countAll<number>().as('n')).where('outcome', '!=', 'running').groupBy('worker').execute()).map((row) => [row.worker, Number(row.n)]),
      );
      for (const worker of alive()) {
        const id = /"instanceId":"([^"]+)"[^\n]*worker started/.exec(worker.tail())?.[1];
        if (id === undefined || kills >= options.kills) continue;
        if (!quota.has(worker)) quota.set(worker, 1 + Math.floor(Math.random() * spread));
        if ((finished.get(id) ?? 0) >= quota.get(worker)!) {
          worker.process.kill('SIGKILL');
          await worker.exited;
          kills += 1;
        }
      }
      for (let i = alive().length; i < options.workers; i += 1) startWorker();
      if (process.env['OUTBOX_TEST_CHAOS_DEBUG']) {
        const attempts = await store.db.selectFrom('post_attempts').select(['outcome']).select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.avg<number>(sql`finished_at - started_at`).as('ms')]).groupBy('outcome').execute();
        process.stderr.write(`${Date.now() - startedAt} created=${created} kills=${kills} ${JSON.stringify(statuses)} ${JSON.stringify(attempts)}\n`);
      }
      await sleep(process.env['OUTBOX_TEST_CHAOS_DEBUG'] ? 1000 : 100);
    }
  })();
  chaos.catch(() => undefined);

  const titles: string[] = [];
  const creates: Array<Promise<void>> = [];
  try {
    for (let n = 0; n < options.postsPerAccount; n += 1) {
      for (let a = 0; a < options.accounts; a += 1) {
        const title = `chaos post ${n} for account ${a}`;
        titles.push(title);
        creates.push(
          call('POST', '/posts', {
            content: title,
            mediaItems: [{ uploadId: slot.uploadId }],
            // Private posts are final once processed; public ones also wait for moderation, which adds nothing here.
            platforms: [{ platform: 'tiktok', accountId: accounts[a], platformSpecificData: { privacyLevel: 'SELF_ONLY' } }],
            // Due a few seconds after it is created: a time already past would be published inside the request.
            scheduledFor: new Date(Date.now() + 2_000 + Math.floor(Math.random() * 2_000)).toISOString(),
          }).then((res) => {
            expect(res.status, `${JSON.stringify(res.json)}\n${server.tail()}`).toBe(201);
            created += 1;
          }),
        );
        // A few requests at a time: the server shares two cores with everything else.
        if (creates.length >= 16) await Promise.all(creates.splice(0));
      }
    }
    await Promise.all(creates);
    phases['createMs'] = Date.now() - startedAt - phases['setupMs']!;
    await chaos;
  } finally {
    stopped = true;
    await chaos.catch(() => undefined);
    await store.close();
  }

  const state = (await (await fetch(`${origin}/sandbox/tiktok/__control/state`)).json()) as { posts: Array<{ publishId: string; title: string; status: string }> };
  const complete = state.posts.filter((post) => post.status === 'PUBLISH_COMPLETE');
  const byTitle = new Map<string, number>();
  for (const post of complete) byTitle.set(post.title, (byTitle.get(post.title) ?? 0) + 1);
  const twice = [...byTitle].filter(([, n]) => n > 1);
  expect(twice, 'titles published more than once').toEqual([]);

  // Every target is final; those not published say why; the published ones match the emulator's record one to one.
  const check: Store = createStore(testDb.database);
  try {
    const targets = await check.db
      .selectFrom('post_targets')
      .innerJoin('posts', 'posts.id', 'post_targets.post_id')
      .select(['post_targets.status', 'post_targets.external_ref', 'post_targets.error_code', 'post_targets.error_message', 'posts.content'])
      .execute();
    expect(targets).toHaveLength(total);
    expect(new Set(targets.map((t) => t.content))).toEqual(new Set(titles));
    const publishIdByTitle = new Map(complete.map((post) => [post.title, post.publishId]));
    for (const target of targets) {
      expect(TERMINAL.slice(0, 3), `${target.content}: ${target.status}`).toContain(target.status);
      if (target.status === 'published') {
        expect(publishIdByTitle.get(target.content!), target.content!).toBe(target.external_ref);
      } else {
        expect(target.error_code, target.content!).toMatch(/\S/);
        expect(target.error_message, target.content!).toMatch(/\S/);
        // A failed target is provably not published; only an unconfirmed one may have been.
        if (target.status === 'failed') expect(byTitle.has(target.content!), target.content!).toBe(false);
      }
    }
    const published = targets.filter((t) => t.status === 'published').length;
    expect(complete.length).toBeGreaterThanOrEqual(published);
    expect(complete.length).toBeLessThanOrEqual(published + targets.filter((t) => t.status === 'unconfirmed').length);
  } finally {
    await check.close();
  }
  return { kills, workersStarted, durationMs: Date.now() - startedAt, phases, statuses, publishComplete: complete.length };
}

describe('kill -9 of workers', () => {
  let children: Child[] = [];
  let testDb: TestDatabase | undefined;
  afterEach(async () => {
    for (const child of children) if (child.process.exitCode === null && child.process.signalCode === null) child.process.kill('SIGKILL');
    await Promise.all(children.map((child) => child.exited));
    children = [];
    await testDb?.cleanup();
    testDb = undefined;
  });

  const report = (name: string, result: ChaosResult) =>
    process.stdout.write(`\n${name}: ${result.kills} kills, ${result.workersStarted} workers started, ${result.publishComplete} PUBLISH_COMPLETE, targets ${JSON.stringify(result.statuses)}, ${(result.durationMs / 1000).toFixed(1)} s ${JSON.stringify(result.phases)}\n`);

  (inject('postgresAvailable') ? it : it.skip)(
    `PostgreSQL, two workers: ${PG_POSTS} posts over 25 accounts each publish exactly once`,
    async () => {
      testDb = await createTestDatabaseFor('postgres');
      const result = await runChaos(
        { dialect: 'postgres', accounts: 25, postsPerAccount: Math.ceil(PG_POSTS / 25), workers: 2, concurrency: 40, kills: 12, deadlineMs: 200_000 },
        children,
        testDb,
      );
      report('kill -9 [postgres]', result);
      expect(result.kills).toBe(12);
      const total = 25 * Math.ceil(PG_POSTS / 25);
      expect(result.statuses['published']).toBe(total);
      expect(result.publishComplete).toBe(total);
    },
    240_000,
  );
});
