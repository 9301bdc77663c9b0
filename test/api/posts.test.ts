import { afterEach, beforeEach, expect, it } from 'vitest';
import { startScheduler, type Scheduler } from '../../src/scheduler/scheduler.js';
import { describeEachDialect } from '../helpers/dialects.js';
import { createPostingHarness, type PostingHarness } from '../helpers/posting.js';

const tiktok = { privacyLevel: 'PUBLIC_TO_EVERYONE' };

describeEachDialect('posts', (dialect) => {
  let h: PostingHarness;
  let scheduler: Scheduler | undefined;
  let video: { uploadId: string; publicUrl: string };

  beforeEach(async () => {
    h = await createPostingHarness(dialect, { accounts: 2 });
    video = await h.upload();
  });
  afterEach(async () => {
    await scheduler?.stop();
    scheduler = undefined;
    await h.close();
  });

  const target = (i = 0, extra: Record<string, unknown> = {}) => ({ platform: 'tiktok', accountId: h.accounts[i], platformSpecificData: tiktok, ...extra });

  it('publishes a scheduled post at its time, exactly once, with the attempt on record', async () => {
    scheduler = startScheduler(h.ctx);
    const at = new Date(Date.now() + 300).toISOString();
    const created = await h.call('POST', '/posts', { content: 'hello #outbox', mediaItems: [{ uploadId: video.uploadId }], platforms: [target()], scheduledFor: at });
    expect(created.status).toBe(201);
    expect(created.json.post.status).toBe('scheduled');
    expect(h.published()).toHaveLength(0);
    const done = await h.waitFor(created.json.post._id, (p) => p.status === 'published');
    expect(Date.parse(done.platforms[0].publishedAt)).toBeGreaterThanOrEqual(Date.parse(at));
    expect(done.platforms[0]).toMatchObject({ status: 'published', attempts: 1 });
    expect(done.platforms[0].externalRef).toMatch(/\S/);
    expect(h.published().map((p) => p.title)).toEqual(['hello #outbox']);
    const attempts = await h.call('GET', `/posts/${created.json.post._id}/attempts`);
    expect(attempts.json.attempts.map((a: { outcome: string }) => a.outcome)).toEqual(['published']);
  });

  it('publishes now in the request: 201 with the post URL', async () => {
    const res = await h.call('POST', '/posts', { content: 'now', mediaItems: [{ url: video.publicUrl }], platforms: [target()], publishNow: true });
    expect(res.status).toBe(201);
    expect(res.json.post.status).toBe('published');
    expect(res.json.post.platforms[0].platformPostUrl).toMatch(/^https:\/\/www\.tiktok\.com\/@creator\.0\/video\/\d+$/);
  });

  it('answers 207 with platformResults when one target fails and another publishes', async () => {
    await h.control('faults', { endpoint: 'video.init', openId: h.openIds[1], kind: 'error', status: 400, code: 'spam_risk_text' });
    const res = await h.call('POST', '/posts', { content: 'half', mediaItems: [{ uploadId: video.uploadId }], platforms: [target(0), target(1)], publishNow: true });
    expect(res.status).toBe(207);
    expect(res.json.post.status).toBe('partial');
    expect(res.json.platformResults.map((r: { status: string }) => r.status)).toEqual(['published', 'failed']);
    expect(res.json.post.platforms[1]).toMatchObject({ errorCode: 'PLATFORM_REJECTED', errorCategory: 'user_content' });
  });

  it('refuses a post a platform would reject, naming every problem at once', async () => {
    const short = await h.upload('mp4Short2900ms');
    const res = await h.call('POST', '/posts', {
      content: 'x'.repeat(2201),
      mediaItems: [{ uploadId: short.uploadId }],
      platforms: [{ platform: 'tiktok', accountId: h.accounts[0] }, { platform: 'tiktok', accountId: 'f'.repeat(24) }, { platform: 'bluesky', accountId: h.accounts[1] }],
      scheduledFor: new Date(Date.now() + 60_000).toISOString(),
    });
    expect(res.status).toBe(400);
    const codes = res.json.details.violations.map((v: { code: string; field: string }) => `${v.code}@${v.field}`);
    expect(codes.sort()).toEqual([
      'ACCOUNT_NOT_FOUND@platforms[1].accountId',
      'MEDIA_DURATION_TOO_SHORT@mediaItems[0].durationMs',
      'POST_CAPTION_TOO_LONG@content',
      'POST_PLATFORM_MISMATCH@platforms[2].platform',
      'POST_SETTING_REQUIRED@platforms[0].platformSpecificData.privacy_level',
    ]);
    expect((await h.call('GET', '/posts')).json.posts).toHaveLength(0);
  });

  it('saves a draft without accounts in the default profile, and refuses a queue profile the key cannot see', async () => {
    const draft = await h.call('POST', '/posts', { content: 'idea for later' });
    expect(draft.status).toBe(201);
    expect(draft.json.post).toMatchObject({ status: 'draft', platforms: [] });
    expect((await h.call('GET', `/posts?profileId=${h.profileId}&status=draft`)).json.posts.map((p: { _id: string }) => p._id)).toEqual([draft.json.post._id]);
    const foreign = await h.call('POST', '/posts', { content: 'elsewhere', isDraft: true, queuedFromProfile: 'f'.repeat(24) });
    expect(foreign.status).toBe(400);
    expect(foreign.json.details.violations).toEqual([expect.objectContaining({ code: 'PROFILE_NOT_FOUND', field: 'queuedFromProfile' })]);
  });

  it('refuses the same content to the same account within 24 hours, naming the first post', async () => {
    const body = { content: 'once', mediaItems: [{ uploadId: video.uploadId }], platforms: [target()], scheduledFor: new Date(Date.now() + 60_000).toISOString() };
    const first = await h.call('POST', '/posts', body);
    const again = await h.call('POST', '/posts', body);
    expect(again.status).toBe(409);
    expect(again.json).toMatchObject({ code: 'DUPLICATE_CONTENT', details: { existingPostId: first.json.post._id, accountId: h.accounts[0] } });
    expect((await h.call('POST', '/posts', { ...body, allowDuplicateContent: true })).status).toBe(201);
  });

  it('never publishes a post deleted before its time', async () => {
    scheduler = startScheduler(h.ctx);
    const created = await h.call('POST', '/posts', { content: 'gone', mediaItems: [{ uploadId: video.uploadId }], platforms: [target()], scheduledFor: new Date(Date.now() + 400).toISOString() });
    expect((await h.call('DELETE', `/posts/${created.json.post._id}`)).status).toBe(200);
    expect((await h.call('GET', `/posts/${created.json.post._id}`)).status).toBe(404);
    await new Promise((resolve) => setTimeout(resolve, 700));
    expect(h.ctx.sandbox!.tiktok.state.posts()).toHaveLength(0);
  });

  it('publishes the edited version of a rescheduled post, never the old one', async () => {
    scheduler = startScheduler(h.ctx);
    const created = await h.call('POST', '/posts', { content: 'old words', mediaItems: [{ uploadId: video.uploadId }], platforms: [target()], scheduledFor: new Date(Date.now() + 300).toISOString() });
    const updated = await h.call('PUT', `/posts/${created.json.post._id}`, { content: 'new words', scheduledFor: new Date(Date.now() + 500).toISOString() });
    expect(updated.status).toBe(200);
    await h.waitFor(created.json.post._id, (p) => p.status === 'published');
    expect(h.published().map((p) => p.title)).toEqual(['new words']);
    const frozen = await h.call('PUT', `/posts/${created.json.post._id}`, { content: 'too late' });
    expect(frozen.json.code).toBe('POST_NOT_EDITABLE');
  });

  it('holds a post for approval until approved, then publishes it at once when its time has passed', async () => {
    scheduler = startScheduler(h.ctx);
    await h.call('PUT', `/profiles/${h.profileId}`, { requiresApproval: true });
    const created = await h.call('POST', '/posts', { content: 'review me', mediaItems: [{ uploadId: video.uploadId }], platforms: [target()], scheduledFor: new Date(Date.now() + 100).toISOString() });
    expect(created.json.post.status).toBe('pending_approval');
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(h.ctx.sandbox!.tiktok.state.posts()).toHaveLength(0);
    expect((await h.call('POST', `/posts/${created.json.post._id}/approve`)).json.post.status).toBe('scheduled');
    await h.waitFor(created.json.post._id, (p) => p.status === 'published');
    const other = await h.call('POST', '/posts', { content: 'no thanks', mediaItems: [{ uploadId: video.uploadId }], platforms: [target(1)], scheduledFor: new Date(Date.now() + 100).toISOString() });
    const rejected = await h.call('POST', `/posts/${other.json.post._id}/reject`, { reason: 'off brand' });
    expect(rejected.json.post).toMatchObject({ status: 'cancelled', approval: { state: 'rejected', note: 'off brand' } });
    expect((await h.call('POST', `/posts/${other.json.post._id}/approve`)).json.code).toBe('POST_NOT_PENDING_APPROVAL');
  });

  it('retries server errors with backoff, then fails with a reason, and /retry publishes once the platform is back', async () => {
    scheduler = startScheduler(h.ctx);
    await h.control('faults', { endpoint: 'creator_info', kind: 'error', status: 500, code: 'internal_error', count: 4 });
    const created = await h.call('POST', '/posts', { content: 'outage', mediaItems: [{ uploadId: video.uploadId }], platforms: [target()], scheduledFor: new Date(Date.now() + 50).toISOString() });
    const failed = await h.waitFor(created.json.post._id, (p) => p.status === 'failed');
    expect(failed.platforms[0]).toMatchObject({ status: 'failed', attempts: 4, errorCode: 'PLATFORM_UNAVAILABLE', errorCategory: 'platform_error' });
    const retried = await h.call('POST', `/posts/${created.json.post._id}/retry`);
    expect(retried.status).toBe(200);
    expect(retried.json.post.status).toBe('published');
    expect(h.published()).toHaveLength(1);
  });

  it('defers a rate-limited target until the reset without spending an attempt', async () => {
    scheduler = startScheduler(h.ctx);
    await h.control('faults', { endpoint: 'video.init', kind: 'error', status: 429, code: 'rate_limit_exceeded' });
    const created = await h.call('POST', '/posts', { content: 'slow down', mediaItems: [{ uploadId: video.uploadId }], platforms: [target()], scheduledFor: new Date(Date.now() + 50).toISOString() });
    const waiting = await h.waitFor(created.json.post._id, (p) => p.platforms[0].errorCode === 'PLATFORM_RATE_LIMITED');
    expect(waiting.platforms[0]).toMatchObject({ status: 'scheduled', attempts: 0 });
    expect(Date.parse(waiting.platforms[0].nextAttemptAt)).toBeGreaterThan(Date.now() + 10_000);
  });

  it('gives concurrent queued posts distinct slots, in order, and frees the slot of a deleted post', async () => {
    const every = [0, 1, 2, 3, 4, 5, 6].flatMap((dayOfWeek) => ['09:00', '18:00'].map((time) => ({ dayOfWeek, time })));
    expect((await h.call('POST', '/queue/slots', { profileId: h.profileId, name: 'Daily', timezone: 'Europe/Madrid', slots: every })).status).toBe(201);
    const queued = await Promise.all(
      Array.from({ length: 6 }, (_, i) =>
        h.call('POST', '/posts', { content: `queued ${i}`, mediaItems: [{ uploadId: video.uploadId }], platforms: [target(i % 2)], queuedFromProfile: h.profileId }),
      ),
    );
    expect(queued.map((r) => r.status)).toEqual([201, 201, 201, 201, 201, 201]);
    const times = queued.map((r) => Date.parse(r.json.post.scheduledFor as string)).sort((a, b) => a - b);
    expect(new Set(times).size).toBe(6);
    for (const at of times) expect(['09:00', '18:00']).toContain(new Date(at).toLocaleTimeString('en-GB', { timeZone: 'Europe/Madrid', hour: '2-digit', minute: '2-digit' }));
    const next = (await h.call('GET', `/queue/next-slot?profileId=${h.profileId}`)).json;
    expect(Date.parse(next.nextSlot as string)).toBeGreaterThan(times[5]!);
    const first = queued.find((r) => Date.parse(r.json.post.scheduledFor as string) === times[0])!;
    await h.call('DELETE', `/posts/${first.json.post._id}`);
    expect(Date.parse((await h.call('GET', `/queue/next-slot?profileId=${h.profileId}`)).json.nextSlot as string)).toBe(times[0]);
  });

  it('fails with ACCOUNT_NEEDS_REAUTH and marks the account when the token is revoked', async () => {
    scheduler = startScheduler(h.ctx);
    await h.control('tokens/revoke', { openId: h.openIds[0] });
    const created = await h.call('POST', '/posts', { content: 'revoked', mediaItems: [{ uploadId: video.uploadId }], platforms: [target()], scheduledFor: new Date(Date.now() + 50).toISOString() });
    const failed = await h.waitFor(created.json.post._id, (p) => p.status === 'failed');
    expect(failed.platforms[0].errorCode).toBe('ACCOUNT_NEEDS_REAUTH');
    const account = await h.ctx.db.selectFrom('accounts').select('status').where('id', '=', h.accounts[0]!).executeTakeFirstOrThrow();
    expect(account.status).toBe('needs_reauth');
  });
});

