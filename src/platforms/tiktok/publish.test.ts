import { afterEach, describe, expect, it } from 'vitest';
import { PlatformError } from '../platform-error.js';
import { generatedBytes, generatedSha256, generatedVideo, servedImage, startTikTokTestbed, videoTarget, type TikTokTestbed } from './adapter-test-helpers.js';

let bed: TikTokTestbed;

afterEach(async () => {
  await bed.app.close();
});

async function start(options: Parameters<typeof startTikTokTestbed>[0] = {}): Promise<string> {
  bed = await startTikTokTestbed(options);
  return (await bed.connect()).accessToken;
}

function operations(): string[] {
  return bed.requests.map((entry) => entry.operation ?? '?');
}

async function rejection(promise: Promise<unknown>): Promise<PlatformError> {
  const failure = await promise.then(() => undefined, (error: unknown) => error);
  expect(failure).toBeInstanceOf(PlatformError);
  return failure as PlatformError;
}

describe('video direct post', () => {
  it('polls status with the caller clock until PUBLISH_COMPLETE and the public post id', async () => {
    const token = await start({ emulator: { processingDelayMs: 20_000, moderationDelayMs: 12_000 } });
    const started = bed.clock.now();
    const { context } = bed.context(token);
    const result = await bed.adapter.publish(context, videoTarget(generatedVideo(6_000_000)));
    const post = bed.emulator.state.posts()[0];
    // 20 s processing + 12 s moderation, polled after 0.5, 1, 2 and 4 s, then every 5 s: the 10th call sees the id.
    expect(operations().filter((name) => name === 'status')).toHaveLength(10);
    expect(bed.clock.now() - started).toBe(32_500);
    expect(result).toEqual({
      status: 'published',
      externalRef: post?.publishId,
      platformPostId: post?.postIds[0],
      platformPostUrl: `https://www.tiktok.com/@sandbox.public/video/${post?.postIds[0]}`,
    });
    // The id is above 2^53: read as a string from the raw JSON, every digit kept.
    expect(BigInt(result.status === 'published' ? (result.platformPostId ?? '0') : '0')).toBeGreaterThan(2n ** 53n);
  });

  it('answers processing when the budget runs out, and getStatus later reports the post', async () => {
    const token = await start({ emulator: { processingDelayMs: 600_000 }, adapter: { statusPollBudgetMs: 60_000 } });
    const { context } = bed.context(token);
    const result = await bed.adapter.publish(context, videoTarget(generatedVideo(6_000_000), { privacy_level: 'SELF_ONLY' }));
    expect(result).toMatchObject({ status: 'processing', pollAfterMs: 30_000 });
    bed.clock.advance(600_000);
    const status = await bed.adapter.getStatus(context, result.externalRef);
    expect(status).toEqual({ status: 'published', externalRef: result.externalRef });
  });

  it('refuses a privacy level the creator does not offer, before any init', async () => {
    await start();
    const { accessToken } = await bed.connect({ openId: 'sandbox-open-id-private' });
    const { context } = bed.context(accessToken);
    const failure = await rejection(bed.adapter.publish(context, videoTarget(generatedVideo(6_000_000))));
    expect(failure).toMatchObject({ kind: 'content_rejected', platformCode: 'POST_PRIVACY_LEVEL_NOT_ALLOWED' });
    expect(failure.message).toContain('FOLLOWER_OF_CREATOR');
    expect(bed.emulator.state.posts()).toEqual([]);
    expect(operations()).not.toContain('video.init');
  });

  it('refuses a video longer than the creator may post, before any init', async () => {
    await start();
    const { accessToken } = await bed.connect({ openId: 'sandbox-open-id-private' });
    const { context } = bed.context(accessToken);
    const media = generatedVideo(6_000_000, { probe: { durationMs: 200_000 } });
    const failure = await rejection(bed.adapter.publish(context, videoTarget(media, { privacy_level: 'SELF_ONLY' })));
    expect(failure).toMatchObject({ kind: 'media_rejected', platformCode: 'MEDIA_DURATION_TOO_LONG' });
    expect(bed.emulator.state.posts()).toEqual([]);
  });

  it('keeps interactions the creator disabled off', async () => {
    await start();
    const { accessToken } = await bed.connect({ openId: 'sandbox-open-id-private' });
    const { context } = bed.context(accessToken);
    await bed.adapter.publish(context, videoTarget(generatedVideo(6_000_000), { privacy_level: 'SELF_ONLY', is_aigc: true }));
    expect(bed.emulator.state.posts()[0]?.postInfo).toMatchObject({
      privacy_level: 'SELF_ONLY',
      disable_stitch: true,
      disable_duet: false,
      is_aigc: true,
      title: 'Sandbox video #outbox',
    });
  });

  it('stops at a daily cap that creator_info reports with HTTP 200, before any init', async () => {
    const token = await start();
    bed.emulator.faults.add({ endpoint: 'creator_info', kind: 'error', code: 'spam_risk_too_many_posts' });
    const { context, saved } = bed.context(token);
    const failure = await rejection(bed.adapter.publish(context, videoTarget(generatedVideo(6_000_000))));
    expect(failure).toMatchObject({ kind: 'rate_limited', status: 200, platformCode: 'spam_risk_too_many_posts', retryAfterMs: 86_400_000 });
    expect(saved).toEqual([]);
    expect(bed.emulator.state.posts()).toEqual([]);
  });

  it('reports a connection dropped after init as unknown, saving nothing it never received', async () => {
    const token = await start();
    bed.emulator.faults.add({ endpoint: 'video.init', kind: 'drop_after_commit' });
    const { context, saved } = bed.context(token);
    const failure = await rejection(bed.adapter.publish(context, videoTarget(generatedVideo(6_000_000))));
    expect(failure.kind).toBe('unknown');
    expect(failure.notPublished).toBe(false);
    expect(saved).toEqual([]);
    expect(bed.emulator.state.posts()).toHaveLength(1);
    expect(operations().filter((name) => name === 'video.init')).toHaveLength(1);
  });

  it('reports a 5xx after init as unknown, since TikTok may have acted', async () => {
    const token = await start();
    bed.emulator.faults.add({ endpoint: 'video.init', kind: 'fail_after_commit' });
    const { context } = bed.context(token);
    const failure = await rejection(bed.adapter.publish(context, videoTarget(generatedVideo(6_000_000))));
    expect(failure).toMatchObject({ kind: 'unknown', platformCode: 'internal_error', status: 500 });
  });

  it('pulls a video that has a verified public URL, and pushes it when the URL is not verified', async () => {
    const token = await start();
    const size = 6_000_000;
    const bytes = Buffer.concat([...generatedBytes(0, size - 1)]);
    const publicUrl = bed.mediaUrl('clip.mp4', bytes);
    const { context } = bed.context(token);
    expect((await bed.adapter.publish(context, videoTarget(generatedVideo(size, { publicUrl })))).status).toBe('published');
    const pulled = bed.emulator.state.posts()[0];
    expect(pulled).toMatchObject({ source: 'PULL_FROM_URL', status: 'PUBLISH_COMPLETE' });
    expect(pulled?.media[0]?.sha256).toBe(generatedSha256(size));

    bed.emulator.faults.add({ endpoint: 'video.init', kind: 'error', code: 'url_ownership_unverified' });
    const second = bed.context(token);
    expect((await bed.adapter.publish(second.context, videoTarget(generatedVideo(size, { publicUrl })))).status).toBe('published');
    expect(bed.emulator.state.posts()[1]).toMatchObject({ source: 'FILE_UPLOAD', sha256: generatedSha256(size) });
  });

  it('ends with the fail_reason when TikTok fails the post', async () => {
    const token = await start();
    bed.emulator.faults.add({ endpoint: 'video.init', kind: 'publish_fail', failReason: 'frame_rate_check_failed' });
    const { context, saved } = bed.context(token);
    const failure = await rejection(bed.adapter.publish(context, videoTarget(generatedVideo(6_000_000))));
    expect(failure).toMatchObject({ kind: 'media_rejected', platformCode: 'frame_rate_check_failed', notPublished: true });
    expect(saved).toHaveLength(1);
  });
});

