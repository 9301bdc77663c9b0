import fs from 'node:fs';
import { connectPlatforms } from '../../src/context.js';
import { ensureMediaFixtures, type MediaFixtureName } from '../fixtures/media.js';
import { createTestApi, type TestApi } from './context.js';
import { nextHop, submitConsent } from './consent.js';
import type { TestDialect } from './dialects.js';

type Json = Record<string, any>;

/** A listening API in real time with sandbox TikTok accounts connected, and helpers to drive posts. */
export interface PostingHarness extends TestApi {
  origin: string;
  profileId: string;
  /** Connected account ids, one per sandbox creator. */
  accounts: string[];
  /** Creator open_ids, in the same order as `accounts`. */
  openIds: string[];
  /** An authenticated JSON call under /api/v1. */
  call(method: string, path: string, body?: unknown): Promise<{ status: number; json: Json }>;
  /** Presigns and PUTs a fixture; resolves its upload id and public URL. */
  upload(fixture?: MediaFixtureName): Promise<{ uploadId: string; publicUrl: string }>;
  /** POSTs to the TikTok emulator's control API. */
  control(path: string, body: unknown): Promise<Json>;
  /** The emulator's published posts. */
  published(): Array<{ publishId: string; openId: string; title: string; status: string }>;
  /** Polls a post until `done` holds (real time), failing after `timeoutMs`. */
  waitFor(postId: string, done: (post: Json) => boolean, timeoutMs?: number): Promise<Json>;
}

type Call = (method: string, path: string, body?: unknown) => Promise<{ status: number; json: Json }>;

/**
 * Adds `count` creators to the TikTok sandbox (through its control API) and connects each to the default profile
 * through the real consent flow, as a user would. Resolves the profile, the creators' open_ids and the account ids.
 */
export async function connectSandboxCreators(
  call: Call,
  control: (path: string, body: unknown) => Promise<unknown>,
  prefix: string,
  count: number,
): Promise<{ profileId: string; openIds: string[]; accounts: string[] }> {
  const openIds = Array.from({ length: count }, (_, i) => `${prefix}-${i}`);
  await control('creators', { creators: openIds.map((openId, i) => ({ openId, username: `${prefix}.${i}`, displayName: `${prefix} ${i}` })) });
  const profileId = (await call('GET', '/profiles')).json.profiles[0]._id as string;
  const accounts: string[] = [];
  for (const openId of openIds) {
    const started = await call('GET', `/connect/tiktok?profileId=${profileId}&redirect_url=${encodeURIComponent('http://127.0.0.1:9/done')}`);
    const hop = await nextHop(await submitConsent(started.json.authUrl as string, { creator: openId }));
    accounts.push(new URL(hop.location!).searchParams.get('accountId')!);
  }
  return { profileId, openIds, accounts };
}

/** Options of the harness. */
export interface PostingHarnessOptions {
  accounts?: number;
  env?: Record<string, string>;
  /** Deadline of each platform call, so a test can outwait it (Default: the HTTP client's). */
  httpTimeoutMs?: number;
}

/**
 * Fast scheduling for tests: short retries and leases, quick emulator processing, and per-creator TikTok rate limits
 * raised through the emulator's options (each test that is about rate limits sets its own).
 */
export async function createPostingHarness(dialect: TestDialect, options: PostingHarnessOptions = {}): Promise<PostingHarness> {
  const t = await createTestApi(
    dialect,
    {
      OUTBOX_RETRY_BASE_MS: '20',
      OUTBOX_RETRY_MAX_DELAY_MS: '200',
      OUTBOX_RETRY_MAX_ATTEMPTS: '4',
      OUTBOX_WORKER_LEASE_MS: '3000',
      ...options.env,
    },
    {
      realClock: true,
      platformTuning: {
        ...(options.httpTimeoutMs !== undefined && { httpTimeoutMs: options.httpTimeoutMs }),
        tiktokPublish: { statusPollIntervalMs: 10, statusPollBudgetMs: 2_000, processingPollAfterMs: 30 },
        tiktokEmulator: {
          processingDelayMs: 20,
          moderationDelayMs: 20,
          limits: { rateLimitsPerMinute: { creatorInfo: 10_000, videoInit: 10_000, statusFetch: 100_000 }, directPostsPer24h: 1_000 },
        },
      },
    },
  );
  const origin = await t.app.listen({ port: 0, host: '127.0.0.1' });
  connectPlatforms(t.ctx, Number(new URL(origin).port));
  const call = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${origin}/api/v1${path}`, {
      method,
      headers: { ...t.auth(), ...(body !== undefined && { 'content-type': 'application/json' }) },
      ...(body !== undefined && { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    return { status: res.status, json: (text === '' ? {} : JSON.parse(text)) as Json };
  };
  const control = async (path: string, body: unknown) => {
    const res = await fetch(`${origin}/sandbox/tiktok/__control/${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    return (await res.json()) as Json;
  };
  const { profileId, openIds, accounts } = await connectSandboxCreators(call, control, 'creator', options.accounts ?? 1);
  const fixtures = await ensureMediaFixtures();
  return {
    ...t,
    origin,
    profileId,
    accounts,
    openIds,
    call,
    control,
    async upload(fixture = 'mp4Faststart') {
      const slot = (await call('POST', '/media/presign', { filename: `${fixture}.mp4`, contentType: 'video/mp4' })).json;
      const put = await fetch(slot.uploadUrl as string, { method: 'PUT', headers: { 'content-type': 'video/mp4' }, body: fs.readFileSync(fixtures[fixture]) });
      if (put.status !== 200) throw new Error(`PUT answered ${put.status}: ${await put.text()}`);
      return { uploadId: slot.uploadId as string, publicUrl: slot.publicUrl as string };
    },
    published: () => t.ctx.sandbox!.tiktok.state.posts().filter((p) => p.status === 'PUBLISH_COMPLETE'),
    async waitFor(postId, done, timeoutMs = 30_000) {
      const deadline = Date.now() + timeoutMs;
      let last: Json = {};
      while (Date.now() < deadline) {
        last = (await call('GET', `/posts/${postId}`)).json.post as Json;
        if (last && done(last)) return last;
        await new Promise((resolve) => setTimeout(resolve, 25));
      }
      throw new Error(`post ${postId} did not reach the expected state: ${JSON.stringify(last)}`);
    },
  };
}