describeEachDialect('scheduler lifecycle', (dialect) => {
  let h: PostingHarness;
  let video: { uploadId: string };
  beforeEach(async () => {
    h = await createPostingHarness(dialect);
    video = await h.upload();
  });
  afterEach(async () => h.close());

  const body = (content: string, delayMs = 50) => ({
    content,
    mediaItems: [{ uploadId: video.uploadId }],
    platforms: [{ platform: 'tiktok', accountId: h.accounts[0], platformSpecificData: { privacyLevel: 'PUBLIC_TO_EVERYONE' } }],
    scheduledFor: new Date(Date.now() + delayMs).toISOString(),
  });

  it('emits the post events in order', async () => {
    const seen: string[] = [];
    for (const name of ['post:scheduled', 'post:platform_published', 'post:published'] as const) h.ctx.events.on(name, () => seen.push(name));
    const scheduler = startScheduler(h.ctx);
    try {
      const created = await h.call('POST', '/posts', body('events'));
      await h.waitFor(created.json.post._id, (p) => p.status === 'published');
      expect(seen).toEqual(['post:scheduled', 'post:platform_published', 'post:published']);
    } finally {
      await scheduler.stop();
    }
  });

  it('on stop, hands back a target it cannot finish in the grace period; the next worker resumes it by its handle', async () => {
    await h.control('faults', { endpoint: 'upload', kind: 'delay', ms: 1_500 });
    const first = startScheduler(h.ctx, { shutdownGraceMs: 100 });
    const created = await h.call('POST', '/posts', body('interrupted'));
    const postId = created.json.post._id as string;
    await h.waitFor(postId, (p) => p.platforms[0].externalRef !== undefined);
    await first.stop();
    const handedBack = (await h.call('GET', `/posts/${postId}`)).json.post;
    expect(handedBack.platforms[0].status).toBe('publishing');
    const second = startScheduler(h.ctx);
    try {
      await h.waitFor(postId, (p) => p.status === 'published' || p.status === 'failed' || p.status === 'partial');
    } finally {
      await second.stop();
    }
    const outcomes = (await h.call('GET', `/posts/${postId}/attempts`)).json.attempts.map((a: { outcome: string }) => a.outcome);
    expect(outcomes[0]).toBe('interrupted');
    expect(h.ctx.sandbox!.tiktok.state.posts().filter((p) => p.title === 'interrupted' && p.status === 'PUBLISH_COMPLETE')).toHaveLength(1);
  });

  it('a worker whose lease expired cannot overwrite the target another worker took over', async () => {
    const created = await h.call('POST', '/posts', body('taken over', 10_000));
    const postId = created.json.post._id as string;
    const { claimDueTargets } = await import('../../src/store/posts-queries.js');
    const later = Date.now() + 20_000;
    const [mine] = await claimDueTargets(h.ctx.db, h.ctx.store.dialect, { owner: 'worker-a', now: later, leaseMs: 1_000, limit: 1 });
    expect(mine?.post_id).toBe(postId);
    const [theirs] = await claimDueTargets(h.ctx.db, h.ctx.store.dialect, { owner: 'worker-b', now: later + 2_000, leaseMs: 60_000, limit: 1 });
    expect(theirs?.id).toBe(mine?.id);
    const { updateLeasedTarget } = await import('../../src/store/posts-queries.js');
    expect(await updateLeasedTarget(h.ctx.db, mine!.id, 'worker-a', { external_ref: 'stale' })).toBe(false);
    expect(await updateLeasedTarget(h.ctx.db, mine!.id, 'worker-b', { external_ref: 'fresh' })).toBe(true);
  });
});