describe('resuming by externalRef', () => {
  it('polls the saved publish and never inits twice', async () => {
    const token = await start({ emulator: { processingDelayMs: 600_000 }, adapter: { statusPollBudgetMs: 10_000 } });
    const target = videoTarget(generatedVideo(6_000_000));
    const first = bed.context(token);
    const result = await bed.adapter.publish(first.context, target);
    expect(result.status).toBe('processing');
    bed.clock.advance(600_000);
    const resumed = bed.context(token, result.externalRef);
    expect((await bed.adapter.publish(resumed.context, target)).status).toBe('published');
    expect(resumed.saved).toEqual([]);
    expect(operations().filter((name) => name.endsWith('.init'))).toEqual(['video.init']);
  });

  it('cancels an upload that stopped part-way, so the target can be sent again', async () => {
    const token = await start();
    let crash = false;
    const media = generatedVideo(25_000_000, {
      onOpen: (start) => {
        if (start > 0 && crash) throw new Error('worker crashed');
      },
    });
    crash = true;
    const first = bed.context(token);
    // The source fails on the second chunk every time: the attempt ends with the publish cancelled.
    const failure = await rejection(bed.adapter.publish(first.context, videoTarget(media)));
    expect(failure).toMatchObject({ kind: 'transient', notPublished: true });
    const posts = bed.emulator.state.posts();
    expect(posts).toHaveLength(1);
    expect(posts[0]?.status).toBe('FAILED');

    // Resuming a publish whose upload is stuck (an attempt that died without cancelling) cancels it too.
    bed.emulator.faults.add({ endpoint: 'cancel', kind: 'drop', count: 10 });
    const stuck = bed.context(token);
    await rejection(bed.adapter.publish(stuck.context, videoTarget(media)));
    bed.emulator.faults.clear();
    const resumed = bed.context(token, stuck.saved[0]);
    const again = await rejection(bed.adapter.publish(resumed.context, videoTarget(media)));
    expect(again).toMatchObject({ kind: 'transient', platformCode: 'upload_incomplete', notPublished: true });
    expect(bed.emulator.state.posts()[1]).toMatchObject({ status: 'FAILED', failReason: 'publish_cancelled' });
  });
});