describeEachDialect('daily caps', (dialect) => {
  let h: PostingHarness;
  beforeEach(async () => {
    h = await createPostingHarness(dialect, { env: { OUTBOX_DAILY_POST_CAPS: 'tiktok=2' } });
  });
  afterEach(async () => h.close());

  it('refuses a post that would put the account over its cap in some 24-hour window, naming the limit', async () => {
    const video = await h.upload();
    const post = (content: string, hoursAhead: number) =>
      h.call('POST', '/posts', {
        content,
        mediaItems: [{ uploadId: video.uploadId }],
        platforms: [{ platform: 'tiktok', accountId: h.accounts[0], platformSpecificData: { privacyLevel: 'PUBLIC_TO_EVERYONE' } }],
        scheduledFor: new Date(Date.now() + hoursAhead * 3_600_000).toISOString(),
      });
    expect((await post('one', 1)).status).toBe(201);
    expect((await post('two', 10)).status).toBe(201);
    const third = await post('three', 20);
    expect(third.status).toBe(400);
    expect(third.json.details.violations[0]).toMatchObject({ code: 'POST_DAILY_CAP_REACHED', field: 'platforms[0].scheduledFor', limit: 2, actual: 3 });
    expect((await post('four', 50)).status).toBe(201);
  });
});