describe('drafts and photos', () => {
  it('sends a video draft to the inbox without creator_info', async () => {
    const token = await start();
    const { context } = bed.context(token);
    const result = await bed.adapter.publish(context, videoTarget(generatedVideo(6_000_000), { post_mode: 'MEDIA_UPLOAD' }));
    expect(result.status).toBe('inbox');
    expect(operations()).not.toContain('creator_info');
    expect(bed.emulator.state.posts()[0]).toMatchObject({ mode: 'MEDIA_UPLOAD', status: 'SEND_TO_USER_INBOX' });
  });

  it('publishes a photo carousel pulled from public URLs', async () => {
    const token = await start();
    const urls = [bed.mediaUrl('a.jpeg', Buffer.alloc(5000, 1)), bed.mediaUrl('b.jpeg', Buffer.alloc(7000, 2))];
    const { context } = bed.context(token);
    const target = {
      content: 'Two photos, described',
      media: [servedImage(urls[0] as string, 5000), servedImage(urls[1] as string, 7000)],
      platformSettings: { privacy_level: 'PUBLIC_TO_EVERYONE', photo_title: 'Title', photo_cover_index: 1, auto_add_music: true },
    };
    const result = await bed.adapter.publish(context, target);
    expect(result).toMatchObject({ status: 'published', platformPostUrl: expect.stringMatching(/^https:\/\/www\.tiktok\.com\/@sandbox\.public\/video\/\d{19}$/) });
    expect(bed.emulator.state.posts()[0]).toMatchObject({
      mediaType: 'PHOTO',
      title: 'Title',
      description: 'Two photos, described',
      postInfo: { auto_add_music: true, privacy_level: 'PUBLIC_TO_EVERYONE' },
    });
  });

  it('sends a photo draft to the inbox', async () => {
    const token = await start();
    const url = bed.mediaUrl('a.jpeg', Buffer.alloc(5000, 1));
    const { context } = bed.context(token);
    const target = { content: 'draft', media: [servedImage(url, 5000)], platformSettings: { post_mode: 'MEDIA_UPLOAD' } };
    expect((await bed.adapter.publish(context, target)).status).toBe('inbox');
  });
});
